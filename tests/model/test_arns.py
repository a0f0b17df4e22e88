"""One ARN parser for every partition: the model's, read by checks, engine, service and the run API
(issue 9, item 7)."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl
from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import Return
from flowdsl.model.resources import Arn, invoked_function, parse_arn, task_resource_names

PARTITIONS = ["aws", "aws-cn", "aws-us-gov"]

ARNS = {
    "function": (
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:Work:live",
        Arn("aws-cn", "lambda", "cn-north-1", "123456789012", "function:Work:live"),
    ),
    "integration": (
        "arn:aws-us-gov:states:::sns:publish",
        Arn("aws-us-gov", "states", "", "", "sns:publish"),
    ),
    "placeholder-partition": (
        "arn:${AWS::Partition}:states:::lambda:invoke",
        Arn("${AWS::Partition}", "states", "", "", "lambda:invoke"),
    ),
    "truncated": ("arn:aws:lambda", Arn("aws", "lambda")),
}


@pytest.mark.parametrize(("text", "expected"), ARNS.values(), ids=ARNS.keys())
def test_arns_split_into_their_parts(text: str, expected: Arn) -> None:
    assert parse_arn(text) == expected


def test_other_text_is_no_arn() -> None:
    assert [parse_arn(text) for text in ("my-function", "${WorkArn}", "")] == [None, None, None]
    template = parse_arn("arn:${AWS::Partition}:states:::lambda:invoke")
    assert template is not None and not template.standard


@pytest.mark.parametrize(
    ("resource", "names"),
    [
        ("arn:aws-cn:states:::sqs:sendMessage.waitForTaskToken", ("sqs", "sendMessage.waitForTaskToken")),
        ("arn:aws:states:::aws-sdk:s3:getObject", ("aws-sdk", "s3:getObject")),
        ("arn:aws:states:::states:startExecution.sync:2", ("states", "startExecution.sync:2")),
        ("arn:aws:states:us-east-1:123456789012:activity:Review", ("activity", "Review")),
    ],
)
def test_history_names_what_a_task_calls(resource: str, names: tuple[str, str]) -> None:
    assert task_resource_names(resource) == names


@pytest.mark.parametrize(
    "name",
    [
        "Work",
        "Work:live",
        "123456789012:function:Work",
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:Work:3",
    ],
)
def test_a_function_name_with_a_version_or_alias_invokes_the_function(name: str) -> None:
    assert invoked_function(name) == "Work"


def _invoke(partition: str) -> dict[str, Any]:
    task = {"Type": "Task", "Resource": f"arn:{partition}:states:::lambda:invoke", "End": True}
    task["Parameters"] = {"FunctionName": "Work", "Payload.$": "$"}
    return {"StartAt": "T", "States": {"T": task}}


@pytest.mark.parametrize("partition", PARTITIONS)
def test_the_lambda_integration_runs_its_handler_in_every_partition(partition: str) -> None:
    execution = flowdsl.run(_invoke(partition), {"n": 1}, handlers={"Work": lambda event, _: event["n"] + 1})
    assert (execution.status, execution.output["Payload"]) == ("SUCCEEDED", 2)


@pytest.mark.parametrize("partition", PARTITIONS)
def test_an_unmocked_integration_is_explained_in_every_partition(partition: str) -> None:
    task = {"Type": "Task", "Resource": f"arn:{partition}:states:::sqs:sendMessage", "End": True}
    task["Parameters"] = {"QueueUrl": "q", "MessageBody": "m"}
    definition = {"StartAt": "Send", "States": {"Send": task}}
    with pytest.raises(FlowdslError) as caught:
        flowdsl.run(definition, {})
    (problem,) = caught.value.diagnostics
    assert problem.code == "unbound-task"
    assert "which runs only on aws: mock the state" in problem.message
    assert flowdsl.run(definition, {}, mocks={"Send": Return({"MessageId": "1"})}).succeeded
