"""The issue's acceptance scenario: boto3 alone, flowdsl serve in front of a moto server.

One execution goes through DynamoDB putItem/getItem (really, on moto), a nested
startExecution.sync:2 on a served child, an SQS .waitForTaskToken answered by
send_task_success, and an activity answered by a worker thread; send_task_failure fails
another; stop_execution aborts a third waiting on its callback.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

from tests.service.conftest import ROLE

ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:review"
CHILD = {
    "StartAt": "Double",
    "States": {"Double": {"Type": "Pass", "Parameters": {"child.$": "$.v"}, "End": True}},
}


def parent(queue_url: str, child_arn: str) -> dict[str, Any]:
    return {
        "StartAt": "Put",
        "States": {
            "Put": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:putItem",
                "Parameters": {"TableName": "orders", "Item": {"id": {"S": "1"}, "v": {"S.$": "$.v"}}},
                "ResultPath": None,
                "Next": "Get",
            },
            "Get": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:getItem",
                "Parameters": {"TableName": "orders", "Key": {"id": {"S": "1"}}},
                "ResultSelector": {"v.$": "$.Item.v.S"},
                "ResultPath": "$.got",
                "Next": "Nested",
            },
            "Nested": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": child_arn, "Input": {"v.$": "$.got.v"}},
                "ResultSelector": {"out.$": "$.Output", "status.$": "$.Status"},
                "ResultPath": "$.nested",
                "Next": "Callback",
            },
            "Callback": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {
                    "QueueUrl": queue_url,
                    "MessageBody": {"token.$": "$$.Task.Token", "v.$": "$.v"},
                },
                "ResultPath": "$.approval",
                "Next": "Review",
            },
            "Review": {"Type": "Task", "Resource": ACTIVITY, "ResultPath": "$.review", "End": True},
        },
    }


@pytest.fixture
def machines(sfn: Any, aws_env: str) -> dict[str, str]:
    dynamodb = boto3.client("dynamodb", endpoint_url=aws_env)
    dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    queue = boto3.client("sqs", endpoint_url=aws_env).create_queue(QueueName="approvals")["QueueUrl"]
    child = sfn.create_state_machine(name="child", definition=json.dumps(CHILD), roleArn=ROLE)[
        "stateMachineArn"
    ]
    arn = sfn.create_state_machine(name="order", definition=json.dumps(parent(queue, child)), roleArn=ROLE)
    assert sfn.create_activity(name="review")["activityArn"] == ACTIVITY
    return {"order": arn["stateMachineArn"], "child": child, "queue": queue}


def take_token(aws_env: str, queue_url: str) -> str:
    """The task token the Callback state sent to SQS (moto's queue, polled)."""
    sqs = boto3.client("sqs", endpoint_url=aws_env)
    for _ in range(50):
        messages = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=1).get("Messages", [])
        if messages:
            return str(json.loads(messages[0]["Body"])["token"])
    raise AssertionError("no message with a task token arrived")


def worker(sfn: Any) -> threading.Thread:
    def work() -> None:
        task = sfn.get_activity_task(activityArn=ACTIVITY, workerName="reviewer-1")
        seen = json.loads(task["input"])
        sfn.send_task_success(taskToken=task["taskToken"], output=json.dumps({"reviewed": seen["v"]}))

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def wait(sfn: Any, arn: str, status: str = "RUNNING") -> dict[str, Any]:
    for _ in range(200):
        described: dict[str, Any] = sfn.describe_execution(executionArn=arn)
        if described["status"] != status:
            return described
        time.sleep(0.05)
    raise AssertionError(f"{arn} still {status}")


def event_types(sfn: Any, arn: str) -> list[str]:
    return [e["type"] for e in sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]]


def test_one_execution_through_every_kind_of_task(sfn: Any, aws_env: str, machines: dict[str, str]) -> None:
    arn = sfn.start_execution(stateMachineArn=machines["order"], name="first", input='{"v": "hello"}')
    token = take_token(aws_env, machines["queue"])
    sfn.send_task_success(taskToken=token, output='{"approved": true}')
    worker(sfn).join(timeout=10)
    described = wait(sfn, arn["executionArn"])
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {
        "v": "hello",
        "got": {"v": "hello"},
        "nested": {"out": {"child": "hello"}, "status": "SUCCEEDED"},
        "approval": {"approved": True},
        "review": {"reviewed": "hello"},
    }
    assert event_types(sfn, arn["executionArn"]) == [
        "ExecutionStarted",
        *["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"] * 3,
        "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded",
        "TaskStateExited", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]  # fmt: skip
    stored = boto3.client("dynamodb", endpoint_url=aws_env).get_item(
        TableName="orders", Key={"id": {"S": "1"}}
    )
    assert stored["Item"]["v"] == {"S": "hello"}
    children = sfn.list_executions(stateMachineArn=machines["child"])["executions"]
    assert [c["status"] for c in children] == ["SUCCEEDED"]


def test_send_task_failure_fails_the_execution(sfn: Any, aws_env: str, machines: dict[str, str]) -> None:
    arn = sfn.start_execution(stateMachineArn=machines["order"], input='{"v": "no"}')["executionArn"]
    token = take_token(aws_env, machines["queue"])
    sfn.send_task_failure(taskToken=token, error="Rejected", cause="by a reviewer")
    described = wait(sfn, arn)
    assert (described["status"], described["error"], described["cause"]) == (
        "FAILED",
        "Rejected",
        "by a reviewer",
    )
    history = sfn.get_execution_history(executionArn=arn, reverseOrder=True, maxResults=3)["events"]
    assert [e["type"] for e in history] == ["ExecutionFailed", "TaskFailed", "TaskSubmitted"]
    assert history[1]["taskFailedEventDetails"] == {
        "resourceType": "sqs",
        "resource": "sendMessage.waitForTaskToken",
        "error": "Rejected",
        "cause": "by a reviewer",
    }
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_success(taskToken=token, output="{}")


def test_stop_execution_aborts_one_waiting_on_a_callback(
    sfn: Any, aws_env: str, machines: dict[str, str]
) -> None:
    arn = sfn.start_execution(stateMachineArn=machines["order"], input='{"v": "stop"}')["executionArn"]
    take_token(aws_env, machines["queue"])
    sfn.stop_execution(executionArn=arn, error="Operator", cause="no longer needed")
    described = sfn.describe_execution(executionArn=arn)
    assert (described["status"], described["error"], described["cause"]) == (
        "ABORTED",
        "Operator",
        "no longer needed",
    )
    events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
    assert [e["type"] for e in events][-2:] == ["TaskSubmitted", "ExecutionAborted"]
    assert events[-1]["executionAbortedEventDetails"] == {"error": "Operator", "cause": "no longer needed"}


def test_api_errors_are_the_exceptions_boto3_knows(sfn: Any, machines: dict[str, str]) -> None:
    sfn.start_execution(stateMachineArn=machines["child"], name="same", input="{}")
    with pytest.raises(sfn.exceptions.ExecutionAlreadyExists):
        sfn.start_execution(stateMachineArn=machines["child"], name="same", input="{}")
    with pytest.raises(sfn.exceptions.InvalidDefinition, match="Next 'Nowhere' does not exist"):
        sfn.create_state_machine(
            name="bad", roleArn=ROLE,
            definition='{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}',
        )  # fmt: skip
    with pytest.raises(sfn.exceptions.TaskDoesNotExist):
        sfn.send_task_success(taskToken="not-a-token", output="{}")
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.describe_state_machine(stateMachineArn=machines["child"] + "x")
