"""Pathological inputs and handlers: each ends as a clear refusal or an ASL failure, never a crash."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from flowdsl.diagnostics import FlowdslError
from tests.engine.helpers import run, single

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:Work"
TASK = single({"Type": "Task", "Resource": LAMBDA})


def cyclic() -> dict[str, Any]:
    """An object that holds itself."""
    value: dict[str, Any] = {}
    value["self"] = value
    return value


def nested(depth: int) -> list[Any]:
    """`[[[...]]]`, `depth` levels deep."""
    root: list[Any] = []
    node = root
    for _ in range(depth):
        child: list[Any] = []
        node.append(child)
        node = child
    return root


def returning(value: Any) -> Any:
    return lambda event, context: value


def raising(exc: BaseException) -> Any:
    def handler(event: Any, context: Any) -> Any:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (float("nan"), "NaN or an infinite number"),
        ([float("inf")], "NaN or an infinite number"),
        ({"k": "\ud800"}, "lone surrogate"),
        (nested(200_000), "nested too deeply"),
        (cyclic(), "Circular reference detected"),
    ],
    ids=["nan", "infinity-from-1e400", "lone-surrogate", "too-deep", "cycle"],
)
def test_input_that_is_not_json_is_refused(payload: Any, reason: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        run(single({"Type": "Pass"}), payload)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "input-not-json"
    assert reason in diagnostic.message


@pytest.mark.parametrize(
    "payload",
    [-0.0, 10**40, {"é😀 \u2028": [1]}, nested(500), list(range(20_000))],
    ids=["negative-zero", "big-int", "unicode-keys", "deep-500", "20k-items"],
)
def test_odd_but_valid_json_passes_through_unchanged(payload: Any) -> None:
    execution = run(single({"Type": "Pass"}), payload)
    assert execution.status == "SUCCEEDED"
    assert json.dumps(execution.output) == json.dumps(payload)


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("-inf"), {1, 2}, b"bytes", object(), nested(200_000), {"s": "\ud800"}, "\udfff"],
    ids=["nan", "infinity", "set", "bytes", "object", "too-deep", "lone-surrogate", "lone-surrogate-text"],
)
def test_unserialisable_handler_result_is_a_marshal_error(value: Any) -> None:
    execution = run(TASK, handlers={"Work": returning(value)})
    assert (execution.status, execution.error) == ("FAILED", "Runtime.MarshalError")
    assert json.loads(execution.cause or "")["errorMessage"].startswith("Unable to marshal response")


@pytest.mark.parametrize(
    ("exc", "status"),
    [(SystemExit(3), 3), (SystemExit(), 0), (SystemExit("bye"), 1), (GeneratorExit(), 1)],
    ids=["exit-3", "exit-none", "exit-message", "generator-exit"],
)
def test_base_exception_in_handler_is_a_runtime_exit(exc: BaseException, status: int) -> None:
    # Python's Lambda runtime catches Exception only; anything else ends the runtime process.
    execution = run(TASK, handlers={"Work": raising(exc)})
    assert (execution.status, execution.error) == ("FAILED", "Runtime.ExitError")
    message = json.loads(execution.cause or "")["errorMessage"]
    assert message.endswith(f"Error: Runtime exited with error: exit status {status}")


def test_base_exception_in_mock_callable_is_a_runtime_exit() -> None:
    execution = run(TASK, mocks={"S": lambda effective: sys.exit(2)})
    assert execution.error == "Runtime.ExitError"


def test_keyboard_interrupt_stops_the_run() -> None:
    # Ctrl-C during a handler is the user stopping the run, not the function failing.
    with pytest.raises(KeyboardInterrupt):
        run(TASK, handlers={"Work": raising(KeyboardInterrupt())})


@pytest.mark.parametrize(
    "text",
    ["1e400", "[" * 100_000 + "]" * 100_000, "NaN"],
    ids=["out-of-double-range", "too-deep", "nan"],
)
def test_string_to_json_refuses_what_json_cannot_hold(text: str) -> None:
    state = {"Type": "Pass", "Parameters": {"v.$": "States.StringToJson($.s)"}}
    execution = run(single(state), {"s": text})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert len(execution.cause or "") < 400  # the cause quotes the string cut short


def test_retry_backoff_that_overflows_times_out_after_a_year() -> None:
    retry = {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 99999999, "MaxAttempts": 99999999}
    task = single({"Type": "Task", "Resource": LAMBDA, "Retry": [retry]})
    execution = run(task, handlers={"Work": raising(ValueError("again"))})
    assert (execution.status, execution.error) == ("TIMED_OUT", "States.Timeout")


@pytest.mark.parametrize(
    "state",
    [
        {"Type": "Wait", "SecondsPath": "$.s"},
        {"Type": "Wait", "Timestamp": "9999-12-31T23:59:59Z"},
    ],
    ids=["10e30-seconds", "year-9999"],
)
def test_a_wait_past_a_year_times_out(state: dict[str, Any]) -> None:
    # AWS "Step Functions service quotas": a Standard execution runs for at most one year.
    execution = run(single(state), {"s": 10**30})
    assert (execution.status, execution.error) == ("TIMED_OUT", "States.Timeout")
    assert execution.history[-1]["type"] == "ExecutionTimedOut"


def _nesting_loop(levels_per_pass: int, passes: int) -> dict[str, Any]:
    template: dict[str, Any] = {"x.$": "$"}
    for _ in range(levels_per_pass):
        template = {"a": template}
    template["n.$"] = "States.MathAdd($.n, 1)"
    rule = {"Variable": "$.n", "NumericGreaterThan": passes, "Next": "Done"}
    return {
        "StartAt": "Nest",
        "States": {
            "Nest": {"Type": "Pass", "Parameters": template, "Next": "Loop"},
            "Loop": {"Type": "Choice", "Choices": [rule], "Default": "Nest"},
            "Done": {"Type": "Succeed"},
        },
    }


def test_data_nested_past_what_python_can_walk_fails_the_state() -> None:
    execution = run(_nesting_loop(200, 200), {"n": 0})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert "nested too deeply" in (execution.cause or "")
    assert execution.history[-1]["type"] == "ExecutionFailed"  # every event still serialises


def test_deep_but_serialisable_output_succeeds() -> None:
    execution = run(_nesting_loop(20, 20), {"n": 0})
    assert execution.status == "SUCCEEDED"
    assert execution.output["n"] == 21
    assert json.dumps(execution.output).count('{"a": ') == 20 * 21


def test_handler_exception_cause_is_lambdas_error_json() -> None:
    # The keys and their order as LocalStack's AWS-validated snapshot records them
    # (tests/aws/services/stepfunctions/v2/error_handling/test_task_lambda.snapshot.json).
    execution = run(TASK, handlers={"Work": raising(Exception("Some exception was raised."))})
    assert execution.error == "Exception"
    cause = json.loads(execution.cause or "")
    assert list(cause) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert cause["errorMessage"] == "Some exception was raised."
    assert "raise exc" in cause["stackTrace"][0]


def test_lambda_invoke_integration_writes_the_error_json_compactly() -> None:
    # LocalStack's AWS-validated snapshot error_handling/test_task_service_lambda.
    invoke = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke"}
    task = single({**invoke, "Parameters": {"FunctionName": "Work", "Payload.$": "$"}})
    execution = run(task, handlers={"Work": raising(Exception("Some exception was raised."))})
    assert execution.error == "Exception"
    assert (execution.cause or "").startswith(
        '{"errorMessage":"Some exception was raised.","errorType":"Exception","requestId":"'
    )


class _UnprintableError(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no text")


def test_an_exception_that_cannot_print_itself_still_fails_the_task() -> None:
    execution = run(TASK, handlers={"Work": raising(_UnprintableError())})
    assert execution.error == "_UnprintableError"
    assert json.loads(execution.cause or "")["errorMessage"] == "<exception str() failed>"


@pytest.mark.parametrize("payload", ["{", '{"x": [5]}', "[1, 2]"])
def test_a_string_input_has_no_fields_for_an_indefinite_path(payload: str) -> None:
    # A string is not parsed as JSON text: `$.x[*]` matches nothing, as `$.x` finds nothing.
    selects = {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.x[*]", "End": True}}}
    execution = run(selects, payload)
    assert (execution.status, execution.output) == ("SUCCEEDED", [])
    items = {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$[*]", "End": True}}}
    assert run(items, payload).output == []
