"""The in-process client: boto3's method names, and responses that fit botocore's service model."""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

import pytest

from flowdsl.engine.mockconfig import parse_mock_config
from flowdsl.service import Client
from tests.service.conftest import ROLE
from tests.service.shapes import problems

PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": 1}, "End": True}}}
CALLBACK = {
    "StartAt": "Ask",
    "States": {
        "Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "HeartbeatSeconds": 1,
            "End": True,
        }
    },
}


@pytest.fixture
def sfn() -> Client:
    return Client(endpoint="", poll_seconds=0.2)


def create(sfn: Client, name: str, definition: dict[str, Any], **extra: Any) -> str:
    response = sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE, **extra)
    assert problems("CreateStateMachine", response) == []
    return str(response["stateMachineArn"])


def finished(sfn: Client, arn: str) -> dict[str, Any]:
    described = sfn.wait(arn, timeout=10)
    assert problems("DescribeExecution", described) == []
    return described


def token_of(sfn: Client, arn: str) -> str:
    for _ in range(100):
        for event in sfn.get_execution_history(executionArn=arn)["events"]:
            if event["type"] == "TaskScheduled":
                return str(
                    json.loads(event["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
                )
        time.sleep(0.02)
    raise AssertionError("no TaskScheduled event")


def test_state_machine_calls_fit_the_service_model(sfn: Client) -> None:
    arn = create(sfn, "m", PASS)
    assert problems("DescribeStateMachine", sfn.describe_state_machine(stateMachineArn=arn)) == []
    updated = sfn.update_state_machine(stateMachineArn=arn, definition=json.dumps(CALLBACK))
    assert problems("UpdateStateMachine", updated) == []
    assert json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"]) == CALLBACK
    listed = sfn.list_state_machines()
    assert problems("ListStateMachines", listed) == [] and len(listed["stateMachines"]) == 1
    sfn.delete_state_machine(stateMachineArn=arn)
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.describe_state_machine(stateMachineArn=arn)


def test_execution_calls_and_paged_history(sfn: Client) -> None:
    arn = create(sfn, "m", PASS)
    started = sfn.start_execution(stateMachineArn=arn, name="a", input='{"x": 1}')
    assert problems("StartExecution", started) == []
    assert finished(sfn, started["executionArn"])["output"] == '{"ok":1}'
    first = sfn.get_execution_history(executionArn=started["executionArn"], maxResults=2)
    rest = sfn.get_execution_history(executionArn=started["executionArn"], nextToken=first["nextToken"])
    assert problems("GetExecutionHistory", first) == [] and problems("GetExecutionHistory", rest) == []
    kinds = [e["type"] for e in first["events"] + rest["events"]]
    assert kinds == ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    assert "nextToken" not in rest
    listed = sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED")
    assert problems("ListExecutions", listed) == [] and len(listed["executions"]) == 1
    for_execution = sfn.describe_state_machine_for_execution(executionArn=started["executionArn"])
    assert problems("DescribeStateMachineForExecution", for_execution) == []
    with pytest.raises(sfn.exceptions.InvalidToken):
        sfn.get_execution_history(executionArn=started["executionArn"], nextToken="bogus")


def test_start_sync_execution_is_for_express_machines(sfn: Client) -> None:
    express = create(sfn, "fast", PASS, type="EXPRESS")
    response = sfn.start_sync_execution(stateMachineArn=express, input="{}")
    assert problems("StartSyncExecution", response) == []
    assert (response["status"], response["output"]) == ("SUCCEEDED", '{"ok":1}')
    with pytest.raises(sfn.exceptions.StateMachineTypeNotSupported):
        sfn.start_sync_execution(stateMachineArn=create(sfn, "slow", PASS), input="{}")


def test_heartbeats_keep_a_callback_alive_until_it_misses_one(sfn: Client) -> None:
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", CALLBACK))["executionArn"]
    token = token_of(sfn, arn)
    for _ in range(3):
        time.sleep(0.5)
        sfn.send_task_heartbeat(taskToken=token)
    described = finished(sfn, arn)
    assert (described["status"], described["error"]) == ("FAILED", "States.HeartbeatTimeout")
    timed_out = sfn.get_execution_history(executionArn=arn, reverseOrder=True)["events"][1]
    assert timed_out["type"] == "TaskTimedOut"
    with pytest.raises(sfn.exceptions.TaskTimedOut):
        sfn.send_task_success(taskToken=token, output="{}")


def test_activity_worker_long_polls(sfn: Client) -> None:
    activity = sfn.create_activity(name="work")
    assert problems("CreateActivity", activity) == []
    assert sfn.get_activity_task(activityArn=activity["activityArn"]) == {}  # nothing queued: the poll ends
    machine = {
        "StartAt": "W",
        "States": {"W": {"Type": "Task", "Resource": activity["activityArn"], "End": True}},
    }
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", machine), input='{"n": 2}')["executionArn"]
    results: list[dict[str, Any]] = []
    thread = threading.Thread(
        target=lambda: results.append(sfn.get_activity_task(activityArn=activity["activityArn"]))
    )
    thread.start()
    thread.join(5)
    assert problems("GetActivityTask", results[0]) == [] and json.loads(results[0]["input"]) == {"n": 2}
    sfn.send_task_failure(taskToken=results[0]["taskToken"], error="Worker.Broke", cause="disk full")
    assert finished(sfn, arn)["error"] == "Worker.Broke"
    assert problems("ListActivities", sfn.list_activities()) == []
    sfn.delete_activity(activityArn=activity["activityArn"])
    with pytest.raises(sfn.exceptions.ActivityDoesNotExist):
        sfn.get_activity_task(activityArn=activity["activityArn"])


def test_stop_ends_a_wait_on_the_real_clock() -> None:
    sfn = Client(endpoint="", real_time=True)
    waiting = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": True}}}
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", waiting))["executionArn"]
    time.sleep(0.1)
    assert problems("StopExecution", sfn.stop_execution(executionArn=arn)) == []
    described = finished(sfn, arn)
    assert described["status"] == "ABORTED" and "error" not in described
    last = sfn.get_execution_history(executionArn=arn, reverseOrder=True)["events"][0]
    assert (last["type"], last["executionAbortedEventDetails"]) == ("ExecutionAborted", {})


def test_an_integration_without_endpoint_says_how_to_fix_it(sfn: Client) -> None:
    machine = {
        "StartAt": "Q",
        "States": {"Q": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True}},
    }
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", machine))["executionArn"]
    described = finished(sfn, arn)
    assert described["error"] == "States.Runtime"
    assert "state 'Q'" in described["cause"] and "--aws-endpoint" in described["cause"]
    assert "--mock" in described["cause"]


def test_validate_and_test_state(sfn: Client) -> None:
    broken = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}
    checked = sfn.validate_state_machine_definition(definition=json.dumps(broken))
    assert problems("ValidateStateMachineDefinition", checked) == [] and checked["result"] == "FAIL"
    assert checked["diagnostics"][0]["location"] == "/States/A/Next"
    choice = {
        "Type": "Choice",
        "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}],
        "Default": "Small",
    }
    tested = sfn.test_state(definition=json.dumps(choice), input='{"n": 5}', roleArn=ROLE)
    assert problems("TestState", tested) == []
    assert (tested["status"], tested["nextState"], tested["output"]) == ("SUCCEEDED", "Big", '{"n":5}')


