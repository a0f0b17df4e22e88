"""Intrinsic calls as AWS limits them: nesting depth, and what a Fail ErrorPath/CausePath may call."""

from __future__ import annotations

import pytest

from flowdsl.checks import check_document

# AWS's own example of nine nested intrinsic functions (Intrinsic functions for JSONPath states).
AWS_EXAMPLE = (
    "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
    "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit("
    "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))"
)


def nested(depth: int) -> str:
    call = "$.x"
    for _ in range(depth):
        call = f"States.Array({call})"
    return call


def codes(expression: str) -> list[str]:
    doc = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": expression}, "End": True}}}
    return [d.code for d in check_document(doc)]


@pytest.mark.parametrize("expression", [nested(1), nested(10), AWS_EXAMPLE])
def test_up_to_ten_nested_calls_are_accepted(expression: str) -> None:
    assert codes(expression) == []


@pytest.mark.parametrize("depth", [11, 40])
def test_more_than_ten_nested_calls_are_refused(depth: int) -> None:
    assert codes(nested(depth)) == ["intrinsics-nested-too-deep"]


def fail_codes(field: str, expression: str) -> list[str]:
    doc = {"StartAt": "F", "States": {"F": {"Type": "Fail", field: expression}}}
    return [d.code for d in check_document(doc)]


@pytest.mark.parametrize(
    "expression",
    [
        "States.ArrayLength($.a)",
        "States.MathAdd($.n, 1)",
        "States.Array($.a)",
        "States.ArrayContains($.a, 1)",
    ],
)
@pytest.mark.parametrize("field", ["ErrorPath", "CausePath"])
def test_a_fail_path_calling_a_non_string_intrinsic_is_refused(field: str, expression: str) -> None:
    assert fail_codes(field, expression) == ["fail-path-not-string"]


@pytest.mark.parametrize(
    "expression",
    ["States.Format('{}', $.a)", "States.JsonToString($)", "States.ArrayGetItem($.a, 0)", "States.UUID()"],
)
def test_a_fail_path_calling_an_intrinsic_that_may_give_a_string_is_accepted(expression: str) -> None:
    assert fail_codes("CausePath", expression) == []
