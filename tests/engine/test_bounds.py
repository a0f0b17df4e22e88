"""Hostile definitions and inputs finish in milliseconds with a clean result, never gigabytes.

StringMatches is matched in linear time; States.ArrayRange, $range and $pad refuse before
allocating past AWS's limits (1,000 items; a 256 KiB payload).
"""

from __future__ import annotations

import random
import re

import pytest

from flowdsl.engine.choice import _matches, _wildcard
from tests.engine.helpers import run, single


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """The reference meaning of a StringMatches pattern, as a regex (slow, but obviously right)."""
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "*" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL)


def _choice(pattern: str) -> dict[str, object]:
    rule = {"Variable": "$.v", "StringMatches": pattern, "Next": "Yes"}
    return {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [rule], "Default": "No"},
            "Yes": {"Type": "Pass", "Result": "yes", "End": True},
            "No": {"Type": "Pass", "Result": "no", "End": True},
        },
    }


@pytest.mark.parametrize(
    ("pattern", "value"),
    [
        ("logs/*/*/*.json", "logs/" + "/" * 8000),
        ("*a*a*a*a*a*a*a*a*a*a*a*a*b", "a" * 40),
        ("*" * 13 + "x", "y" * 100_000),
    ],
    ids=["three-stars-8000-slashes", "thirteen-stars", "many-stars-long-value"],
)
def test_pathological_globs_are_decided_at_once(pattern: str, value: str) -> None:
    assert run(_choice(pattern), {"v": value}).output == "no"


def test_the_linear_matcher_agrees_with_the_regex_meaning() -> None:
    chooser = random.Random(11)
    alphabet = ["a", "b", "*", "\\*", "\\\\", "\\"]
    for _ in range(3000):
        pattern = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 7)))
        value = "".join(chooser.choice("ab*\\") for _ in range(chooser.randint(0, 8)))
        expected = _glob_regex(pattern).fullmatch(value) is not None
        assert _matches(_wildcard(pattern), value) == expected, (pattern, value)


def _pass(parameters: dict[str, object], language: str = "JSONPath") -> dict[str, object]:
    return single({"Type": "Pass", "Parameters": parameters}, QueryLanguage=language)


def test_array_range_refuses_before_building_the_list() -> None:
    execution = run(_pass({"r.$": "States.ArrayRange(0, 100000000, 1)"}))
    assert execution.status == "FAILED"
    assert execution.error == "States.Runtime"
    assert "100000001 items, more than the 1000 allowed" in str(execution.cause)


def test_array_range_within_the_limit_still_works() -> None:
    execution = run(_pass({"r.$": "States.ArrayRange(1, 1000, 1)"}))
    assert execution.status == "SUCCEEDED"
    assert len(execution.output["r"]) == 1000


@pytest.mark.parametrize(
    ("expression", "cause"),
    [
        ("$count($range(0, 100000000, 1))", "$range would make 100000001 items"),
        ("$pad('', 1000000000)", "$pad to width 1e+09"),
        ("$pad('', -1000000000, '#')", "$pad to width -1e+09"),
    ],
    ids=["range", "pad", "pad-left"],
)
def test_jsonata_functions_refuse_past_the_payload_limit(expression: str, cause: str) -> None:
    definition = single({"Type": "Pass", "Output": "{% " + expression + " %}"}, QueryLanguage="JSONata")
    execution = run(definition)
    assert execution.status == "FAILED"
    assert execution.error == "States.QueryEvaluationError"
    assert cause in str(execution.cause)


def test_pad_and_range_within_the_limit_still_work() -> None:
    definition = single(
        {"Type": "Pass", "Output": "{% [$pad('ab', -4, '#'), $count($range(1, 100, 1))] %}"},
        QueryLanguage="JSONata",
    )
    assert run(definition).output == ["##ab", 100]
