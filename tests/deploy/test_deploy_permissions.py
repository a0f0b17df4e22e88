"""The state machine role grants exactly what each integration needs (AWS's documented policies)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flowdsl.deploy.permissions import role_policy
from flowdsl.model import parse_machine
from flowdsl.model.integrations.grants import Where

WHERE = Where("aws", "us-east-1", "123456789012")
RULE = "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsFor"
EVENTS = ("events:DescribeRule", "events:PutRule", "events:PutTargets")
SM = "arn:aws:states:us-east-1:123456789012:stateMachine:Child"


def grants(state: dict[str, Any]) -> set[tuple[str, str]]:
    """(action, resource) pairs the role allows for one Task."""
    machine = parse_machine({"StartAt": "T", "States": {"T": {"Type": "Task", **state, "End": True}}})
    document = role_policy(machine, WHERE, "Main").document() or {"Statement": []}
    return {(a, r) for s in document["Statement"] for a in s["Action"] for r in s["Resource"]}


def pairs(actions: tuple[str, ...] | str, *resources: str) -> set[tuple[str, str]]:
    names = (actions,) if isinstance(actions, str) else actions
    return {(a, r) for a in names for r in resources}


# Each case follows the policy on the service's "IAM policies for ..." page of the AWS Step
# Functions Developer Guide, static-resource form.
DOCUMENTED = {
    "sns-publish": (
        {
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"},
        },
        pairs("sns:Publish", "arn:aws:sns:us-east-1:123456789012:t"),
    ),
    "sqs-send-callback": (
        {
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {
                "QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
                "MessageBody": {"t.$": "$$.Task.Token"},
            },
        },
        pairs("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:q"),
    ),
    "dynamodb-get": (
        {"Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {"TableName": "T", "Key": {}}},
        pairs("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:123456789012:table/T"),
    ),
    "dynamodb-update": (
        {"Resource": "arn:aws:states:::dynamodb:updateItem", "Parameters": {"TableName": "T", "Key": {}}},
        pairs("dynamodb:UpdateItem", "arn:aws:dynamodb:us-east-1:123456789012:table/T"),
    ),
    "dynamodb-delete": (
        {"Resource": "arn:aws:states:::dynamodb:deleteItem", "Parameters": {"TableName": "T", "Key": {}}},
        pairs("dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:123456789012:table/T"),
    ),
    "events-default-bus": (
        {
            "Resource": "arn:aws:states:::events:putEvents",
            "Parameters": {"Entries": [{"Detail": {}, "Source": "s"}]},
        },
        pairs("events:PutEvents", "arn:aws:events:us-east-1:123456789012:event-bus/default"),
    ),
    "lambda-invoke": (
        {
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "Work", "Payload.$": "$"},
        },
        pairs(
            "lambda:InvokeFunction",
            "arn:aws:lambda:us-east-1:123456789012:function:Work",
            "arn:aws:lambda:us-east-1:123456789012:function:Work:*",
        ),
    ),
    "start-execution": (
        {"Resource": "arn:aws:states:::states:startExecution", "Parameters": {"StateMachineArn": SM}},
        pairs("states:StartExecution", SM),
    ),
    "start-execution-sync": (
        {"Resource": "arn:aws:states:::states:startExecution.sync", "Parameters": {"StateMachineArn": SM}},
        pairs("states:StartExecution", SM)
        | pairs(
            ("states:DescribeExecution", "states:StopExecution"),
            "arn:aws:states:us-east-1:123456789012:execution:Child:*",
        )
        | pairs(EVENTS, RULE + "StepFunctionsExecutionRule"),
    ),
    "ecs-run-task-sync": (
        {"Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"TaskDefinition": "web:3"}},
        pairs("ecs:RunTask", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3")
        | pairs(("ecs:DescribeTasks", "ecs:StopTask"), "*")
        | pairs(EVENTS, RULE + "ECSTaskRule"),
    ),
    "batch-submit-sync": (
        {
            "Resource": "arn:aws:states:::batch:submitJob.sync",
            "Parameters": {"JobName": "j", "JobQueue": "q", "JobDefinition": "d"},
        },
        pairs(
            "batch:SubmitJob",
            "arn:aws:batch:us-east-1:123456789012:job-queue/q",
            "arn:aws:batch:us-east-1:123456789012:job-definition/d:*",
        )
        | pairs(("batch:DescribeJobs", "batch:TerminateJob"), "*")
        | pairs(EVENTS, RULE + "BatchJobsRule"),
    ),
    "glue-sync": (
        {"Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "etl"}},
        pairs(
            ("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"),
            "arn:aws:glue:us-east-1:123456789012:job/etl",
        ),
    ),
    "sdk-list-objects": (
        {"Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2", "Parameters": {"Bucket": "reports"}},
        pairs("s3:ListBucket", "arn:aws:s3:::reports"),
    ),
    "sdk-get-object": (
        {"Resource": "arn:aws:states:::aws-sdk:s3:getObject", "Parameters": {"Bucket": "b", "Key": "k.json"}},
        pairs("s3:GetObject", "arn:aws:s3:::b/k.json"),
    ),
    "sdk-sfn-uses-states-prefix": (
        {
            "Resource": "arn:aws:states:::aws-sdk:sfn:describeStateMachine",
            "Parameters": {"StateMachineArn": SM},
        },
        pairs("states:DescribeStateMachine", SM),
    ),
}


@pytest.mark.parametrize("state,expected", DOCUMENTED.values(), ids=DOCUMENTED.keys())
def test_grants_follow_the_documented_policies(state: dict[str, Any], expected: set[tuple[str, str]]) -> None:
    assert grants(state) == expected


def test_a_run_time_resource_gets_the_narrowest_form_and_a_warning() -> None:
    machine = parse_machine(
        {
            "StartAt": "Save",
            "States": {
                "Save": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName.$": "$.table", "Item": {}},
                    "End": True,
                }
            },
        }
    )
    policy = role_policy(machine, WHERE, "Main")
    assert policy.document()["Statement"] == [  # type: ignore[index]
        {
            "Effect": "Allow",
            "Action": ["dynamodb:PutItem"],
            "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/*"],
        }
    ]
    assert policy.warnings == [
        "state 'Save': 'TableName' is only known at run time, so the role allows it on "
        "'arn:aws:dynamodb:us-east-1:123456789012:table/*'"
    ]


def test_a_distributed_map_may_start_its_own_state_machine() -> None:
    machine = parse_machine(
        {
            "StartAt": "M",
            "States": {
                "M": {
                    "Type": "Map",
                    "ItemReader": {
                        "Resource": "arn:aws:states:::s3:getObject",
                        "Parameters": {"Bucket": "in", "Key": "k"},
                    },
                    "ItemProcessor": {
                        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "P",
                        "States": {"P": {"Type": "Pass", "End": True}},
                    },
                    "End": True,
                }
            },
        }
    )
    document = role_policy(machine, WHERE, "Main").document()
    assert document is not None
    found = {(a, r) for s in document["Statement"] for a in s["Action"] for r in s["Resource"]}
    assert found == (
        pairs("states:StartExecution", "arn:aws:states:us-east-1:123456789012:stateMachine:Main")
        | pairs(
            ("states:DescribeExecution", "states:StopExecution"),
            "arn:aws:states:us-east-1:123456789012:execution:Main/*",
        )
        | pairs(("s3:GetObject", "s3:ListBucket"), "arn:aws:s3:::in", "arn:aws:s3:::in/*")
    )


def test_no_action_is_a_wildcard(repo_root: Path) -> None:
    machine = parse_machine(
        __import__("json").loads((repo_root / "tests/deploy/data/integrations.asl.json").read_text())
    )
    document = role_policy(machine, WHERE, "Main").document()
    assert document is not None
    assert all("*" not in action for s in document["Statement"] for action in s["Action"])
