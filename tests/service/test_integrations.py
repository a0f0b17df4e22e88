"""Service integrations called for real on a moto server, shaped as Step Functions shapes them."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3  # type: ignore[import-untyped]

from tests.service.conftest import ROLE


def run(sfn: Any, states: dict[str, Any], payload: str = "{}") -> dict[str, Any]:
    definition = json.dumps({"StartAt": next(iter(states)), "States": states})
    machine = sfn.create_state_machine(name=f"m{time.monotonic_ns()}", definition=definition, roleArn=ROLE)
    arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input=payload)["executionArn"]
    for _ in range(200):
        described: dict[str, Any] = sfn.describe_execution(executionArn=arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError("still running")


def test_aws_sdk_errors_are_named_as_aws_names_them(sfn: Any) -> None:
    states = {
        "Get": {
            "Type": "Task",
            "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
            "Parameters": {"TableName": "missing", "Key": {"id": {"S": "1"}}},
            "Catch": [{"ErrorEquals": ["DynamoDb.ResourceNotFoundException"], "Next": "Caught"}],
            "End": True,
        },
        "Caught": {"Type": "Pass", "End": True},
    }
    described = run(sfn, states)
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"])["Error"] == "DynamoDb.ResourceNotFoundException"


def test_optimized_errors_keep_the_service_prefix(sfn: Any) -> None:
    states = {
        "Put": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {"TableName": "missing", "Item": {"id": {"S": "1"}}},
            "End": True,
        }
    }
    described = run(sfn, states)
    assert (described["status"], described["error"]) == ("FAILED", "DynamoDB.ResourceNotFoundException")


def test_sns_publish_sends_a_json_message_as_text(sfn: Any, aws_env: str) -> None:
    topic = boto3.client("sns", endpoint_url=aws_env).create_topic(Name="news")["TopicArn"]
    states = {
        "Publish": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": topic, "Message": {"hello.$": "$.who"}},
            "End": True,
        }
    }
    output = json.loads(run(sfn, states, '{"who": "world"}')["output"])
    assert set(output) == {"MessageId", "SdkHttpMetadata", "SdkResponseMetadata"}
    assert output["SdkHttpMetadata"]["HttpStatusCode"] == 200


def test_aws_sdk_results_have_no_sdk_metadata(sfn: Any, aws_env: str) -> None:
    boto3.client("sqs", endpoint_url=aws_env).create_queue(QueueName="listed")
    states = {
        "List": {
            "Type": "Task",
            "Resource": "arn:aws:states:::aws-sdk:sqs:listQueues",
            "Parameters": {},
            "End": True,
        }
    }
    output = json.loads(run(sfn, states)["output"])
    assert list(output) == ["QueueUrls"] and output["QueueUrls"][0].endswith("/listed")
