"""`flowdsl.run` validates and plans a definition once per content, and never reuses a stale one."""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from typing import Any

import pytest

import flowdsl
from flowdsl import run_cache
from flowdsl.checks import check_document
from flowdsl.diagnostics import Diagnostic, FlowdslError
from flowdsl.engine.plan import plan
from flowdsl.model import parse_machine

PASS: dict[str, Any] = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"n": 1}, "End": True}}}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    run_cache.clear()


def test_an_equal_document_reuses_the_model_and_its_plan() -> None:
    first = run_cache.parse_document(copy.deepcopy(PASS))
    assert run_cache.parse_document(copy.deepcopy(PASS)) is first
    assert run_cache.validated(first) == (first, [])
    machine, problems = run_cache.validated(parse_machine(PASS))
    assert machine is first
    assert problems == []
    assert plan(machine) is plan(first)


def test_a_changed_document_runs_as_changed() -> None:
    document = copy.deepcopy(PASS)
    assert flowdsl.run(document).output == {"n": 1}
    document["States"]["P"]["Result"]["n"] = 2
    assert flowdsl.run(document).output == {"n": 2}
    document["States"]["P"]["Result"] = [1]
    assert flowdsl.run(document).output == [1]


def test_the_cached_model_is_not_the_callers_dict() -> None:
    document = copy.deepcopy(PASS)
    machine = run_cache.parse_document(document)
    document["States"]["P"]["Result"]["n"] = 3
    assert machine.states["P"].result == {"n": 1}  # type: ignore[union-attr]


def test_values_json_would_change_are_not_shared_with_their_json_twin() -> None:
    assert flowdsl.run(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": [1, 2], "End": True}}}
    ).output == [1, 2]
    twin = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": (1, 2), "End": True}}}
    assert flowdsl.run(twin).output == (1, 2)


def test_a_value_changed_to_an_equal_one_of_another_type_runs_as_changed() -> None:
    document = copy.deepcopy(PASS)
    assert flowdsl.run(document).output == {"n": 1}
    document["States"]["P"]["Result"]["n"] = True  # == 1, but another value in ASL
    output = flowdsl.run(document).output
    assert output == {"n": True} and output["n"] is True
    document["States"]["P"]["Result"]["n"] = 1.0
    assert type(flowdsl.run(document).output["n"]) is float


def test_a_document_of_other_mapping_types_is_shared_by_its_json_text() -> None:
    def ordered() -> OrderedDict[str, Any]:
        return OrderedDict(copy.deepcopy(PASS))

    first = run_cache.parse_document(ordered())
    assert run_cache.parse_document(ordered()) is first
    changed = ordered()
    changed["States"]["P"]["Result"]["n"] = True
    assert run_cache.parse_document(changed).states["P"].result == {"n": True}  # type: ignore[union-attr]


def test_an_invalid_definition_is_refused_every_time() -> None:
    broken = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "Nowhere"}}}
    for _ in range(2):
        with pytest.raises(FlowdslError) as raised:
            flowdsl.run(broken)
        assert [d.code for d in raised.value.diagnostics] == ["unknown-target"]


def test_a_workflow_changed_between_runs_runs_as_changed() -> None:
    first = flowdsl.Pass("First", result={"step": 1})
    workflow = flowdsl.Workflow("grow", first)
    assert flowdsl.run(workflow).output == {"step": 1}
    first.attach(flowdsl.Pass("Second", result={"step": 2}))
    assert flowdsl.run(workflow).output == {"step": 2}


def test_the_table_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_cache, "MAX_ENTRIES", 3)
    for n in range(6):
        flowdsl.run({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": n, "End": True}}})
    assert len(run_cache._EXACT._items) == len(run_cache._VALID._items) == 3
    assert (
        flowdsl.run({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 0, "End": True}}}).output == 0
    )


def test_what_is_derived_from_a_model_is_computed_once_per_model_object() -> None:
    calls: list[object] = []

    def compute(machine: object) -> int:
        calls.append(machine)
        return len(calls)

    first, twin = parse_machine(PASS), parse_machine(PASS)
    assert run_cache.derived(first, "n", compute) == run_cache.derived(first, "n", compute) == 1
    assert run_cache.derived(twin, "n", compute) == 2
    assert calls == [first, twin]


