"""Handler events and results cross as private copies, with or without a JSON round trip."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from flowdsl.engine.lambda_ import private
from flowdsl.engine.plain import NotPlainError, plain_copy
from tests.engine.helpers import run, single

TASK = single({"Type": "Task", "Resource": "${WorkArn}", "ResultPath": "$.r"})


@pytest.mark.parametrize(
    "value",
    [{"a": [1, 2.5, {"b": None}], "c": True, "d": "é"}, [[]], "text", 7, -0.0, 10**40],
    ids=["nested", "empty-list", "str", "int", "negative-zero", "big-int"],
)
def test_plain_data_is_copied_deeply_and_equal(value: Any) -> None:
    copy = plain_copy(value)
    assert copy == json.loads(json.dumps(value))
    if isinstance(value, dict | list):
        assert copy is not value
        assert json.dumps(copy) == json.dumps(value)


@pytest.mark.parametrize(
    "value",
    [(1, 2), {1: "a"}, {"a": math.nan}, [math.inf], {1, 2}, {"a": type("S", (str,), {})("x")}],
    ids=["tuple", "int-key", "nan", "inf", "set", "str-subclass"],
)
def test_anything_else_is_left_to_json(value: Any) -> None:
    with pytest.raises(NotPlainError):
        plain_copy(value)


def test_a_value_json_would_change_is_changed_as_json_changes_it() -> None:
    assert private({"a": (1, 2), 3: "x"}) == {"a": [1, 2], "3": "x"}


def test_a_handler_keeping_its_result_cannot_change_the_execution_later() -> None:
    kept: dict[str, Any] = {"items": [1]}

    def work(event: Any, context: Any) -> Any:
        return kept

    execution = run(TASK, {}, handlers={"Work": work})
    kept["items"].append(2)
    assert execution.output == {"r": {"items": [1]}}


def test_a_handler_mutating_a_nested_event_value_changes_nothing() -> None:
    def sneaky(event: Any, context: Any) -> Any:
        event["x"]["y"].append(2)
        return event["x"]["y"]

    assert run(TASK, {"x": {"y": [1]}}, handlers={"Work": sneaky}).output == {"x": {"y": [1]}, "r": [1, 2]}


@pytest.mark.parametrize(
    ("result", "output"),
    [((1, 2), [1, 2]), ({1: "a"}, {"1": "a"})],
    ids=["tuple", "int-key"],
)
def test_results_json_converts_are_converted_as_before(result: Any, output: Any) -> None:
    assert run(TASK, {}, handlers={"Work": lambda e, c: result}).output == {"r": output}


def test_a_nan_result_is_still_a_marshal_error() -> None:
    execution = run(TASK, {}, handlers={"Work": lambda e, c: {"a": math.nan}})
    assert execution.error == "Runtime.MarshalError"
