"""Service integrations called for real on a moto server, shaped as Step Functions shapes them."""

from __future__ import annotations

import io
import json
import time
import zipfile
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


def _function(aws_env: str) -> str:
    """A Lambda function on moto (its Docker-free backend echoes the payload)."""
    iam = boto3.client("iam", endpoint_url=aws_env)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
             "Principal": {"Service": "lambda.amazonaws.com"}}]}  # fmt: skip
    role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("h.py", "def handler(event, context):\n    return event\n")
    created = boto3.client("lambda", endpoint_url=aws_env).create_function(
        FunctionName="echo",
        Runtime="python3.12",
        Role=role,
        Handler="h.handler",
        Code={"ZipFile": buffer.getvalue()},
    )
    return str(created["FunctionArn"])


def test_lambda_invoke_decodes_the_payload(sfn: Any, aws_env: str) -> None:
    function = _function(aws_env)
    states = {
        "Invoke": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": function, "Payload": {"n.$": "$.n"}},
            "Next": "Direct",
        },
        "Direct": {"Type": "Task", "Resource": function, "InputPath": "$.Payload", "End": True},
    }
    described = run(sfn, states, '{"n": 3}')
    assert (described["status"], json.loads(described["output"])) == ("SUCCEEDED", {"n": 3})
    events = sfn.get_execution_history(executionArn=described["executionArn"])["events"]
    invoked = json.loads(
        next(e for e in events if e["type"] == "TaskSucceeded")["taskSucceededEventDetails"]["output"]
    )
    assert invoked["Payload"] == {"n": 3} and invoked["StatusCode"] == 200
    assert {"ExecutedVersion", "SdkHttpMetadata", "SdkResponseMetadata"} <= set(invoked)
    assert "LambdaFunctionSucceeded" in [e["type"] for e in events]


def test_a_sync_job_elsewhere_is_polled_until_it_ends(sfn: Any, aws_env: str) -> None:
    # A state machine on moto, not on flowdsl serve: startExecution.sync:2 polls moto's DescribeExecution.
    moto_sfn = boto3.client("stepfunctions", endpoint_url=aws_env)
    child = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"from": "moto"}, "End": True}}}
    arn = moto_sfn.create_state_machine(name="elsewhere", definition=json.dumps(child), roleArn=ROLE)
    states = {
        "Run": {
            "Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": arn["stateMachineArn"], "Input": {}},
            "ResultSelector": {"Output.$": "$.Output", "Status.$": "$.Status"},
            "End": True,
        }
    }
    described = run(sfn, states)
    assert described.get("cause") is None
    assert json.loads(described["output"]) == {"Output": {"from": "moto"}, "Status": "SUCCEEDED"}


def test_an_athena_query_sync_waits_for_the_query(sfn: Any) -> None:
    # The registry's sync_job for athena:startQueryExecution: poll getQueryExecution by the id started.
    states = {
        "Query": {
            "Type": "Task",
            "Resource": "arn:aws:states:::athena:startQueryExecution.sync",
            "Parameters": {
                "QueryString": "SELECT 1",
                "ResultConfiguration": {"OutputLocation": "s3://results/"},
            },
            "ResultSelector": {
                "State.$": "$.QueryExecution.Status.State",
                "Id.$": "$.QueryExecution.QueryExecutionId",
            },
            "End": True,
        }
    }
    output = json.loads(run(sfn, states)["output"])
    assert output["State"] == "SUCCEEDED" and output["Id"]


def test_a_glue_job_run_sync_asks_with_the_job_name_it_was_given(sfn: Any, aws_env: str) -> None:
    # getJobRun takes the JobName from the Task's parameters and the RunId from the start's response.
    glue = boto3.client("glue", endpoint_url=aws_env, region_name="us-east-1")
    glue.create_job(Name="nightly", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://x/y.py"})
    states = {
        "Job": {
            "Type": "Task",
            "Resource": "arn:aws:states:::glue:startJobRun.sync",
            "Parameters": {"JobName": "nightly"},
            "ResultSelector": {"Name.$": "$.JobName", "State.$": "$.JobRunState"},
            "End": True,
        }
    }
    described = run(sfn, states)
    assert described.get("cause") is None, described
    assert json.loads(described["output"]) == {"Name": "nightly", "State": "SUCCEEDED"}
