"""A Fail state's ErrorPath/CausePath (or JSONata Error/Cause) must give a string (AWS, "Fail
workflow state"); anything else fails the state instead of becoming a Python repr."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl
from flowdsl.engine import Execution


def jsonpath_fail(value: Any) -> Execution:
    data = {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}}}
    return flowdsl.run(data, {"e": "Custom", "c": value})


def jsonata_fail(value: Any) -> Execution:
    fail = {"Type": "Fail", "Error": "{% $states.input.e %}", "Cause": "{% $states.input.c %}"}
    data = {"QueryLanguage": "JSONata", "StartAt": "F", "States": {"F": fail}}
    return flowdsl.run(data, {"e": "Custom", "c": value})


@pytest.mark.parametrize("value", [{"a": 1, "b": True}, 5, None, [1], True])
def test_a_non_string_cause_path_fails_with_states_runtime(value: Any) -> None:
    execution = jsonpath_fail(value)
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert "'CausePath' must be a string" in (execution.cause or "")


@pytest.mark.parametrize("value", [{"a": 1, "b": True}, 5, None])
def test_a_non_string_jsonata_cause_is_a_query_evaluation_error(value: Any) -> None:
    execution = jsonata_fail(value)
    assert (execution.status, execution.error) == ("FAILED", "States.QueryEvaluationError")
    assert "Expected 'string'" in (execution.cause or "")


def test_string_values_still_name_the_error_and_cause() -> None:
    for run in (jsonpath_fail, jsonata_fail):
        execution = run("it broke")
        assert (execution.error, execution.cause) == ("Custom", "it broke")