def test_tags_and_names(sfn: Client) -> None:
    arn = create(sfn, "tagged", PASS)
    sfn.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "a"}, {"key": "env", "value": "dev"}])
    sfn.untag_resource(resourceArn=arn, tagKeys=["env"])
    listed = sfn.list_tags_for_resource(resourceArn=arn)
    assert problems("ListTagsForResource", listed) == [] and listed["tags"] == [{"key": "team", "value": "a"}]
    with pytest.raises(sfn.exceptions.InvalidName):
        sfn.start_execution(stateMachineArn=arn, name="has space")
    with pytest.raises(sfn.exceptions.InvalidName):
        create(sfn, "a:b", PASS)


def test_a_mock_file_test_case_is_picked_as_step_functions_local_does() -> None:
    config = parse_mock_config(
        {
            "StateMachines": {"m": {"TestCases": {"Happy": {"Ask": "Approved"}}}},
            "MockedResponses": {"Approved": {"0": {"Return": {"approved": True}}}},
        }
    )
    sfn = Client(mock_config=config)
    arn = create(sfn, "m", CALLBACK)
    run = sfn.start_execution(stateMachineArn=f"{arn}#Happy")["executionArn"]
    assert json.loads(finished(sfn, run)["output"]) == {"approved": True}


def test_the_machine_timeout_ends_a_run_waiting_on_a_callback(sfn: Client) -> None:
    ask = {**json.loads(json.dumps(CALLBACK))["States"]["Ask"], "HeartbeatSeconds": 60}
    machine = {"StartAt": "Ask", "TimeoutSeconds": 1, "States": {"Ask": ask}}
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", machine))["executionArn"]
    described = finished(sfn, arn)
    assert described["status"] == "TIMED_OUT" and "error" not in described
    last = sfn.get_execution_history(executionArn=arn, reverseOrder=True)["events"][0]
    assert (last["type"], last["executionTimedOutEventDetails"]["error"]) == (
        "ExecutionTimedOut",
        "States.Timeout",
    )


