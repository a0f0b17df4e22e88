"""The compiled plan: built once per machine and dropped with it."""

from __future__ import annotations

import gc
from typing import Any

from flowdsl.engine import execute
from flowdsl.engine.plan import _PLANS, plan
from flowdsl.model import parse_machine

DEFINITION = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def test_plan_is_compiled_once_per_machine() -> None:
    machine = parse_machine(DEFINITION)
    assert plan(machine) is plan(machine)
    assert plan(parse_machine(DEFINITION)) is not plan(machine)


def test_plan_is_dropped_with_its_machine() -> None:
    machine = parse_machine(DEFINITION)
    key = id(machine)
    execute(machine, {})
    assert key in _PLANS
    del machine
    gc.collect()
    assert key not in _PLANS


def test_reruns_share_the_plan_but_not_state() -> None:
    machine = parse_machine(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"seen.$": "$.n"}, "End": True}}}
    )
    first, second = execute(machine, {"n": 1}), execute(machine, {"n": 2})
    assert (first.output, second.output) == ({"n": 1}, {"n": 2})
    assert len(first.history) == len(second.history) == 4


def _uses_context(state: dict[str, Any], top: dict[str, Any] | None = None) -> bool:
    machine = parse_machine({"StartAt": "S", "States": {"S": state}, **(top or {})})
    return plan(machine).steps["S"].uses_context


def test_context_use_is_found_in_keys_values_and_nested_fields() -> None:
    assert not _uses_context({"Type": "Pass", "Parameters": {"a.$": "$.x"}, "End": True})
    assert _uses_context({"Type": "Pass", "Parameters": {"a.$": "$$.State.Name"}, "End": True})
    assert _uses_context({"Type": "Pass", "Parameters": {"$$": 1}, "End": True})
    catch = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$$.x", "Next": "S"}]
    assert _uses_context(
        {"Type": "Task", "Resource": "arn:aws:lambda:::function:F", "Catch": catch, "End": True}
    )
    jsonata = {"QueryLanguage": "JSONata"}
    assert _uses_context({"Type": "Pass", "Output": "{% $states.context %}", "End": True}, jsonata)
    assert not _uses_context({"Type": "Pass", "Output": "{% $$ %}", "End": True}, jsonata)


def test_context_use_inside_a_branch_is_the_branch_states_own() -> None:
    branch = {
        "StartAt": "B",
        "States": {"B": {"Type": "Pass", "Parameters": {"a.$": "$$.State.Name"}, "End": True}},
    }
    assert not _uses_context({"Type": "Parallel", "Branches": [branch], "End": True})


def test_a_caller_changing_an_output_does_not_change_the_next_run() -> None:
    machine = parse_machine(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"items": [1]}, "End": True}}}
    )
    execute(machine, {}).output["items"].append(2)
    assert execute(machine, {}).output == {"items": [1]}


def test_a_constant_jsonata_output_is_not_the_definitions_object() -> None:
    machine = parse_machine(
        {
            "StartAt": "J",
            "QueryLanguage": "JSONata",
            "States": {"J": {"Type": "Pass", "Output": {"q": [1]}, "End": True}},
        }
    )
    execute(machine, {}).output["q"].append(2)
    assert execute(machine, {}).output == {"q": [1]}
