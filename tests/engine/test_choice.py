"""Choice rules: every operator family, type mismatches, paths, combinators (ASL spec "Choice Rules")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.helpers import run


def choose(rule: dict[str, Any], payload: Any) -> str:
    """'yes' when the rule matches, 'no' when the Default is taken."""
    machine = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{**rule, "Next": "yes"}], "Default": "no"},
            "yes": {"Type": "Pass", "Result": "yes", "End": True},
            "no": {"Type": "Pass", "Result": "no", "End": True},
        },
    }
    execution = run(machine, payload)
    assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
    return str(execution.output)


CASES = [
    ("string-equals", {"Variable": "$.v", "StringEquals": "a"}, {"v": "a"}, "yes"),
    ("string-equals-number", {"Variable": "$.v", "StringEquals": "1"}, {"v": 1}, "no"),
    ("string-less-than", {"Variable": "$.v", "StringLessThan": "b"}, {"v": "a"}, "yes"),
    ("string-greater-equals", {"Variable": "$.v", "StringGreaterThanEquals": "b"}, {"v": "b"}, "yes"),
    ("numeric-equals-float", {"Variable": "$.v", "NumericEquals": 1}, {"v": 1.0}, "yes"),
    ("numeric-bool-is-not-number", {"Variable": "$.v", "NumericEquals": 1}, {"v": True}, "no"),
    ("numeric-less-than", {"Variable": "$.v", "NumericLessThan": 0}, {"v": -1}, "yes"),
    ("numeric-greater-than", {"Variable": "$.v", "NumericGreaterThan": 0}, {"v": 0}, "no"),
    ("boolean-equals", {"Variable": "$.v", "BooleanEquals": False}, {"v": False}, "yes"),
    ("boolean-equals-string", {"Variable": "$.v", "BooleanEquals": True}, {"v": "true"}, "no"),
    (
        "timestamp-offsets",
        {"Variable": "$.v", "TimestampEquals": "2024-01-01T01:00:00+01:00"},
        {"v": "2024-01-01T00:00:00Z"},
        "yes",
    ),
    (
        "timestamp-fraction",
        {"Variable": "$.v", "TimestampLessThan": "2024-01-01T00:00:00.5Z"},
        {"v": "2024-01-01T00:00:00.123456789Z"},
        "yes",
    ),
    (
        "timestamp-lowercase-t",
        {"Variable": "$.v", "TimestampEquals": "2024-01-01T00:00:00Z"},
        {"v": "2024-01-01t00:00:00Z"},
        "no",
    ),
    ("string-equals-path", {"Variable": "$.a", "StringEqualsPath": "$.b"}, {"a": "x", "b": "x"}, "yes"),
    (
        "numeric-path-type-mismatch",
        {"Variable": "$.a", "NumericLessThanPath": "$.b"},
        {"a": 1, "b": "2"},
        "no",
    ),
    (
        "timestamp-greater-path",
        {"Variable": "$.a", "TimestampGreaterThanPath": "$.b"},
        {"a": "2024-01-02T00:00:00Z", "b": "2024-01-01T00:00:00Z"},
        "yes",
    ),
    ("matches-star", {"Variable": "$.v", "StringMatches": "log-*.txt"}, {"v": "log-2024.txt"}, "yes"),
    ("matches-escaped-star", {"Variable": "$.v", "StringMatches": "a\\*b"}, {"v": "a*b"}, "yes"),
    ("matches-escaped-star-literal", {"Variable": "$.v", "StringMatches": "a\\*b"}, {"v": "axxb"}, "no"),
    ("matches-dot-is-literal", {"Variable": "$.v", "StringMatches": "a.c"}, {"v": "abc"}, "no"),
    ("is-null", {"Variable": "$.v", "IsNull": True}, {"v": None}, "yes"),
    ("is-present-missing", {"Variable": "$.v", "IsPresent": False}, {}, "yes"),
    ("is-present-there", {"Variable": "$.v", "IsPresent": True}, {"v": None}, "yes"),
    ("is-numeric-bool", {"Variable": "$.v", "IsNumeric": True}, {"v": False}, "no"),
    ("is-string", {"Variable": "$.v", "IsString": True}, {"v": ""}, "yes"),
    ("is-boolean", {"Variable": "$.v", "IsBoolean": False}, {"v": 0}, "yes"),
    ("is-timestamp", {"Variable": "$.v", "IsTimestamp": True}, {"v": "2024-02-30T00:00:00Z"}, "no"),
    (
        "and",
        {"And": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.b", "NumericEquals": 2}]},
        {"a": 1, "b": 2},
        "yes",
    ),
    (
        "or",
        {"Or": [{"Variable": "$.a", "NumericEquals": 0}, {"Variable": "$.b", "NumericEquals": 2}]},
        {"a": 1, "b": 2},
        "yes",
    ),
    ("not", {"Not": {"Variable": "$.a", "StringEquals": "x"}}, {"a": "y"}, "yes"),
    ("variable-reference", {"Variable": "$$.State.Name", "StringEquals": "C"}, {}, "yes"),
]


@pytest.mark.parametrize(("rule", "payload", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(rule: dict[str, Any], payload: Any, expected: str) -> None:
    assert choose(rule, payload) == expected


def test_missing_variable_is_a_runtime_error() -> None:
    machine = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.nope", "StringEquals": "a", "Next": "D"}]},
            "D": {"Type": "Succeed"},
        },
    }
    execution = run(machine, {})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert "'C'" in (execution.cause or "")


def test_no_match_without_default_fails_with_no_choice_matched() -> None:
    machine = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "NumericEquals": 1, "Next": "D"}]},
            "D": {"Type": "Succeed"},
        },
    }
    execution = run(machine, {"v": 2})
    assert (execution.status, execution.error) == ("FAILED", "States.NoChoiceMatched")
    assert execution.visited == {"C": "failed"}


def test_first_matching_rule_wins_and_output_path_applies() -> None:
    machine = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "InputPath": "$.in",
                "OutputPath": "$.keep",
                "Choices": [
                    {"Variable": "$.v", "NumericGreaterThan": 0, "Next": "first"},
                    {"Variable": "$.v", "NumericGreaterThan": 1, "Next": "second"},
                ],
            },
            "first": {"Type": "Succeed"},
            "second": {"Type": "Fail"},
        },
    }
    execution = run(machine, {"in": {"v": 5, "keep": {"k": 1}}})
    assert (execution.status, execution.output) == ("SUCCEEDED", {"k": 1})


@pytest.mark.parametrize(
    ("condition", "expected"),
    [("{% $states.input.n > 1 %}", "yes"), ("{% $states.input.n > 9 %}", "no"), (True, "yes")],
    ids=["expression-true", "expression-false", "literal-true"],
)
def test_jsonata_condition(condition: Any, expected: str) -> None:
    machine = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Condition": condition, "Next": "yes"}], "Default": "no"},
            "yes": {"Type": "Pass", "Output": "yes", "End": True},
            "no": {"Type": "Pass", "Output": "no", "End": True},
        },
    }
    assert run(machine, {"n": 2}).output == expected


def test_jsonata_condition_must_be_boolean() -> None:
    machine = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "D"}]},
            "D": {"Type": "Succeed"},
        },
    }
    execution = run(machine, {"n": 2})
    assert (execution.status, execution.error) == ("FAILED", "States.QueryEvaluationError")


@pytest.mark.parametrize(
    ("value", "status"),
    [(42, "CORRECT"), (0, "INCORRECT"), (None, "UNKNOWN")],
    ids=["rule-assign", "default-takes-state-assign", "first-rule"],
)
def test_rule_assign_replaces_state_assign(value: Any, status: str) -> None:
    machine = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.v", "IsPresent": False, "Assign": {"status": "UNKNOWN"}, "Next": "F"},
                    {"Variable": "$.v", "NumericEquals": 42, "Assign": {"status": "CORRECT"}, "Next": "F"},
                ],
                "Assign": {"status": "INCORRECT"},
                "Default": "F",
            },
            "F": {"Type": "Pass", "Parameters": {"status.$": "$status"}, "End": True},
        },
    }
    assert run(machine, {} if value is None else {"v": value}).output == {"status": status}


@pytest.mark.parametrize(
    ("flag", "expected"), [(True, "rule output"), (False, "default output")], ids=["rule", "default"]
)
def test_jsonata_rule_output_and_default_output(flag: bool, expected: str) -> None:
    machine = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% $states.input.flag %}", "Next": "D", "Output": "rule output"}],
                "Default": "D",
                "Output": "default output",
            },
            "D": {"Type": "Succeed"},
        },
    }
    assert run(machine, {"flag": flag}).output == expected