def test_callbacks_in_parallel_branches_wait_at_the_same_time(sfn: Client) -> None:
    ask = json.loads(json.dumps(CALLBACK))["States"]["Ask"] | {"HeartbeatSeconds": 30}
    branches = [{"StartAt": name, "States": {name: ask}} for name in ("Left", "Right")]
    parallel = {"Type": "Parallel", "Branches": branches, "End": True}
    pause = {"Type": "Wait", "Seconds": 3600, "Next": "Both"}
    waiting = {"StartAt": "Pause", "States": {"Pause": pause, "Both": parallel}}
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", waiting))["executionArn"]
    tokens: dict[str, str] = {}
    for _ in range(200):
        for event in sfn.get_execution_history(executionArn=arn)["events"]:
            if event["type"] == "TaskScheduled":
                body = json.loads(event["taskScheduledEventDetails"]["parameters"])["MessageBody"]
                tokens[str(event["previousEventId"])] = body["token"]
        if len(tokens) == 2:
            break
        time.sleep(0.02)
    for answer, token in enumerate(reversed(list(tokens.values()))):
        sfn.send_task_success(taskToken=token, output=json.dumps(answer))
    described = finished(sfn, arn)
    assert described["status"] == "SUCCEEDED"
    assert sorted(json.loads(described["output"])) == [0, 1]


def test_an_activity_heartbeat_starts_when_a_worker_takes_the_task(sfn: Client) -> None:
    activity = sfn.create_activity(name="slow")["activityArn"]
    task = {"Type": "Task", "Resource": activity, "HeartbeatSeconds": 1, "TimeoutSeconds": 30, "End": True}
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", {"StartAt": "W", "States": {"W": task}}))
    time.sleep(1.5)  # queued longer than HeartbeatSeconds: still waiting for a worker
    assert sfn.describe_execution(executionArn=arn["executionArn"])["status"] == "RUNNING"
    taken = sfn.get_activity_task(activityArn=activity, workerName="late")
    sfn.send_task_success(taskToken=taken["taskToken"], output='"done"')
    assert finished(sfn, arn["executionArn"])["output"] == '"done"'


def test_integrations_without_boto3_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # `import boto3` now raises ImportError
    sfn = Client(endpoint="http://127.0.0.1:9")
    publish = {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True}
    arn = sfn.start_execution(stateMachineArn=create(sfn, "m", {"StartAt": "P", "States": {"P": publish}}))
    described = finished(sfn, arn["executionArn"])
    assert described["error"] == "States.Runtime" and "pip install 'flowdsl[aws]'" in described["cause"]
