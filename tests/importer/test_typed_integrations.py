"""An optimized integration is imported as its typed constructor where one fits, else as Task."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl import import_asl
from flowdsl.compiler import compile_workflow
from flowdsl.model import to_asl


def _machine(task: dict[str, Any], language: str = "JSONPath") -> dict[str, Any]:
    return {"QueryLanguage": language, "StartAt": "T", "States": {"T": {**task, "End": True}}}


def _flat(code: str) -> str:
    """Code without layout: no whitespace, no trailing commas."""
    return "".join(code.split()).replace(",)", ")")


def _round_trip(definition: dict[str, Any]) -> str:
    text = import_asl(definition)
    namespace: dict[str, Any] = {}
    exec(compile(text, "<import>", "exec"), namespace)
    assert to_asl(compile_workflow(namespace["workflow"]).definition) == definition
    return text


@pytest.mark.parametrize(
    ("task", "written"),
    [
        (
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "https://q", "MessageBody": {"token.$": "$$.Task.Token"}},
                "TimeoutSeconds": 60,
            },
            'sqs_send_message("T", queue_url="https://q", message_body={"token": CONTEXT.Task.Token}, '
            "callback=True, timeout_seconds=60)",
        ),
        (
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:getItem",
                "Parameters": {"TableName": "cases", "Key": {"id": {"S.$": "$.id"}}},
            },
            'dynamodb_get_item("T", table_name="cases", key={"id": {"S": S.id}})',
        ),
        (
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"},
            },
            'start_execution("T", '
            'state_machine_arn="arn:aws:states:us-east-1:123456789012:stateMachine:Child", sync=True)',
        ),
    ],
    ids=["callback", "dynamic-member", "sync"],
)
def test_typed_constructor_with_its_keywords(task: dict[str, Any], written: str) -> None:
    text = _round_trip(_machine(task))
    assert "from flowdsl.integrations import" in text
    assert _flat(f"t = {written}") in _flat(text)


def test_jsonata_arguments_become_keywords() -> None:
    task = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sns:publish",
        "Arguments": {
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
            "Message": "{% $states.input.msg %}",
        },
    }
    text = _round_trip(_machine(task, "JSONata"))
    assert 'message=expr("$states.input.msg")' in text or "message=S.msg" in text
    assert "sns_publish(" in text


@pytest.mark.parametrize(
    "task",
    [
        # A parameter the constructor has no keyword for: stays a plain Task.
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"Message": "m", "Extra": 1},
        },
        # An intrinsic call in a `.$` member is not a plain path.
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "arn:t", "Message.$": "States.Format('{}', $.x)"},
        },
        # An AWS SDK call has the generic spelling.
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "Parameters": {"Bucket": "b"},
        },
    ],
    ids=["unknown-parameter", "intrinsic-member", "aws-sdk"],
)
def test_anything_else_stays_a_task(task: dict[str, Any]) -> None:
    text = _round_trip(_machine(task))
    assert "flowdsl.integrations" not in text
    assert 't = Task(\n    "T",\n    resource=' in text or 't = Task("T", resource=' in text
