"""Map Runs through the in-process client: the ARN in the history and on each child execution,
DescribeMapRun's counts, ListMapRuns, ListExecutions by mapRunArn, and UpdateMapRun taking effect
on a running Map Run. A Distributed Map over its input needs no AWS endpoint."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from flowdsl.service import Client
from tests.service.shapes import problems
from tests.service.test_client import create, finished, token_of

CHECK = {
    "Type": "Choice",
    "Choices": [{"Variable": "$.n", "NumericEquals": 3, "Next": "Refuse"}],
    "Default": "Keep",
}
WAIT_FOR_TOKEN = {
    "Type": "Task",
    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
    "End": True,
}


def distributed(states: dict[str, Any], start: str, **fields: Any) -> dict[str, Any]:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": start,
        "States": states,
    }
    state = {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, "End": True, **fields}
    return {"StartAt": "Each", "States": {"Each": state}}


CHECKED = distributed(
    {"Check": CHECK, "Keep": {"Type": "Pass", "End": True}, "Refuse": {"Type": "Fail", "Error": "No"}},
    "Check",
    Label="orders",
    MaxConcurrency=2,
    ToleratedFailureCount=1,
)
ITEMS = {"items": [{"n": 1}, {"n": 2}, {"n": 3}]}
# A member of the wrong JSON type: the action's own ValidationException, or SerializationException
# where the request is checked against the API model before the action runs (AWS's JSON protocol).
REFUSED_TYPE = (Client.exceptions.ValidationException, Client.exceptions.SerializationException)


@pytest.fixture
def sfn() -> Client:
    return Client(endpoint="", poll_seconds=0.2)


def run(sfn: Client, definition: dict[str, Any], payload: Any, name: str = "m") -> str:
    machine = create(sfn, name, definition)
    return str(sfn.start_execution(stateMachineArn=machine, input=json.dumps(payload))["executionArn"])


def map_run_of(sfn: Client, execution: str) -> str:
    listed = sfn.list_map_runs(executionArn=execution)
    assert problems("ListMapRuns", listed) == []
    assert [item["executionArn"] for item in listed["mapRuns"]] == [execution]
    return str(listed["mapRuns"][0]["mapRunArn"])


def test_the_map_run_arn_is_in_the_history_and_describe_map_run_counts_its_children(sfn: Client) -> None:
    execution = run(sfn, CHECKED, ITEMS)
    assert finished(sfn, execution)["status"] == "SUCCEEDED"
    arn = map_run_of(sfn, execution)
    assert arn.startswith("arn:aws:states:us-east-1:123456789012:mapRun:m/orders:")
    started = [
        e
        for e in sfn.get_execution_history(executionArn=execution)["events"]
        if e["type"].startswith("MapRun")
    ]
    assert [e["type"] for e in started] == ["MapRunStarted", "MapRunSucceeded"]
    assert started[0]["mapRunStartedEventDetails"] == {"mapRunArn": arn}
    described = sfn.describe_map_run(mapRunArn=arn)
    assert problems("DescribeMapRun", described) == []
    assert (described["status"], described["executionArn"]) == ("SUCCEEDED", execution)
    assert (described["maxConcurrency"], described["toleratedFailureCount"]) == (2, 1)
    counts = described["executionCounts"]
    assert (counts["total"], counts["succeeded"], counts["failed"], counts["pending"], counts["running"]) == (
        3, 2, 1, 0, 0,
    )  # fmt: skip
    assert described["itemCounts"] == counts and described["stopDate"] >= described["startDate"]


def test_list_executions_by_map_run_lists_its_children(sfn: Client) -> None:
    execution = run(sfn, CHECKED, ITEMS)
    finished(sfn, execution)
    arn = map_run_of(sfn, execution)
    listed = sfn.list_executions(mapRunArn=arn)
    assert problems("ListExecutions", listed) == []
    children = listed["executions"]
    assert sorted(child["status"] for child in children) == ["FAILED", "SUCCEEDED", "SUCCEEDED"]
    assert all(child["mapRunArn"] == arn and child["itemCount"] == 1 for child in children)
    assert all(":execution:m/orders:" in child["executionArn"] for child in children)
    failed = sfn.list_executions(mapRunArn=arn, statusFilter="FAILED")["executions"]
    assert len(failed) == 1
    child = sfn.describe_execution(executionArn=failed[0]["executionArn"])
    assert (child["mapRunArn"], child["error"], json.loads(child["input"])) == (arn, "No", {"n": 3})
    parent = sfn.describe_execution(executionArn=execution)
    assert "mapRunArn" not in parent


def test_batched_children_count_their_items(sfn: Client) -> None:
    definition = distributed({"P": {"Type": "Pass", "End": True}}, "P", ItemBatcher={"MaxItemsPerBatch": 2})
    execution = run(sfn, definition, {"items": list(range(5))})
    finished(sfn, execution)
    arn = map_run_of(sfn, execution)
    described = sfn.describe_map_run(mapRunArn=arn)
    assert (described["itemCounts"]["total"], described["executionCounts"]["total"]) == (5, 3)
    listed = sfn.list_executions(mapRunArn=arn)["executions"]
    assert sorted(child["itemCount"] for child in listed) == [1, 2, 2]


def test_a_failed_map_run_is_described_failed(sfn: Client) -> None:
    definition = {**CHECKED, "States": {"Each": {**CHECKED["States"]["Each"], "ToleratedFailureCount": 0}}}
    execution = run(sfn, definition, ITEMS)
    assert finished(sfn, execution)["error"] == "States.ExceedToleratedFailureThreshold"
    assert sfn.describe_map_run(mapRunArn=map_run_of(sfn, execution))["status"] == "FAILED"


def eventually(condition: Callable[[], bool]) -> None:
    for _ in range(250):
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition never held")


def test_update_map_run_raises_the_concurrency_of_a_running_map_run(sfn: Client) -> None:
    execution = run(sfn, distributed({"Ask": WAIT_FOR_TOKEN}, "Ask", MaxConcurrency=1), {"items": [1, 2, 3]})
    eventually(lambda: bool(sfn.list_map_runs(executionArn=execution)["mapRuns"]))
    arn = map_run_of(sfn, execution)

    def counts() -> dict[str, int]:
        return dict(sfn.describe_map_run(mapRunArn=arn)["executionCounts"])

    eventually(lambda: counts()["running"] == 1)
    time.sleep(0.1)
    assert (counts()["running"], counts()["pending"], sfn.describe_map_run(mapRunArn=arn)["status"]) == (
        1, 2, "RUNNING",
    )  # fmt: skip
    assert sfn.update_map_run(mapRunArn=arn, maxConcurrency=3) == {}
    eventually(lambda: counts()["running"] == 3)
    for child in sfn.list_executions(mapRunArn=arn)["executions"]:
        sfn.send_task_success(taskToken=token_of(sfn, child["executionArn"]), output='"done"')
    assert json.loads(finished(sfn, execution)["output"]) == ["done", "done", "done"]
    assert sfn.describe_map_run(mapRunArn=arn)["maxConcurrency"] == 3


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ({"mapRunArn": "arn:aws:states:us-east-1:123456789012:mapRun:m/x:1"}, "ResourceNotFound"),
        ({"mapRunArn": "not-an-arn"}, "InvalidArn"),
    ],
)
def test_unknown_map_runs_are_refused_as_aws_refuses_them(
    sfn: Client, call: dict[str, Any], error: str
) -> None:
    with pytest.raises(getattr(sfn.exceptions, error)):
        sfn.describe_map_run(**call)
    with pytest.raises(getattr(sfn.exceptions, error)):
        sfn.list_executions(**call)


def test_update_map_run_checks_its_settings_and_list_executions_takes_one_target(sfn: Client) -> None:
    execution = run(sfn, CHECKED, ITEMS)
    finished(sfn, execution)
    arn = map_run_of(sfn, execution)
    for bad in ({}, {"maxConcurrency": -1}, {"toleratedFailurePercentage": 101}):
        with pytest.raises(sfn.exceptions.ValidationException):
            sfn.update_map_run(mapRunArn=arn, **bad)
    for wrong in ({"toleratedFailurePercentage": True}, {"toleratedFailureCount": "2"}):
        with pytest.raises(REFUSED_TYPE):
            sfn.update_map_run(mapRunArn=arn, **wrong)
    machine = sfn.describe_execution(executionArn=execution)["stateMachineArn"]
    with pytest.raises(sfn.exceptions.ValidationException):
        sfn.list_executions(mapRunArn=arn, stateMachineArn=machine)


def test_passing_the_threshold_starts_no_more_children(sfn: Client) -> None:
    states = CHECKED["States"]["Each"]["ItemProcessor"]["States"]
    definition = distributed(states, "Check", MaxConcurrency=1, ToleratedFailureCount=0)
    execution = run(sfn, definition, {"items": [{"n": 3}, {"n": 1}, {"n": 2}]})
    described = finished(sfn, execution)
    assert (described["status"], described["error"]) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    arn = map_run_of(sfn, execution)
    counts = sfn.describe_map_run(mapRunArn=arn)["executionCounts"]
    assert (counts["failed"], counts["pending"], counts["succeeded"], counts["total"]) == (1, 2, 0, 3)
    assert [child["status"] for child in sfn.list_executions(mapRunArn=arn)["executions"]] == ["FAILED"]


def test_stopping_the_parent_aborts_its_map_run_and_children(sfn: Client) -> None:
    execution = run(sfn, distributed({"Ask": WAIT_FOR_TOKEN}, "Ask", MaxConcurrency=2), {"items": [1, 2, 3]})
    eventually(lambda: bool(sfn.list_map_runs(executionArn=execution)["mapRuns"]))
    arn = map_run_of(sfn, execution)
    eventually(lambda: sfn.describe_map_run(mapRunArn=arn)["executionCounts"]["running"] == 2)
    sfn.stop_execution(executionArn=execution, error="Operator", cause="enough")
    assert finished(sfn, execution)["status"] == "ABORTED"
    described = sfn.describe_map_run(mapRunArn=arn)
    assert described["status"] == "ABORTED"
    assert (described["executionCounts"]["aborted"], described["executionCounts"]["pending"]) == (2, 1)
    kinds = [e["type"] for e in sfn.get_execution_history(executionArn=execution)["events"]]
    assert kinds[-3:] == ["MapRunStarted", "MapRunAborted", "ExecutionAborted"]


def test_a_child_knows_its_map_run_and_label(sfn: Client) -> None:
    execution = run(sfn, CHECKED, ITEMS)
    finished(sfn, execution)
    arn = map_run_of(sfn, execution)
    child = sfn.list_executions(mapRunArn=arn)["executions"][0]["executionArn"]
    described = sfn.describe_state_machine_for_execution(executionArn=child)
    assert problems("DescribeStateMachineForExecution", described) == []
    assert (described["mapRunArn"], described["label"]) == (arn, "orders")
    assert json.loads(described["definition"])["StartAt"] == "Check"
    parent = sfn.describe_state_machine_for_execution(executionArn=execution)
    assert "mapRunArn" not in parent and "label" not in parent


@pytest.mark.parametrize(
    ("transformation", "expected"),
    [
        ("COMPACT", [[1, 1], [2, 2], {"Error": "Odd", "Cause": None}]),
        ("FLATTEN", [1, 1, 2, 2]),
    ],
)
def test_a_writer_config_alone_transforms_the_results_in_place(
    sfn: Client, transformation: str, expected: list[Any]
) -> None:
    pair = {"Type": "Pass", "Parameters": {"pair.$": "States.Array($.n, $.n)"}, "OutputPath": "$.pair"}
    states = {
        "Odd?": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.n", "NumericEquals": 3, "Next": "No"}],
            "Default": "Pair",
        },
        "Pair": {**pair, "End": True},
        "No": {"Type": "Fail", "Error": "Odd"},
    }
    writer = {"WriterConfig": {"Transformation": transformation, "OutputType": "JSON"}}
    definition = distributed(states, "Odd?", ToleratedFailureCount=1, ResultWriter=writer)
    output = json.loads(finished(sfn, run(sfn, definition, ITEMS))["output"])
    if transformation == "FLATTEN":  # the failed child keeps its entry, with its metadata
        failed = output.pop()
        assert (failed["Status"], failed["Error"], failed["ExecutionArn"].count(":execution:")) == (
            "FAILED",
            "Odd",
            1,
        )
    assert output == expected


def test_writer_config_none_gives_each_child_with_its_metadata(sfn: Client) -> None:
    writer = {"WriterConfig": {"Transformation": "NONE"}}
    definition = distributed({"P": {"Type": "Pass", "End": True}}, "P", ResultWriter=writer)
    output = json.loads(finished(sfn, run(sfn, definition, {"items": [{"n": 1}]}))["output"])
    assert [(entry["Status"], json.loads(entry["Output"])) for entry in output] == [("SUCCEEDED", {"n": 1})]


def test_test_state_reads_the_items_given_as_map_item_reader_data(sfn: Client) -> None:
    # AWS TestState's stateConfiguration.mapItemReaderData: the object's content, no S3 needed.
    state = {
        "Type": "Map",
        "ItemReader": {
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 2},
            "Parameters": {"Bucket": "b", "Key": "rows.csv"},
        },
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "$.id"}, "End": True}},
        },
        "End": True,
    }
    tested = sfn.test_state(
        definition=json.dumps(state),
        roleArn="arn:aws:iam::123456789012:role/r",
        stateConfiguration={"mapItemReaderData": "id,name\n1,a\n2,b\n3,c\n"},
    )
    assert problems("TestState", tested) == []
    assert (tested["status"], json.loads(tested["output"])) == ("SUCCEEDED", [{"id": "1"}, {"id": "2"}])
    refused = sfn.test_state(definition=json.dumps(state), roleArn="arn:aws:iam::123456789012:role/r")
    assert refused["status"] == "FAILED" and "--aws-endpoint" in refused["cause"]


def test_bad_reader_data_and_a_writer_without_bucket_fail_with_aws_error_names() -> None:
    sfn = Client(endpoint="http://127.0.0.1:9", poll_seconds=0.2)  # never called: both fail first
    role = "arn:aws:iam::123456789012:role/r"
    reader = {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b", "Key": "k"}}
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "End": True}},
    }
    state = {"Type": "Map", "ItemReader": reader, "ItemProcessor": processor, "End": True}
    tested = sfn.test_state(
        definition=json.dumps(state), roleArn=role, stateConfiguration={"mapItemReaderData": "[1,"}
    )
    assert (tested["status"], tested["error"]) == ("FAILED", "States.ItemReaderFailed")
    with pytest.raises(REFUSED_TYPE):
        sfn.test_state(
            definition=json.dumps(state), roleArn=role, stateConfiguration={"mapItemReaderData": 3}
        )
    writer = {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Prefix.$": "$.prefix"}}
    definition = distributed({"P": {"Type": "Pass", "End": True}}, "P", ResultWriter=writer)
    execution = run(sfn, definition, {"items": [1], "prefix": "out"})
    described = finished(sfn, execution)
    assert (described["status"], described["error"]) == ("FAILED", "States.ResultWriterFailed")
    assert "state 'Each'" in described["cause"]
    assert sfn.describe_map_run(mapRunArn=map_run_of(sfn, execution))["status"] == "FAILED"


@pytest.mark.parametrize(
    ("language", "config", "payload"),
    [
        ("JSONPath", {"InputType": "JSONL", "MaxItemsPath": "$.limit"}, '{"limit": 2}'),
        ("JSONata", {"InputType": "JSONL", "MaxItems": "{% $states.input.limit %}"}, '{"limit": 2}'),
    ],
)
def test_max_items_may_come_from_the_input(
    sfn: Client, language: str, config: dict[str, Any], payload: str
) -> None:
    state: dict[str, Any] = {
        "Type": "Map",
        "QueryLanguage": language,
        "ItemReader": {
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": config,
            ("Parameters" if language == "JSONPath" else "Arguments"): {"Bucket": "b", "Key": "k"},
        },
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": True}},
        },
        "End": True,
    }
    data = '{"n": 1}\n{"n": 2}\n{"n": 3}\n'
    tested = sfn.test_state(
        definition=json.dumps(state),
        roleArn="arn:aws:iam::123456789012:role/r",
        input=payload,
        stateConfiguration={"mapItemReaderData": data},
    )
    assert (tested["status"], json.loads(tested["output"])) == ("SUCCEEDED", [{"n": 1}, {"n": 2}])
    refused = sfn.test_state(
        definition=json.dumps(state),
        roleArn="arn:aws:iam::123456789012:role/r",
        input='{"limit": "two"}',
        stateConfiguration={"mapItemReaderData": data},
    )
    assert refused["status"] == "FAILED" and "MaxItems" in refused["cause"]
