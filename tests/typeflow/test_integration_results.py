"""Integration Tasks' results are typed from the registry: paths and Choice rules after them are checked."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl import Choice, Fail, Pass, S, Succeed, Task, Workflow, expr
from flowdsl.integrations import dynamodb_get_item
from tests.typeflow.models import Order, Ship

ARN = "arn:aws:states:::"
# The type checks' codes; the calls below leave out required parameters, which others report.
TYPE_CODES = {"path-not-in-input", "choice-type-mismatch", "task-input-mismatch", "items-not-array"}


def codes(chain: Any, *, typed: bool = True) -> list[str]:
    found = Workflow("T", chain, input_model=Order if typed else None).validate()
    return [d.code for d in found if d.is_error and d.code in TYPE_CODES]


def call(resource: str, **options: Any) -> Task:
    return Task("Call", resource=ARN + resource, **options)


def then_choice(condition: Any) -> Choice:
    return Choice("C").when(condition, Succeed("Yes")).otherwise(Fail("No"))


def get_item(**options: Any) -> Task:
    return dynamodb_get_item("Get", table_name="Cases", key={"Id": {"S.$": "$.id"}}, **options)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ({"item.$": "$.Item"}, []),
        ({"status.$": "$.Item.status.S"}, []),
        ({"item.$": "$.Itme"}, ["path-not-in-input"]),
        ({"code.$": "$.SdkHttpMetadata.HttpStatusCode"}, []),
        ({"status.$": "$.Item.status.Str"}, ["path-not-in-input"]),
    ],
    ids=repr,
)
def test_dynamodb_get_item_result_selector(selector: dict[str, str], expected: list[str]) -> None:
    assert codes(get_item(result_selector=selector)) == expected


def test_the_misspelt_field_is_named_with_a_suggestion() -> None:
    workflow = Workflow("T", get_item(result_selector={"item.$": "$.Itme"}), input_model=Order)
    (found,) = workflow.validate()
    assert "did you mean 'Item'?" in found.message


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (S.Item.status.S == "open", []),
        (S.Item.count.N == "3", []),
        (S.Item.count.N > 3, ["choice-type-mismatch"]),  # DynamoDB numbers travel as strings
        (S.Itme.status.S == "open", ["path-not-in-input"]),
    ],
    ids=repr,
)
def test_choice_after_dynamodb(condition: Any, expected: list[str]) -> None:
    assert codes(get_item() >> then_choice(condition)) == expected


@pytest.mark.parametrize(
    ("resource", "path", "expected"),
    [
        ("lambda:invoke", "$.Payload.anything", []),
        ("lambda:invoke", "$.Paylod", ["path-not-in-input"]),
        ("sqs:sendMessage", "$.MessageId", []),
        ("sqs:sendMessage", "$.MessageID", ["path-not-in-input"]),
        ("sns:publish", "$.MessageId", []),
        ("glue:startJobRun", "$.JobName", []),  # copied in from the request
        ("glue:startJobRun.sync", "$.JobRunState", []),
        ("glue:startJobRun.sync", "$.ExtraField", []),  # open: AWS may add fields
        ("batch:submitJob.sync", "$.Status", []),
        ("states:startExecution.sync:2", "$.Output.anything", []),
        ("states:startExecution.sync", "$.Output.anything", ["path-not-in-input"]),  # Output is text
        ("aws-sdk:s3:listObjectsV2", "$.Contents[0].Key", []),
        ("aws-sdk:s3:listObjectsV2", "$.contents", ["path-not-in-input"]),
        ("aws-sdk:eks:describeCluster", "$.Cluster.Name", []),  # PascalCase, as Step Functions returns it
        ("sqs:sendMessage.waitForTaskToken", "$.anything", []),  # the callback's output: unknown
        ("aws-sdk:s3:notAnAction", "$.anything", []),
    ],
    ids=repr,
)
def test_result_paths(resource: str, path: str, expected: list[str]) -> None:
    assert codes(call(resource, result_selector={"x.$": path})) == expected


def test_lambda_invoke_payload_is_the_output_model() -> None:
    typed = call("lambda:invoke", output_model=Ship, result_selector={"n.$": "$.Payload.cont"})
    assert codes(typed) == ["path-not-in-input"]
    assert codes(call("lambda:invoke", output_model=Ship, result_selector={"n.$": "$.Payload.count"})) == []


def test_an_output_model_wins_over_the_registry() -> None:
    assert codes(call("sqs:sendMessage", output_model=Ship, result_selector={"n.$": "$.count"})) == []


def test_status_code_is_an_integer() -> None:
    chain = call("lambda:invoke") >> then_choice(S.StatusCode == "200")
    assert codes(chain) == ["choice-type-mismatch"]


def test_timestamps_are_not_claimed() -> None:
    chain = call("states:startExecution") >> then_choice(S.StartDate > 3)
    assert codes(chain) == []


def test_untyped_workflows_are_not_checked() -> None:
    misspelt = call("sqs:sendMessage", result_selector={"x.$": "$.MessageID"})
    assert codes(misspelt, typed=False) == []
    assert codes(misspelt) == ["path-not-in-input"]


def test_result_path_merges_the_typed_result() -> None:
    chain = get_item(result_path="$.found") >> Pass("P", parameters={"s.$": "$.found.Itme"})
    assert codes(chain) == ["path-not-in-input"]
    assert codes(get_item(result_path="$.found") >> Pass("P", parameters={"i.$": "$.id"})) == []


def test_jsonata_reads_the_typed_result() -> None:
    def send(path: str) -> Task:
        return call("sqs:sendMessage", output=expr(path), query_language="JSONata")

    assert codes(send("$states.result.MessageId")) == []
    assert codes(send("$states.result.MessageID")) == ["path-not-in-input"]
