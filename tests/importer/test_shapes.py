"""How particular shapes are written: names, loops, joins, payload paths, conditions."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.diagnostics import FlowdslError
from flowdsl.importer import import_asl
from flowdsl.importer.module import variable_name


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("Open Case", "open_case"),
        ("checkInventory", "check_inventory"),
        ("map", "map_state"),
        ("class", "class_state"),
        ("Workflow", "workflow_state"),
        ("123 go", "state_123_go"),
        ("Ünïcödé ✓", "unicode"),
        ("!!!", "state"),
        ("l", "l_state"),
    ],
)
def test_variable_names(state: str, expected: str) -> None:
    assert variable_name(state, set()) == expected


def test_variable_names_are_unique() -> None:
    taken: set[str] = set()
    assert [variable_name(name, taken) for name in ("A-B", "A B", "a_b")] == ["a_b", "a_b_2", "a_b_3"]


def _machine(states: dict[str, Any], start: str = "A") -> dict[str, Any]:
    return {"StartAt": start, "States": states}


def test_choice_that_loops_to_itself_gets_its_rules_after_its_definition() -> None:
    text = import_asl(
        _machine(
            {
                "A": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Inc"}],
                      "Default": "Done"},
                "Inc": {"Type": "Pass", "Next": "A"},
                "Done": {"Type": "Succeed"},
            }
        )
    )  # fmt: skip
    assert 'a = Choice("A")\n' in text
    assert "a.when(S.n < 3, inc >> a)\na.otherwise(done)\n" in text


def test_polling_loop_refers_back_to_the_wait() -> None:
    text = import_asl(
        _machine(
            {
                "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
                "Poll": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:headObject",
                         "Next": "Ready?"},
                "Ready?": {"Type": "Choice", "Default": "Wait",
                           "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}]},
                "Done": {"Type": "Succeed"},
            },
            "Wait",
        )
    )  # fmt: skip
    assert ".when(S.ok == True, done).otherwise(wait)" in text
    assert "# noqa: E712" in text
    assert 'Workflow("StateMachine", wait >> poll >> ready)' in text


def test_payload_paths_odd_keys_and_intrinsics() -> None:
    text = import_asl(
        _machine(
            {
                "A": {
                    "Type": "Pass",
                    "Parameters": {
                        "a b.$": "$['x y']",
                        "id.$": "$$.Execution.Id",
                        "v.$": "$counter.total",
                        "msg.$": "States.Format('{}', $.name)",
                        "all.$": "$.items[*].id",
                    },
                    "End": True,
                }
            }
        )
    )
    assert '"a b": S["x y"]' in text
    assert '"id": CONTEXT.Execution.Id' in text
    assert '"v": var("counter").total' in text
    assert '"msg.$": "States.Format(\'{}\', $.name)"' in text
    assert '"all.$": "$.items[*].id"' in text


def test_conditions_read_as_python() -> None:
    rule = {
        "And": [
            {"Not": {"Variable": "$.status", "StringEquals": "DONE"}},
            {
                "Or": [
                    {"Variable": "$.a", "IsPresent": False},
                    {"Variable": "$.t", "TimestampLessThanPath": "$.u"},
                ]
            },
            {"Variable": "$.f", "StringMatches": "*.csv"},
        ],
        "Next": "B",
    }
    text = import_asl(_machine({"A": {"Type": "Choice", "Choices": [rule]}, "B": {"Type": "Succeed"}}))
    expected = (
        '(S.status != "DONE") & (is_present(S.a, False) | (S.t < timestamp(S.u))) & matches(S.f, "*.csv")'
    )
    assert expected in " ".join(text.split())


def test_unsupported_field_is_named() -> None:
    with pytest.raises(FlowdslError) as caught:
        import_asl(_machine({"A": {"Type": "Pass", "End": False, "Next": "B"}, "B": {"Type": "Succeed"}}))
    assert caught.value.diagnostics[0].location == "/States/A/End"


def test_jsonata_conditions_the_dsl_writes_read_as_python() -> None:
    rules = [
        {"Condition": "{% $states.input.a = 1 and $states.input.b != 'x' %}", "Next": "D"},
        {"Condition": "{% $states.input.s = 'a and b' %}", "Next": "D"},
        {"Condition": "{% $count($states.input.items) > 0 %}", "Next": "D"},
    ]
    machine = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {"C": {"Type": "Choice", "Choices": rules}, "D": {"Type": "Succeed"}},
    }
    text = import_asl(machine)
    assert '.when((S.a == 1) & (S.b != "x"), d)' in text
    assert '.when(S.s == "a and b", d)' in text
    assert '.when(expr("$count($states.input.items) > 0"), d)' in text


def test_jsonata_condition_in_a_jsonpath_choice_stays_a_string() -> None:
    rule = {"Condition": "{% $states.input.a = 1 %}", "Next": "D"}
    machine = {
        "StartAt": "C",
        "States": {"C": {"Type": "Choice", "Choices": [rule]}, "D": {"Type": "Succeed"}},
    }
    assert '.when(expr("$states.input.a = 1"), d)' in import_asl(machine).replace("\n", "")
