"""Integration checks: the call exists, the pattern is supported, the literal payload fits the API.

No false alarms: every definition recorded against AWS or collected as valid test data gets
none of the integration errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.checks import CODES, check_document
from flowdsl.diagnostics import Severity

REPO = Path(__file__).resolve().parents[2]
INTEGRATION_CODES = {
    "unknown-integration",
    "unsupported-pattern",
    "unknown-parameter",
    "missing-parameter",
    "missing-sdk-parameter",
    "invalid-parameter-type",
    "missing-task-token",
    "task-without-timeout",
}
TOPIC = "arn:aws:sns:us-east-1:123456789012:orders"


def task(state: dict[str, Any], language: str | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"StartAt": "T", "States": {"T": {"Type": "Task", **state, "End": True}}}
    if language:
        doc["QueryLanguage"] = language
    return doc


def found(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(d.code, d.location) for d in check_document(doc) if d.code in INTEGRATION_CODES]


def _valid_definitions(conformance: Path) -> list[tuple[str, Any]]:
    docs = [
        (json.loads(line)["id"], json.loads(line)["definition"])
        for line in (conformance / "execution" / "cases.jsonl").read_text().splitlines()
    ]
    folders = {"awslabs/statelint": "awslabs-statelint", "wmfs/statelint": "wmfs-statelint"}
    for line in (conformance / "validation" / "expectations.jsonl").read_text().splitlines():
        case = json.loads(line)
        path = conformance / "validation" / folders.get(case["repo"], "") / Path(case["fixture"]).name
        if case["expected_problems"] == 0 and path.is_file():
            docs.append((path.name, json.loads(path.read_text())))
    for path in sorted((conformance / "validation" / "asl-validator").glob("valid-*.json")):
        docs.append((path.name, json.loads(path.read_text())))
    for folder in ("tests/checks/valid", "tests/checks/heldout/valid"):
        docs += [(p.name, json.loads(p.read_text())) for p in sorted((REPO / folder).glob("*.json"))]
    return docs


def test_no_integration_error_on_any_valid_definition(conformance_dir: Path) -> None:
    docs = _valid_definitions(conformance_dir)
    assert len(docs) > 850
    errors = [
        f"{name}: {d.format()}"
        for name, doc in docs
        for d in check_document(doc)
        if d.code in INTEGRATION_CODES and d.severity is Severity.ERROR
    ]
    assert errors == []


MISTAKES = {
    "sdk-action-typo": (
        {"Resource": "arn:aws:states:::aws-sdk:s3:listObjectV2", "Parameters": {"Bucket": "b"}},
        [("unknown-integration", "/States/T/Resource")],
    ),
    "sdk-service-typo": (
        {"Resource": "arn:aws:states:::aws-sdk:dynamodbb:getItem"},
        [("unknown-integration", "/States/T/Resource")],
    ),
    "botocore-name-not-arn-name": (
        {"Resource": "arn:aws:states:::aws-sdk:stepfunctions:listStateMachines"},
        [("unknown-integration", "/States/T/Resource")],
    ),
    "optimized-action-typo": (
        {"Resource": "arn:aws:states:::sqs:sendMesage", "Parameters": {}},
        [("unknown-integration", "/States/T/Resource")],
    ),
    "parameter-typo-is-one-error": (
        {"Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2", "Parameters": {"Bukcet": "b"}},
        [("unknown-parameter", "/States/T/Parameters/Bukcet")],
    ),
    "missing-item": (
        {"Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "t"}},
        [("missing-parameter", "/States/T/Parameters")],
    ),
    "sns-sync": (
        {"Resource": "arn:aws:states:::sns:publish.sync", "Parameters": {"TopicArn": TOPIC, "Message": "m"}},
        [("unsupported-pattern", "/States/T/Resource")],
    ),
    "sdk-sync": (
        {"Resource": "arn:aws:states:::aws-sdk:s3:listBuckets.sync", "HeartbeatSeconds": 60},
        [("unsupported-pattern", "/States/T/Resource")],
    ),
    "word-for-number": (
        {
            "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "Parameters": {"Bucket": "b", "MaxKeys": "ten"},
        },
        [("invalid-parameter-type", "/States/T/Parameters/MaxKeys")],
    ),
    "object-for-list": (
        {"Resource": "arn:aws:states:::events:putEvents", "Parameters": {"Entries": {"Source": "x"}}},
        [],  # Entries is one of the fields Step Functions takes as JSON (Detail may be an object)
    ),
    "object-for-list-sdk": (
        {
            "Resource": "arn:aws:states:::aws-sdk:sqs:deleteMessageBatch",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "Entries": {}},
        },
        [("invalid-parameter-type", "/States/T/Parameters/Entries")],
    ),
    "nested-unknown": (
        {
            "Resource": "arn:aws:states:::ecs:runTask",
            "Parameters": {"TaskDefinition": "td", "NetworkConfiguration": {"AwsVpcConfig": {}}},
        },
        [("unknown-parameter", "/States/T/Parameters/NetworkConfiguration/AwsVpcConfig")],
    ),
    "callback-without-token": (
        {
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "TimeoutSeconds": 60,
        },
        [("missing-task-token", "/States/T/Resource")],
    ),
}


@pytest.mark.parametrize("state,expected", MISTAKES.values(), ids=MISTAKES.keys())
def test_one_mistake_one_diagnostic(state: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert found(task(state)) == expected


JSONATA = {
    "missing-item": (
        {"Resource": "arn:aws:states:::dynamodb:putItem", "Arguments": {"TableName": "t"}},
        [("missing-parameter", "/States/T/Arguments")],
    ),
    "word-for-number": (
        {
            "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "Arguments": {"Bucket": "b", "MaxKeys": "ten"},
        },
        [("invalid-parameter-type", "/States/T/Arguments/MaxKeys")],
    ),
    "expression-values-are-unknown": (
        {
            "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
            "Arguments": {"Bucket": "{% $b %}", "MaxKeys": "{% $n %}"},
        },
        [],
    ),
    "whole-arguments-expression": (
        {"Resource": "arn:aws:states:::dynamodb:putItem", "Arguments": "{% $states.input.request %}"},
        [],
    ),
    "token-through-states-context": (
        {
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Arguments": {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                "MessageBody": {"token": "{% $states.context.Task.Token %}"},
            },
            "HeartbeatSeconds": 600,
        },
        [],
    ),
}


@pytest.mark.parametrize("state,expected", JSONATA.values(), ids=JSONATA.keys())
def test_jsonata_arguments(state: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert found(task(state, "JSONata")) == expected


ACCEPTED = {
    "path-values": {
        "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {"TableName.$": "$.t", "Item.$": "$.i"},
    },
    "no-payload-means-input": {"Resource": "arn:aws:states:::lambda:invoke"},
    "numeric-string": {
        "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
        "Parameters": {"Bucket": "b", "MaxKeys": "10"},
    },
    "pascal-case-for-camel-model": {
        "Resource": "arn:aws:states:::aws-sdk:sfn:describeExecution",
        "Parameters": {"ExecutionArn.$": "$.arn"},
    },
    "json-message": {
        "Resource": "arn:aws:states:::sns:publish",
        "Parameters": {"TopicArn": TOPIC, "Message": {"a": 1}},
    },
    "start-execution-input-object": {
        "Resource": "arn:aws:states:::states:startExecution",
        "Parameters": {
            "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:C",
            "Input": {"a": 1},
        },
    },
    "unmodelled-optimized-action": {
        "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
        "TimeoutSeconds": 60,
    },
    "placeholder-values": {
        "Resource": "arn:aws:states:::sqs:sendMessage",
        "Parameters": {"QueueUrl": "${Queue}", "MessageBody": "m"},
    },
}


@pytest.mark.parametrize("state", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_valid_calls_get_nothing(state: dict[str, Any]) -> None:
    assert found(task(state)) == []


def test_codes_are_catalogued() -> None:
    assert set(CODES) >= INTEGRATION_CODES
