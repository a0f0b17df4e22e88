"""RedriveExecution: an ended execution continues from its unsuccessful state (AWS Developer
Guide, "Restarting state machine executions with redrive"), in-process and through boto3."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from flowdsl.service import Client, Service
from tests.service.conftest import ROLE, boto3_on
from tests.service.shapes import problems

WORK = "arn:aws:lambda:us-east-1:123456789012:function:work"
# Pass, then a Task that fails until the handler is fixed, then a Pass that reads the context.
FLAKY = {
    "StartAt": "Prepare",
    "TimeoutSeconds": 600,
    "States": {
        "Prepare": {"Type": "Pass", "Result": {"order": 7}, "Next": "Work"},
        "Work": {"Type": "Task", "Resource": WORK, "Next": "Report"},
        "Report": {
            "Type": "Pass",
            "Parameters": {
                "work.$": "$",
                "redrives.$": "$$.Execution.RedriveCount",
                "input.$": "$$.Execution.Input",
            },
            "End": True,
        },
    },
}
CALLBACK = {
    "StartAt": "Ask",
    "States": {
        "Ask": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": True,
        }
    },
}


class Flaky:
    """A Lambda handler that raises until `fixed`, recording every event it gets."""

    def __init__(self) -> None:
        self.fixed = False
        self.events: list[Any] = []

    def __call__(self, event: Any, context: Any) -> Any:
        self.events.append(event)
        if not self.fixed:
            raise ConnectionError("the database is down")
        return {"saved": event["order"]}


@pytest.fixture
def flaky() -> Flaky:
    return Flaky()


@pytest.fixture
def sfn(flaky: Flaky) -> Client:
    return Client(endpoint="", handlers={"work": flaky}, poll_seconds=0.2)


def checked(operation: str, response: dict[str, Any]) -> dict[str, Any]:
    response.pop("ResponseMetadata", None)
    assert problems(operation, response) == []
    return response


def create(sfn: Any, definition: dict[str, Any], name: str = "m", **extra: Any) -> str:
    return str(
        sfn.create_state_machine(name=name, definition=json.dumps(definition), roleArn=ROLE, **extra)[
            "stateMachineArn"
        ]
    )


def ended(sfn: Any, execution: str) -> dict[str, Any]:
    for _ in range(500):
        described = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            return checked("DescribeExecution", described)
        time.sleep(0.01)
    raise AssertionError(f"{execution} still RUNNING")


def tokens(sfn: Any, execution: str, count: int) -> list[str]:
    """The task tokens of the execution's TaskScheduled events, once there are `count`."""
    for _ in range(300):
        events = sfn.get_execution_history(executionArn=execution)["events"]
        found = [
            json.loads(e["taskScheduledEventDetails"]["parameters"])["MessageBody"]["token"]
            for e in events
            if e["type"] == "TaskScheduled"
        ]
        if len(found) >= count:
            return found
        time.sleep(0.02)
    raise AssertionError(f"fewer than {count} TaskScheduled events")


