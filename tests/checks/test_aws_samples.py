"""Definitions AWS deploys (its public sample workflows) are not refused (issue #10)."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl
from flowdsl import Severity
from flowdsl.checks.resources import resource_problem
from flowdsl.engine import Return


def quorum(error_equals: list[str]) -> dict[str, Any]:
    branch = {
        "StartAt": "F",
        "States": {"F": {"Type": "Fail", "Error": "States.QuorumMet", "Cause": "3 of 5"}},
    }
    return {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [branch],
                "Catch": [{"ErrorEquals": error_equals, "ResultPath": "$.why", "Next": "Done"}],
                "End": True,
            },
            "Done": {"Type": "Succeed"},
        },
    }


def test_a_custom_states_error_name_is_a_warning_at_most() -> None:
    (found,) = flowdsl.validate(quorum(["States.QuorumMet"]))
    assert (found.code, found.severity) == ("unknown-error-name", Severity.WARNING)


@pytest.mark.parametrize("error_equals", [["States.QuorumMet"], ["States.ALL"], ["States.TaskFailed"]])
def test_the_engine_treats_a_custom_states_name_as_an_ordinary_name(error_equals: list[str]) -> None:
    execution = flowdsl.run(quorum(error_equals), {})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {"why": {"Error": "States.QuorumMet", "Cause": "3 of 5"}}


def test_an_uncaught_custom_states_name_fails_the_execution_with_it() -> None:
    data = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "States.QuorumMet"}}}
    assert flowdsl.validate(data) == []
    assert flowdsl.run(data).error == "States.QuorumMet"


REGIONAL = [
    "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject",
    "arn:aws:states:eu-west-2:123456789012:lambda:invoke",
    "arn:aws:states:us-east-1:123456789012:sqs:sendMessage.waitForTaskToken",
    "arn:aws-cn:states:cn-north-1:123456789012:states:startExecution.sync:2",
]


@pytest.mark.parametrize("resource", REGIONAL)
def test_an_integration_arn_with_region_and_account_is_accepted(resource: str) -> None:
    assert resource_problem(resource) is None


@pytest.mark.parametrize(
    "resource",
    ["arn:aws:states:us-east-1:123456789012:stateMachine:x", "arn:aws:states:us-east-1:12345:aws-sdk:s3"],
)
def test_a_regional_arn_that_is_no_integration_is_still_refused(resource: str) -> None:
    assert resource_problem(resource) is not None


def test_the_engine_invokes_a_regional_lambda_invoke_like_the_usual_form() -> None:
    resource = "arn:aws:states:us-east-1:123456789012:lambda:invoke"
    task = {"Type": "Task", "Resource": resource, "Parameters": {"FunctionName": "F", "Payload.$": "$"}}
    data = {"StartAt": "T", "States": {"T": {**task, "OutputPath": "$.Payload", "End": True}}}
    execution = flowdsl.run(data, {"a": 1}, handlers={"F": lambda event, _: {"got": event}})
    assert execution.output == {"got": {"a": 1}}


def test_a_regional_sdk_integration_is_mocked_like_the_usual_form() -> None:
    task = {"Type": "Task", "Resource": REGIONAL[0], "Parameters": {"Bucket": "b", "Key": "k"}, "End": True}
    data = {"StartAt": "Get", "States": {"Get": task}}
    assert flowdsl.validate(data) == []
    assert flowdsl.run(data, {}, mocks={"Get": Return({"Body": "x"})}).output == {"Body": "x"}


ITEMS = [{"bucket": "b1", "key": "k1", "size": 1}, {"bucket": "b2", "size": 2}, {"other": 3}]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # Jayway merges the keys each object has into one object per match.
        ("$.[*].['bucket','key']", [{"bucket": "b1", "key": "k1"}, {"bucket": "b2"}, {}]),
        ('$[*]["bucket","size"]', [{"bucket": "b1", "size": 1}, {"bucket": "b2", "size": 2}, {}]),
        # After a reference path the step is definite: the one merged object.
        ("$[0]['key','size']", {"key": "k1", "size": 1}),
        ("$.[1].['size']", 2),
    ],
)
def test_jayway_bracket_paths_with_several_quoted_keys(path: str, expected: Any) -> None:
    data = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": path}, "End": True}}}
    assert flowdsl.validate(data) == []
    assert flowdsl.run(data, ITEMS).output == {"x": expected}
