"""A Distributed Map over an S3 CSV on a moto server: ItemReader, ItemBatcher, child executions
with their own histories, ToleratedFailureCount and ResultWriter's manifest and result files."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

from tests.service.conftest import ROLE

CSV = "id,amount\n1,10\n2,20\n3,-1\n4,40\n5,50\n"


def distributed(writer: bool, batch: int | None = None) -> dict[str, Any]:
    check = {
        "Type": "Choice",
        "Choices": [{"Variable": "$.amount", "StringEquals": "-1", "Next": "Refuse"}],
        "Default": "Keep",
    }
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Check",
        "States": {
            "Check": check,
            "Keep": {"Type": "Pass", "Parameters": {"id.$": "$.id"}, "End": True},
            "Refuse": {"Type": "Fail", "Error": "Bad.Amount", "Cause": "negative"},
        },
    }
    if batch:
        processor["StartAt"] = "Count"
        processor["States"] = {
            "Count": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"}, "End": True}
        }
    state: dict[str, Any] = {
        "Type": "Map",
        "ItemReader": {
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
            "Parameters": {"Bucket.$": "$.bucket", "Key": "orders.csv"},
        },
        "ItemProcessor": processor,
        "ToleratedFailureCount": 1,
        "MaxConcurrency": 2,
        "Label": "orders",
        "End": True,
    }
    if batch:
        state["ItemBatcher"] = {"MaxItemsPerBatch": batch}
    if writer:
        state["ResultWriter"] = {
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket.$": "$.bucket", "Prefix": "out"},
        }
    return {"StartAt": "Each", "States": {"Each": state}}


@pytest.fixture
def bucket(aws_env: str) -> Any:
    s3 = boto3.client("s3", endpoint_url=aws_env)
    s3.create_bucket(Bucket="data")
    s3.put_object(Bucket="data", Key="orders.csv", Body=CSV.encode())
    return s3


def finish(sfn: Any, definition: dict[str, Any]) -> dict[str, Any]:
    machine = sfn.create_state_machine(
        name=f"d{time.monotonic_ns()}", definition=json.dumps(definition), roleArn=ROLE
    )
    arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"], input='{"bucket": "data"}')[
        "executionArn"
    ]
    for _ in range(200):
        described: dict[str, Any] = sfn.describe_execution(executionArn=arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError("still running")


def test_each_row_is_a_child_execution_and_one_failure_is_tolerated(sfn: Any, bucket: Any) -> None:
    described = finish(sfn, distributed(writer=False))
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == [
        {"id": "1"}, {"id": "2"}, {"Error": "Bad.Amount", "Cause": "negative"}, {"id": "4"}, {"id": "5"},
    ]  # fmt: skip
    kinds = [e["type"] for e in sfn.get_execution_history(executionArn=described["executionArn"])["events"]]
    assert kinds == [
        "ExecutionStarted", "MapStateEntered", "MapRunStarted", "MapRunSucceeded", "MapStateExited",
        "ExecutionSucceeded",
    ]  # fmt: skip


def test_result_writer_writes_the_manifest_and_result_files(sfn: Any, bucket: Any) -> None:
    output = json.loads(finish(sfn, distributed(writer=True))["output"])
    details = output["ResultWriterDetails"]
    assert (
        details["Bucket"] == "data"
        and details["Key"].startswith("out/")
        and ":mapRun:" in output["MapRunArn"]
    )
    manifest = json.loads(bucket.get_object(Bucket="data", Key=details["Key"])["Body"].read())
    assert manifest["MapRunArn"] == output["MapRunArn"]
    succeeded_key = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]
    succeeded = json.loads(bucket.get_object(Bucket="data", Key=succeeded_key)["Body"].read())
    assert sorted(json.loads(entry["Output"])["id"] for entry in succeeded) == ["1", "2", "4", "5"]
    failed = json.loads(
        bucket.get_object(Bucket="data", Key=manifest["ResultFiles"]["FAILED"][0]["Key"])["Body"].read()
    )
    assert [(entry["Status"], entry["Error"]) for entry in failed] == [("FAILED", "Bad.Amount")]
    child = sfn.get_execution_history(executionArn=failed[0]["ExecutionArn"])["events"]
    assert [e["type"] for e in child][-1] == "ExecutionFailed"


def test_item_batcher_groups_rows(sfn: Any, bucket: Any) -> None:
    output = json.loads(finish(sfn, distributed(writer=False, batch=2))["output"])
    assert output == [{"n": 2}, {"n": 2}, {"n": 1}]


def test_writer_config_writes_compact_json_lines(sfn: Any, bucket: Any) -> None:
    definition = distributed(writer=True)
    definition["States"]["Each"]["ResultWriter"]["WriterConfig"] = {
        "Transformation": "COMPACT", "OutputType": "JSONL",
    }  # fmt: skip
    output = json.loads(finish(sfn, definition)["output"])
    manifest = json.loads(
        bucket.get_object(Bucket="data", Key=output["ResultWriterDetails"]["Key"])["Body"].read()
    )
    key = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]
    lines = bucket.get_object(Bucket="data", Key=key)["Body"].read().decode().splitlines()
    assert [json.loads(line) for line in lines] == [{"id": "1"}, {"id": "2"}, {"id": "4"}, {"id": "5"}]