def test_a_failed_execution_continues_from_the_failed_state(sfn: Client, flaky: Flaky) -> None:
    timed: dict[str, Any] = json.loads(json.dumps(FLAKY))  # RedriveTime exists once redriven
    timed["States"]["Report"]["Parameters"]["at.$"] = "$$.Execution.RedriveTime"
    machine = create(sfn, timed)
    execution = sfn.start_execution(stateMachineArn=machine, input='{"from": "test"}')["executionArn"]
    failed = ended(sfn, execution)
    assert (failed["status"], failed["redriveStatus"], failed["redriveCount"]) == ("FAILED", "REDRIVABLE", 0)
    flaky.fixed = True
    redriven = checked("RedriveExecution", sfn.redrive_execution(executionArn=execution))
    done = ended(sfn, execution)
    assert done["status"] == "SUCCEEDED" and done["redriveCount"] == 1
    assert done["redriveDate"] == redriven["redriveDate"] and done["input"] == '{"from": "test"}'
    # The Task reran on the input it had; Prepare did not rerun; the context counts the redrive.
    assert flaky.events == [{"order": 7}, {"order": 7}]
    output = json.loads(done["output"])
    assert output.pop("at") == done["redriveDate"].isoformat(timespec="milliseconds").replace("+00:00", "Z")
    assert output == {"work": {"saved": 7}, "redrives": 1, "input": {"from": "test"}}
    assert (done["redriveStatus"], done["redriveStatusReason"]) == (
        "NOT_REDRIVABLE", "Execution is SUCCEEDED and cannot be redriven")  # fmt: skip
    history = checked("GetExecutionHistory", sfn.get_execution_history(executionArn=execution))["events"]
    kinds = [e["type"] for e in history]
    redrive_at = kinds.index("ExecutionRedriven")
    assert (
        kinds[redrive_at - 1] == "ExecutionFailed" and kinds.count("PassStateEntered") == 2
    )  # Prepare, Report
    assert kinds[redrive_at + 1 :][:2] == ["TaskStateEntered", "LambdaFunctionScheduled"]
    assert history[redrive_at]["executionRedrivenEventDetails"] == {"redriveCount": 1}
    assert [e["id"] for e in history] == list(range(1, len(history) + 1))
    assert all(0 <= e["previousEventId"] < e["id"] for e in history)
    assert history[redrive_at + 1]["previousEventId"] == history[redrive_at]["id"]
    assert kinds.count("ExecutionStarted") == 1 and kinds[-1] == "ExecutionSucceeded"


def test_what_cannot_be_redriven_says_why(sfn: Client, flaky: Flaky) -> None:
    machine = create(sfn, FLAKY)
    running = sfn.start_execution(stateMachineArn=create(sfn, CALLBACK, name="cb"))["executionArn"]
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable, match="RUNNING"):
        sfn.redrive_execution(executionArn=running)
    assert sfn.describe_execution(executionArn=running)["redriveStatus"] == "NOT_REDRIVABLE"
    flaky.fixed = True
    succeeded = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    assert ended(sfn, succeeded)["status"] == "SUCCEEDED"
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable, match="SUCCEEDED"):
        sfn.redrive_execution(executionArn=succeeded)
    with pytest.raises(sfn.exceptions.ExecutionDoesNotExist):
        sfn.redrive_execution(executionArn=succeeded + "x")


def test_a_failed_parallel_is_not_redriven_by_rerunning_it(sfn: Client) -> None:
    branch = {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": WORK, "End": True}}}
    parallel = {
        "StartAt": "Both",
        "States": {"Both": {"Type": "Parallel", "Branches": [branch], "End": True}},
    }
    execution = sfn.start_execution(stateMachineArn=create(sfn, parallel), input='{"order": 1}')[
        "executionArn"
    ]
    described = ended(sfn, execution)
    assert described["status"] == "FAILED" and described["redriveStatus"] == "NOT_REDRIVABLE"
    assert "Parallel or Map" in described["redriveStatusReason"]
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable, match="'Both'"):
        sfn.redrive_execution(executionArn=execution)


def test_an_aborted_execution_is_redriven_at_the_task_it_was_waiting_in(sfn: Client) -> None:
    execution = sfn.start_execution(stateMachineArn=create(sfn, CALLBACK))["executionArn"]
    first = tokens(sfn, execution, 1)[0]
    sfn.stop_execution(executionArn=execution, error="Operator.Stop", cause="by hand")
    assert ended(sfn, execution)["status"] == "ABORTED"
    sfn.redrive_execution(executionArn=execution)
    second = tokens(sfn, execution, 2)[1]
    assert second != first
    with pytest.raises(sfn.exceptions.TaskTimedOut):  # the first attempt's token is closed
        sfn.send_task_success(taskToken=first, output="{}")
    sfn.send_task_success(taskToken=second, output='{"approved": true}')
    done = ended(sfn, execution)
    assert (done["status"], done["output"], done["redriveCount"]) == ("SUCCEEDED", '{"approved":true}', 1)


