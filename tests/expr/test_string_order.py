"""Strings order by UTF-16 code unit (Java's String.compareTo), as on AWS, not by code point."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl
from flowdsl.expr.ordering import utf16_key

# U+1F600 is the surrogate pair D83D DE00, so on AWS it sorts before U+FF01 (0xFF01 > 0xD83D).
EMOJI, FULLWIDTH = "\U0001f600", "\uff01"


def choose(operator: str, value: str, operand: str) -> str:
    rule = {"Variable": "$.a", operator: operand, "Next": "Yes"}
    data = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [rule], "Default": "No"},
            "Yes": {"Type": "Pass", "Result": "yes", "End": True},
            "No": {"Type": "Pass", "Result": "no", "End": True},
        },
    }
    return str(flowdsl.run(data, {"a": value, "b": operand}).output)


@pytest.mark.parametrize(
    ("operator", "value", "operand", "expected"),
    [
        ("StringLessThan", EMOJI, FULLWIDTH, "yes"),
        ("StringGreaterThan", FULLWIDTH, EMOJI, "yes"),
        ("StringLessThanEquals", FULLWIDTH, EMOJI, "no"),
        ("StringGreaterThanEquals", EMOJI, FULLWIDTH, "no"),
        ("StringLessThan", "a", "b", "yes"),
        ("StringEquals", EMOJI, EMOJI, "yes"),
    ],
)
def test_choice_string_comparisons_use_utf16_order(
    operator: str, value: str, operand: str, expected: str
) -> None:
    assert choose(operator, value, operand) == expected


def test_the_path_form_uses_the_same_order() -> None:
    rule = {"Variable": "$.a", "StringLessThanPath": "$.b", "Next": "Yes"}
    data = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [rule], "Default": "No"},
            "Yes": {"Type": "Succeed"},
            "No": {"Type": "Fail"},
        },
    }
    assert flowdsl.run(data, {"a": EMOJI, "b": FULLWIDTH}).status == "SUCCEEDED"


def jsonata(expression: str, payload: Any = None) -> Any:
    data = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Output": expression, "End": True}},
    }
    execution = flowdsl.run(data, payload)
    assert execution.status == "SUCCEEDED", execution.cause
    return execution.output


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (f"{{% '{EMOJI}' < '{FULLWIDTH}' %}}", True),
        (f"{{% '{EMOJI}' >= '{FULLWIDTH}' %}}", False),
        ("{% 'b' > 'a' %}", True),
        ("{% 1 < 2 %}", True),
        (f"{{% $sort(['{FULLWIDTH}', '{EMOJI}', 'a']) %}}", ["a", EMOJI, FULLWIDTH]),
        ("{% $sort([3, 1, 2]) %}", [1, 2, 3]),
        # With a function, the function decides (it swaps when it returns true).
        (f"{{% $sort(['{EMOJI}', '{FULLWIDTH}'], function($l, $r) {{ $l < $r }}) %}}", [FULLWIDTH, EMOJI]),
    ],
)
def test_jsonata_orders_strings_by_utf16(expression: str, expected: Any) -> None:
    assert jsonata(expression) == expected


def test_the_key_agrees_with_python_below_the_supplementary_planes() -> None:
    words = ["b", "a", "é", "\uffff", "\u0100", ""]
    assert sorted(words, key=utf16_key) == sorted(words)
