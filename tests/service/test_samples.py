"""AWS's sample projects, run end to end on the in-process client.

- "Human approval" (AWS Developer Guide, "Deploying an example human approval project"): a
  `lambda:invoke.waitForTaskToken` Task hands the token to a function that would email the
  approver; the approver's answer (SendTaskSuccess) picks the branch.
- "Nested workflows" (AWS Developer Guide, "Start a new AWS Step Functions state machine from a
  running execution"): a parent starts a child with `.sync` (Output as a JSON string), and
  without waiting (ExecutionArn and StartDate).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from flowdsl.service import Client
from tests.service.conftest import ROLE

APPROVAL = {
    "StartAt": "Lambda Callback",
    "States": {
        "Lambda Callback": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {
                "FunctionName": "SendApprovalEmail",
                "Payload": {"ExecutionContext.$": "$$", "APIGatewayEndpoint": "https://example.com/prod"},
            },
            "Next": "ManualApprovalChoiceState",
        },
        "ManualApprovalChoiceState": {
            "Type": "Choice",
            "Choices": [
                {
                    "Variable": "$.Status",
                    "StringEquals": "Approved! Task approved by x@example.com",
                    "Next": "Approved",
                },
                {
                    "Variable": "$.Status",
                    "StringEquals": "Rejected! Task rejected by x@example.com",
                    "Next": "Rejected",
                },
            ],
        },
        "Approved": {"Type": "Pass", "End": True},
        "Rejected": {"Type": "Pass", "End": True},
    },
}


@pytest.mark.parametrize(("answer", "last"), [("Approved", "Approved"), ("Rejected", "Rejected")])
def test_human_approval(answer: str, last: str) -> None:
    emails: list[dict[str, Any]] = []

    def send_approval_email(event: dict[str, Any], context: Any) -> None:
        emails.append(event)

    sfn = Client(handlers={"SendApprovalEmail": send_approval_email})
    machine = sfn.create_state_machine(name="approval", definition=json.dumps(APPROVAL), roleArn=ROLE)
    run = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input="{}")["executionArn"]
    for _ in range(100):
        if emails:
            break
        time.sleep(0.02)
    token = emails[0]["ExecutionContext"]["Task"]["Token"]
    assert emails[0]["ExecutionContext"]["Execution"]["Id"] == run
    status = f"{answer}! Task {answer.lower()} by x@example.com"
    sfn.send_task_success(taskToken=token, output=json.dumps({"Status": status}))
    described = sfn.wait(run)
    assert (described["status"], json.loads(described["output"])) == ("SUCCEEDED", {"Status": status})
    entered = [
        e["stateEnteredEventDetails"]["name"]
        for e in sfn.get_execution_history(executionArn=run)["events"]
        if e["type"].endswith("StateEntered")
    ]
    assert entered == ["Lambda Callback", "ManualApprovalChoiceState", last]


CHILD = {
    "StartAt": "Work",
    "States": {"Work": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a, $.b)"}, "End": True}},
}


def nested(child_arn: str) -> dict[str, Any]:
    parameters = {
        "StateMachineArn": child_arn,
        "Input": {"a": 2, "b.$": "$.b", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"},
    }
    return {
        "StartAt": "Wait for child",
        "States": {
            "Wait for child": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution.sync",
                "Parameters": parameters,
                "ResultSelector": {"Output.$": "$.Output", "Status.$": "$.Status"},
                "ResultPath": "$.child",
                "Next": "Start and go on",
            },
            "Start and go on": {
                "Type": "Task",
                "Resource": "arn:aws:states:::states:startExecution",
                "Parameters": parameters,
                "ResultPath": "$.started",
                "End": True,
            },
        },
    }


def test_nested_workflows() -> None:
    sfn = Client()
    child = sfn.create_state_machine(name="child", definition=json.dumps(CHILD), roleArn=ROLE)[
        "stateMachineArn"
    ]
    parent = sfn.create_state_machine(name="parent", definition=json.dumps(nested(child)), roleArn=ROLE)
    run = sfn.start_execution(stateMachineArn=parent["stateMachineArn"], input='{"b": 3}')["executionArn"]
    output = json.loads(sfn.wait(run)["output"])
    assert output["child"] == {"Output": '{"sum":5}', "Status": "SUCCEEDED"}  # .sync: Output is a string
    assert set(output["started"]) == {"ExecutionArn", "StartDate"}
    second = sfn.wait(output["started"]["ExecutionArn"])
    assert (second["status"], second["output"]) == ("SUCCEEDED", '{"sum":5}')
    assert json.loads(second["input"])["AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID"] == run
    children = sfn.list_executions(stateMachineArn=child)["executions"]
    assert len(children) == 2


def test_a_failing_child_fails_the_sync_task() -> None:
    sfn = Client()
    failing = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Child.Broke", "Cause": "no"}}}
    child = sfn.create_state_machine(name="child", definition=json.dumps(failing), roleArn=ROLE)[
        "stateMachineArn"
    ]
    parent = sfn.create_state_machine(name="parent", definition=json.dumps(nested(child)), roleArn=ROLE)
    run = sfn.start_execution(stateMachineArn=parent["stateMachineArn"], input='{"b": 3}')["executionArn"]
    described = sfn.wait(run)
    assert (described["status"], described["error"]) == ("FAILED", "States.TaskFailed")
    assert json.loads(described["cause"])["Error"] == "Child.Broke"