def test_a_client_token_redrives_once_and_the_filter_finds_redriven_ones(sfn: Client) -> None:
    machine = create(sfn, CALLBACK)
    redriven, untouched = (sfn.start_execution(stateMachineArn=machine)["executionArn"] for _ in range(2))
    for execution in (redriven, untouched):
        tokens(sfn, execution, 1)
        sfn.stop_execution(executionArn=execution)
    once = sfn.redrive_execution(executionArn=redriven, clientToken="request-1")
    again = sfn.redrive_execution(executionArn=redriven, clientToken="request-1")
    assert once == again and sfn.describe_execution(executionArn=redriven)["redriveCount"] == 1
    listed = checked("ListExecutions", sfn.list_executions(stateMachineArn=machine, redriveFilter="REDRIVEN"))
    assert [e["executionArn"] for e in listed["executions"]] == [redriven]
    assert listed["executions"][0]["redriveCount"] == 1 and "redriveDate" in listed["executions"][0]
    others = sfn.list_executions(stateMachineArn=machine, redriveFilter="NOT_REDRIVEN")["executions"]
    assert [e["executionArn"] for e in others] == [untouched]


def test_a_redriven_execution_keeps_its_version(sfn: Client, flaky: Flaky) -> None:
    machine = create(sfn, FLAKY, publish=True)
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": f"{machine}:1", "weight": 100}]
    )["stateMachineAliasArn"]
    execution = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    assert ended(sfn, execution)["status"] == "FAILED"
    changed: dict[str, Any] = json.loads(json.dumps(FLAKY))
    changed["States"]["Report"] = {"Type": "Pass", "Result": "v2", "End": True}
    sfn.update_state_machine(stateMachineArn=machine, definition=json.dumps(changed), publish=True)
    sfn.update_state_machine_alias(
        stateMachineAliasArn=alias,
        routingConfiguration=[{"stateMachineVersionArn": f"{machine}:2", "weight": 100}],
    )
    flaky.fixed = True
    sfn.redrive_execution(executionArn=execution)
    done = ended(sfn, execution)
    assert done["stateMachineVersionArn"] == f"{machine}:1" and done["stateMachineAliasArn"] == alias
    assert json.loads(done["output"])["redrives"] == 1  # version 1's Report, not version 2's


def test_a_redrive_restarts_the_machine_timeout(sfn: Client) -> None:
    timed = {**CALLBACK, "TimeoutSeconds": 1}
    execution = sfn.start_execution(stateMachineArn=create(sfn, timed))["executionArn"]
    assert ended(sfn, execution)["status"] == "TIMED_OUT"
    started = time.monotonic()
    sfn.redrive_execution(executionArn=execution)
    token = tokens(sfn, execution, 2)[1]
    sfn.send_task_success(taskToken=token, output='"in time"')
    done = ended(sfn, execution)
    assert done["status"] == "SUCCEEDED" and time.monotonic() - started < 1


@pytest.fixture
def boto_sfn(flaky: Flaky) -> Iterator[Any]:
    with boto3_on(Service(endpoint="", handlers={"work": flaky})) as client:
        yield client


def test_redrive_through_boto3(boto_sfn: Any, flaky: Flaky) -> None:
    sfn = boto_sfn
    execution = sfn.start_execution(stateMachineArn=create(sfn, FLAKY))["executionArn"]
    assert ended(sfn, execution)["status"] == "FAILED"
    flaky.fixed = True
    checked("RedriveExecution", sfn.redrive_execution(executionArn=execution))  # boto3 fills in clientToken
    done = ended(sfn, execution)
    assert (done["status"], done["redriveCount"]) == ("SUCCEEDED", 1)
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable):
        sfn.redrive_execution(executionArn=execution)
    history = sfn.get_execution_history(executionArn=execution)["events"]
    assert "ExecutionRedriven" in [e["type"] for e in history]


def test_variables_assigned_before_the_failure_are_not_lost_by_a_redrive(sfn: Client) -> None:
    assigning = json.loads(json.dumps(FLAKY))
    assigning["States"]["Prepare"]["Assign"] = {"attempt": 1}
    execution = sfn.start_execution(stateMachineArn=create(sfn, assigning))["executionArn"]
    assert ended(sfn, execution)["redriveStatus"] == "NOT_REDRIVABLE"
    with pytest.raises(sfn.exceptions.ExecutionNotRedrivable, match="assigned variables"):
        sfn.redrive_execution(executionArn=execution)
