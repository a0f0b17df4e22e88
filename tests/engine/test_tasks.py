"""Task states: Lambda handlers in-process (both Resource styles), errors as Lambda reports them, mocks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import Return
from tests.engine.helpers import run, single

LAMBDA_STYLES = [
    "arn:aws:lambda:us-east-1:123456789012:function:Work",
    "arn:aws:lambda:us-east-1:123456789012:function:Work:live",
    "${WorkArn}",
    "Work",
]


@pytest.mark.parametrize("resource", LAMBDA_STYLES, ids=["arn", "qualified-arn", "placeholder", "bare-name"])
def test_bare_lambda_resource_calls_the_handler(resource: str) -> None:
    def work(event: Any, context: Any) -> Any:
        return {"got": event, "function": context.function_name}

    execution = run(single({"Type": "Task", "Resource": resource}), {"n": 1}, handlers={"Work": work})
    assert execution.output == {"got": {"n": 1}, "function": "Work"}
    kinds = [event["type"] for event in execution.history]
    assert kinds[2:5] == ["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"]


def test_lambda_context_mimics_lambda() -> None:
    captured: list[Any] = []
    run(
        single({"Type": "Task", "Resource": "${WorkArn}"}), handlers={"Work": lambda e, c: captured.append(c)}
    )
    context = captured[0]
    assert context.function_version == "$LATEST"
    assert context.invoked_function_arn == "arn:aws:lambda:us-east-1:123456789012:function:Work"
    assert context.get_remaining_time_in_millis() > 0
    assert len(context.aws_request_id) == 36


def test_lambda_invoke_integration_wraps_the_payload() -> None:
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:Work",
            "Payload.$": "$",
        },
    }
    execution = run(single(state), {"n": 2}, handlers={"Work": lambda event, context: event["n"] * 2})
    output = execution.output
    assert output["Payload"] == 4
    assert output["StatusCode"] == 200
    assert output["ExecutedVersion"] == "$LATEST"
    assert output["SdkHttpMetadata"]["HttpStatusCode"] == 200
    assert (
        output["SdkResponseMetadata"]["RequestId"]
        == output["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"]
    )
    assert [e["type"] for e in execution.history][2:5] == ["TaskScheduled", "TaskStarted", "TaskSucceeded"]


def test_wait_for_task_token_passes_the_token_and_returns_the_handler_result() -> None:
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "Work", "Payload": {"token.$": "$$.Task.Token"}},
    }
    execution = run(single(state), handlers={"Work": lambda event, context: {"token": event["token"]}})
    assert isinstance(execution.output["token"], str)
    assert len(execution.output["token"]) == 36


def test_exception_becomes_a_lambda_error() -> None:
    class CaseNotFoundError(Exception):
        pass

    def work(event: Any, context: Any) -> Any:
        raise CaseNotFoundError("no case 7")

    execution = run(single({"Type": "Task", "Resource": "${WorkArn}"}), handlers={"Work": work})
    assert (execution.status, execution.error) == ("FAILED", "CaseNotFoundError")
    cause = json.loads(execution.cause or "")
    assert cause["errorMessage"] == "no case 7"
    assert cause["errorType"] == "CaseNotFoundError"
    assert any("in work" in line for line in cause["stackTrace"])
    assert execution.history[-2]["type"] == "LambdaFunctionFailed"


def test_unserialisable_result_is_lambdas_marshal_error() -> None:
    execution = run(
        single({"Type": "Task", "Resource": "${WorkArn}"}), handlers={"Work": lambda e, c: {1, 2}}
    )
    assert execution.error == "Runtime.MarshalError"
    assert "Unable to marshal response" in (execution.cause or "")


def test_handler_cannot_mutate_execution_data() -> None:
    def sneaky(event: Any, context: Any) -> Any:
        event["x"] = "changed"
        return "ok"

    machine = single({"Type": "Task", "Resource": "${WorkArn}", "ResultPath": "$.r"})
    assert run(machine, {"x": 1}, handlers={"Work": sneaky}).output == {"x": 1, "r": "ok"}


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        (
            "${WorkArn}",
            "bind a handler to Lambda function 'Work' (CLI: --handlers module:function=Work; "
            "API: handlers={'Work': fn}) or mock the state (CLI: --mock FILE; API: mocks={'S': Return(...)})",
        ),
        (
            "arn:aws:states:::dynamodb:putItem",
            "nothing is bound to it: mock the state (CLI: --mock FILE; API: mocks={'S': Return(...)})",
        ),
    ],
    ids=["lambda", "service"],
)
def test_unbound_task_is_a_clear_error(resource: str, message: str) -> None:
    with pytest.raises(FlowdslError, match="state 'S' calls") as raised:
        run(single({"Type": "Task", "Resource": resource}))
    diagnostic = raised.value.diagnostics[0]
    assert message in diagnostic.message
    assert "\n" not in diagnostic.message
    assert diagnostic.code == "unbound-task"


def test_mock_wins_over_handler_and_sequences_answer_in_order() -> None:
    machine = {
        "StartAt": "S",
        "States": {
            "S": {"Type": "Task", "Resource": "${WorkArn}", "ResultPath": "$.last", "Next": "Loop"},
            "Loop": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.last", "StringEquals": "again", "Next": "S"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    mocks = {"S": [Return("again"), Return("again"), Return("stop")]}
    execution = run(machine, {}, handlers={"Work": lambda e, c: "handler"}, mocks=mocks)
    assert execution.output == {"last": "stop"}
    assert sum(e["type"] == "LambdaFunctionScheduled" for e in execution.history) == 3


def test_exhausted_mock_sequence_fails_the_execution() -> None:
    looping = {
        "StartAt": "S",
        "States": {"S": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "S"}},
    }
    execution = run(looping, mocks={"S": [Return(1), Return(2)]})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert "no response for call 3" in (execution.cause or "")


@pytest.mark.parametrize(("took", "error"), [(2, None), (5, "States.Timeout")], ids=["in-time", "timed-out"])
def test_handler_can_declare_virtual_duration(took: float, error: str | None) -> None:
    def slow(event: Any, context: Any) -> Any:
        context.advance(took)
        return context.get_remaining_time_in_millis()

    execution = run(
        single({"Type": "Task", "Resource": "${WorkArn}", "TimeoutSeconds": 5}), handlers={"Work": slow}
    )
    assert execution.error == error
    if error is None:
        assert execution.output == 3000


def test_function_name_with_alias_finds_the_handler() -> None:
    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "Work:live"},
    }
    assert run(single(state), handlers={"Work": lambda e, c: "ok"}).output["Payload"] == "ok"


def test_an_item_reader_map_must_be_mocked_and_says_how() -> None:
    reader = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}}
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    state = {"Type": "Map", "ItemReader": reader, "ItemProcessor": processor}
    with pytest.raises(FlowdslError) as raised:
        run(single(state))
    diagnostic = raised.value.diagnostics[0]
    assert diagnostic.code == "unsupported-item-reader"
    assert "mock the state (CLI: --mock FILE; API: mocks={'S': Return([...])})" in diagnostic.message


@pytest.mark.parametrize(
    ("heartbeat", "error"),
    [(3, "States.HeartbeatTimeout"), (None, "States.Timeout")],
    ids=["missed-heartbeat", "task-timeout"],
)
def test_a_call_past_its_heartbeat_is_a_heartbeat_timeout(heartbeat: int | None, error: str) -> None:
    # AWS docs, "Error names": a task that sends no heartbeat for HeartbeatSeconds fails with
    # States.HeartbeatTimeout; its history says TaskTimedOut, as for TimeoutSeconds.
    state: dict[str, Any] = {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "TimeoutSeconds": 10}
    if heartbeat is not None:
        state["HeartbeatSeconds"] = heartbeat
    execution = run(single(state), mocks={"S": Return({}, seconds=20)})
    assert execution.error == error
    timed_out = [e for e in execution.history if e["type"] == "TaskTimedOut"]
    assert timed_out[0]["taskTimedOutEventDetails"]["error"] == error