def _counting_compiles(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Patch the compiler so each compile of a Workflow is recorded."""
    import flowdsl.compiler  # noqa: PLC0415

    compiled: list[object] = []
    real = flowdsl.compiler.compile_workflow

    def counting(workflow: Any, **options: Any) -> Any:
        compiled.append(workflow)
        return real(workflow, **options)

    monkeypatch.setattr(flowdsl.compiler, "compile_workflow", counting)
    return compiled


def _pass_workflow(result: Any) -> flowdsl.Workflow:
    return flowdsl.Workflow("built", flowdsl.Pass("P", result=result))


def test_the_same_or_an_equal_workflow_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _counting_compiles(monkeypatch)
    workflow = _pass_workflow({"n": 1})
    assert [flowdsl.run(workflow).output for _ in range(3)] == [{"n": 1}] * 3
    assert flowdsl.run(_pass_workflow({"n": 1})).output == {"n": 1}  # built again, at the same line
    assert compiled == [workflow]


def test_a_workflow_changed_in_place_compiles_again(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _counting_compiles(monkeypatch)
    state = flowdsl.Pass("P", result={"n": 1})
    workflow = flowdsl.Workflow("changing", state)
    assert flowdsl.run(workflow).output == {"n": 1}
    state.fields.data["Result"]["n"] = 2  # a value inside an option, changed in place
    assert flowdsl.run(workflow).output == {"n": 2}
    workflow.timeout_seconds = 10
    assert flowdsl.run(workflow).output == {"n": 2}
    assert len(compiled) == 3


def test_a_rebound_handler_is_called(monkeypatch: pytest.MonkeyPatch) -> None:
    task = flowdsl.Task("T", handler=lambda event, context: "first", function_name="F")
    workflow = flowdsl.Workflow("rebound", task)
    assert flowdsl.run(workflow).output == "first"
    task.handler = lambda event, context: "second"
    assert flowdsl.run(workflow).output == "second"


def test_a_rule_added_to_a_choice_is_taken() -> None:
    low, high = flowdsl.Pass("Low", result="low"), flowdsl.Pass("High", result="high")
    choice = flowdsl.Choice("Pick").when(flowdsl.S.n < 5, low)
    workflow = flowdsl.Workflow("rules", choice.otherwise(low))
    assert flowdsl.run(workflow, {"n": 7}).output == "low"
    choice.when(flowdsl.S.n > 5, high)
    assert flowdsl.run(workflow, {"n": 7}).output == "high"


def test_an_invalid_workflow_is_refused_every_time() -> None:
    workflow = flowdsl.Workflow("bad", flowdsl.Wait("W", seconds=-1))
    for _ in range(2):
        with pytest.raises(FlowdslError):
            flowdsl.run(workflow)


def test_a_handler_is_adapted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from flowdsl.typeflow import lambda_adapter  # noqa: PLC0415

    adapted: list[object] = []
    real = lambda_adapter.adapt

    def counting(handler: Any) -> Any:
        adapted.append(handler)
        return real(handler)

    monkeypatch.setattr(lambda_adapter, "adapt", counting)

    def handler(event: Any, context: Any) -> Any:
        return {"seen": event}

    workflow = flowdsl.Workflow("adapted", flowdsl.Task("T", handler=handler, function_name="F"))
    assert [flowdsl.run(workflow, n).output for n in (1, 2)] == [{"seen": 1}, {"seen": 2}]
    assert adapted == [handler]


def test_a_definition_text_is_checked_once_and_its_model_shared() -> None:
    text = json.dumps(PASS)
    seen: list[str] = []

    def check(definition: str) -> list[Diagnostic]:
        seen.append(definition)
        return check_document(json.loads(definition))

    first, problems = run_cache.checked_text(text, check)
    assert problems == [] and first is not None
    assert run_cache.checked_text(text, check) == (first, [])
    assert seen == [text]


def test_a_definition_text_with_errors_is_checked_every_time() -> None:
    text = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "Nowhere"}}})
    for _ in range(2):
        machine, problems = run_cache.checked_text(text, lambda t: check_document(json.loads(t)))
        assert machine is None
        assert [d.code for d in problems] == ["unknown-target"]
