"""ResultPath: replace, discard, merge into the input (AWS "Specifying state output using ResultPath")."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.result_path import apply_result_path

INPUT: dict[str, Any] = {"comment": "test", "details": {"a": 1}, "list": [{"x": 1}, {"x": 2}]}

PLACED = [
    ("dollar-replaces", "$", {"r": 1}, {"r": 1}),
    ("null-discards", None, {"r": 1}, INPUT),
    ("new-field", "$.taskresult", "hi", {**INPUT, "taskresult": "hi"}),
    ("overwrite-field", "$.comment", 5, {**INPUT, "comment": 5}),
    ("creates-intermediate-objects", "$.a.b.c", 1, {**INPUT, "a": {"b": {"c": 1}}}),
    ("into-existing-object", "$.details.b", 2, {**INPUT, "details": {"a": 1, "b": 2}}),
    ("array-element", "$.list[1]", "y", {**INPUT, "list": [{"x": 1}, "y"]}),
    ("inside-array-element", "$.list[0].y", 3, {**INPUT, "list": [{"x": 1, "y": 3}, {"x": 2}]}),
    ("bracket-key", "$['with space']", 0, {**INPUT, "with space": 0}),
]


@pytest.mark.parametrize(
    ("result_path", "result", "expected"), [c[1:] for c in PLACED], ids=[c[0] for c in PLACED]
)
def test_apply_result_path(result_path: str | None, result: Any, expected: Any) -> None:
    before = copy.deepcopy(INPUT)
    assert apply_result_path(INPUT, result_path, result) == expected
    assert before == INPUT, "the state input must not be mutated"


@pytest.mark.parametrize(
    ("state_input", "result_path"),
    [
        ("a string", "$.a"),
        ([1, 2], "$.a"),
        (None, "$.a"),
        ({"a": 5}, "$.a.b"),
        ({"a": [1]}, "$.a[3]"),
        ({"a": {"k": 1}}, "$.a[0]"),
    ],
    ids=[
        "string-input",
        "array-input",
        "null-input",
        "through-a-number",
        "index-out-of-range",
        "index-on-object",
    ],
)
def test_cannot_apply_result_path(state_input: Any, result_path: str) -> None:
    with pytest.raises(AslRuntimeError) as caught:
        apply_result_path(state_input, result_path, 1)
    assert caught.value.error == "States.ResultPathMatchFailure"
    assert f"Unable to apply ResultPath '{result_path}'" in caught.value.cause


@pytest.mark.parametrize(
    "result_path", ["$.a[*]", "$$.Execution", "$var.a"], ids=["wildcard", "context", "variable"]
)
def test_result_path_must_be_a_reference_path_on_the_input(result_path: str) -> None:
    with pytest.raises(AslRuntimeError, match="not a reference path"):
        apply_result_path({}, result_path, 1)
