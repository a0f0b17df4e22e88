"""Requests are checked against the Step Functions API model before any action runs.

Missing required members are AWS's ValidationException, members of the wrong JSON type its
SerializationException (the JSON 1.0 protocol's answer), unknown members refused as botocore
refuses them, at any depth; the HTTP server answers the same in AWS's error shape.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from flowdsl.service import Client
from flowdsl.service.core import Service
from flowdsl.service.errors import SfnError
from flowdsl.service.wire import handle

ROLE = "arn:aws:iam::123456789012:role/r"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


@pytest.mark.parametrize(
    ("operation", "params", "code", "says"),
    [
        ("create_state_machine", {"name": "m", "roleArn": ROLE}, "ValidationException", "'definition'"),
        ("create_state_machine", {"name": "m", "definition": [], "roleArn": ROLE}, "SerializationException",
         "'definition' must be a string, not a list"),
        ("list_executions", {"stateMachineArn": "a", "maxResults": "10"}, "SerializationException",
         "'maxResults' must be an integer, not a string"),
        ("list_executions", {"stateMachineArn": "a", "maxResults": True}, "SerializationException",
         "'maxResults' must be an integer, not a boolean"),
        ("start_execution", {"stateMachineArn": "a", "inputt": "{}"}, "ValidationException",
         'Unknown parameter in input: "inputt"'),
        ("create_state_machine", {"name": "m", "definition": PASS, "roleArn": ROLE,
         "loggingConfiguration": {"level": 3}}, "SerializationException",
         "'loggingConfiguration.level' must be a string"),
        ("tag_resource", {"resourceArn": "a", "tags": [{"key": "k", "value": 1}]}, "SerializationException",
         "'tags[0].value' must be a string, not an integer"),
    ],
)  # fmt: skip
def test_a_request_off_the_model_is_refused_in_aws_shape(
    operation: str, params: dict[str, Any], code: str, says: str
) -> None:
    with pytest.raises(SfnError) as caught:
        getattr(Client(), operation)(**params)
    assert caught.value.response["Error"]["Code"] == code
    assert says in caught.value.response["Error"]["Message"]


def test_the_wire_answers_the_same() -> None:
    body = json.dumps({"name": "m", "definition": {"StartAt": "P"}, "roleArn": ROLE}).encode()
    status, response = handle(Service(), "AWSStepFunctions.CreateStateMachine", body)
    assert status == 400
    assert response["__type"] == "SerializationException"


def test_null_members_are_absent_and_valid_requests_pass() -> None:
    sfn = Client()
    arn = sfn.create_state_machine(name="m", definition=PASS, roleArn=ROLE, type=None)["stateMachineArn"]
    run = sfn.start_execution(stateMachineArn=arn, input="{}", name=None)
    assert sfn.wait(run["executionArn"])["status"] == "SUCCEEDED"


def test_input_json_cannot_carry_is_refused_at_start() -> None:
    sfn = Client()
    arn = sfn.create_state_machine(name="m", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    with pytest.raises(sfn.exceptions.InvalidExecutionInput):
        sfn.start_execution(stateMachineArn=arn, input='"\\ud800"')
