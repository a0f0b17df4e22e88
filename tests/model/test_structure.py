"""Structure errors: one diagnostic per problem, located by JSON Pointer.

A field that accepts several types fails once per alternative inside pydantic; the user
sees one line naming every type the field accepts.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from flowdsl.model import parse_machine, structure_diagnostics


def machine(state: dict[str, Any], name: str = "T") -> dict[str, Any]:
    return {"StartAt": name, "States": {name: state}}


def task(**fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": True, **fields}


def found(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        parse_machine(data)
    return [(d.code, d.location, d.message) for d in structure_diagnostics(caught.value)]


CASES: dict[str, tuple[dict[str, Any], list[tuple[str, str, str]]]] = {
    "string or object": (
        machine({"Type": "Task", "Resource": 42, "End": True}),
        [("invalid-type", "/States/T/Resource", "'Resource' must be a string or an object")],
    ),
    "integer or string": (
        machine(task(TimeoutSeconds=[30])),
        [("invalid-type", "/States/T/TimeoutSeconds", "'TimeoutSeconds' must be an integer or a string")],
    ),
    "a fraction for an integer": (
        machine({"Type": "Wait", "Seconds": 1.5, "End": True}),
        [("invalid-type", "/States/T/Seconds", "'Seconds' must be an integer or a string")],
    ),
    "int or float is a number": (
        machine({"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "T"}]}),
        [("invalid-type", "/States/T/Choices/0/NumericEquals", "'NumericEquals' must be a number")],
    ),
    "string or boolean": (
        machine({"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Condition": 1, "Next": "T"}]}),
        [("invalid-type", "/States/T/Choices/0/Condition", "'Condition' must be a string or a boolean")],
    ),
    "two union fields, in order": (
        machine(task(TimeoutSeconds=None, HeartbeatSeconds=[1], TimeoutSecondsPath=1)),
        [
            (
                "invalid-type",
                "/States/T/TimeoutSecondsPath",
                "'TimeoutSecondsPath': input should be a valid string",
            ),
            (
                "invalid-type",
                "/States/T/HeartbeatSeconds",
                "'HeartbeatSeconds' must be an integer or a string",
            ),
        ],
    ),
    "a state named like a type": (
        machine({"Type": "Task", "Resource": 42, "End": True}, name="str"),
        [("invalid-type", "/States/str/Resource", "'Resource' must be a string or an object")],
    ),
    "one type keeps pydantic's wording": (
        machine({"Type": "Pass", "ResultPath": 5, "End": True}),
        [("invalid-type", "/States/T/ResultPath", "'ResultPath': input should be a valid string")],
    ),
}


@pytest.mark.parametrize(("data", "expected"), CASES.values(), ids=CASES.keys())
def test_one_diagnostic_per_problem(data: dict[str, Any], expected: list[tuple[str, str, str]]) -> None:
    assert found(data) == expected


def test_states_nested_past_the_parsers_depth_are_one_nesting_too_deep_error() -> None:
    body: dict[str, object] = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}
    for level in range(400):
        name = f"P{level}"
        body = {"StartAt": name, "States": {name: {"Type": "Parallel", "Branches": [body], "End": True}}}
    with pytest.raises(ValidationError) as caught:
        parse_machine(body)
    assert [d.code for d in structure_diagnostics(caught.value)] == ["nesting-too-deep"]
