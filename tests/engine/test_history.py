"""The history: GetExecutionHistory's shape, ids and previous ids, virtual timestamps, visited states."""

from __future__ import annotations

import json

from flowdsl.engine import Return
from tests.engine.helpers import run


def test_events_are_shaped_like_get_execution_history() -> None:
    machine = {
        "StartAt": "Wait",
        "States": {
            "Wait": {"Type": "Wait", "Seconds": 90, "Next": "Call"},
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True},
        },
    }
    execution = run(machine, {"a": 1}, mocks={"Call": Return({"MessageId": "m"})})
    history = execution.history
    # Chained one after the other, except that AWS links the first state's entry to 0.
    expected = [(i, i - 1) for i in range(1, len(history) + 1)]
    expected[1] = (2, 0)
    assert [(e["id"], e["previousEventId"]) for e in history] == expected
    assert [e["type"] for e in history] == [
        "ExecutionStarted",
        "WaitStateEntered",
        "WaitStateExited",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]
    assert history[0]["timestamp"] == "2024-01-01T00:00:00.000+00:00"
    assert history[2]["timestamp"] == "2024-01-01T00:01:30.000+00:00"
    assert history[1]["stateEnteredEventDetails"] == {
        "name": "Wait",
        "input": '{"a":1}',
        "inputDetails": {"truncated": False},
    }
    scheduled = history[4]["taskScheduledEventDetails"]
    assert (scheduled["resourceType"], scheduled["resource"], scheduled["region"]) == (
        "sns",
        "publish",
        "us-east-1",
    )
    assert json.loads(history[-1]["executionSucceededEventDetails"]["output"]) == {"MessageId": "m"}


def test_failed_execution_event_and_visited() -> None:
    machine = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}
    execution = run(machine)
    assert execution.history[-1] == {
        "id": 3,
        "previousEventId": 2,
        "timestamp": "2024-01-01T00:00:00.000+00:00",
        "type": "ExecutionFailed",
        "executionFailedEventDetails": {"error": "E", "cause": "C"},
    }
    assert execution.visited == {"F": "failed"}


def test_branch_events_chain_to_their_own_lane() -> None:
    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}
    machine = {
        "StartAt": "P",
        "States": {"P": {"Type": "Parallel", "Branches": [branch, branch], "End": True}},
    }
    history = run(machine).history
    started = next(e["id"] for e in history if e["type"] == "ParallelStateStarted")
    entered = [e for e in history if e["type"] == "PassStateEntered"]
    assert [e["previousEventId"] for e in entered] == [started, started]


def test_exit_events_list_assigned_variables_as_json() -> None:
    machine = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"x": 1, "s": "t"}, "End": True}}}
    exited = run(machine).history[2]["stateExitedEventDetails"]
    assert exited["assignedVariables"] == {"x": "1", "s": '"t"'}
    assert exited["assignedVariablesDetails"] == {"truncated": False}


def test_container_end_events_follow_the_last_branch_event() -> None:
    # LocalStack's AWS-validated snapshot (context_object test_items_path): MapStateSucceeded's
    # previousEventId is the last MapIterationSucceeded, not MapStateStarted.
    processor = {"StartAt": "HandleItem", "States": {"HandleItem": {"Type": "Pass", "End": True}}}
    machine = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": processor, "End": True}}}
    history = run(machine, ["item-0", "item-1"]).history
    by_type = {e["type"]: e for e in history}
    last_iteration = [e["id"] for e in history if e["type"] == "MapIterationSucceeded"][-1]
    assert by_type["MapStateSucceeded"]["previousEventId"] == last_iteration
    branch = {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}
    parallel = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [branch], "End": True}}}
    events = run(parallel).history
    succeeded = next(e for e in events if e["type"] == "ParallelStateSucceeded")
    assert succeeded["previousEventId"] == succeeded["id"] - 1  # the branch's PassStateExited
