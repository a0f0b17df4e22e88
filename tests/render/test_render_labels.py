"""What a diagram says about a state beyond its name: the integration a Task calls, a
Distributed Map's reader, batcher and writer, and long names wrapped."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.model.integrations.call import Call, parse_call
from flowdsl.model.resources import activity_name
from flowdsl.render.notes import LAMBDA, WIDTH
from tests.render.drawing import Drawer, machine

ACCOUNT = "123456789012"
TASK_LABELS = {
    "lambda-placeholder": ({"Resource": "${OpenCaseFunctionArn}"}, f"{LAMBDA}OpenCaseFunction"),
    "lambda-arn": (
        {"Resource": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:Charge:live"},
        f"{LAMBDA}Charge",
    ),
    "lambda-invoke": (
        {"Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Charge"}},
        f"{LAMBDA}Charge",
    ),
    "lambda-invoke-arn-jsonata": (
        {
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:Fn"},
        },
        f"{LAMBDA}Fn",
    ),
    "lambda-invoke-callback": (
        {
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "Ask", "Payload": {"token.$": "$$.Task.Token"}},
        },
        f"{LAMBDA}Ask.waitForTaskToken",
    ),
    "lambda-invoke-dynamic-name": (
        {"Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName.$": "$.fn"}},
        "lambda:invoke",
    ),
    "sns": ({"Resource": "arn:aws:states:::sns:publish"}, "sns:publish"),
    "optimized-dynamodb": ({"Resource": "arn:aws-us-gov:states:::dynamodb:putItem"}, "dynamodb:putItem"),
    "sqs-callback": (
        {"Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken"},
        "sqs:sendMessage.waitForTaskToken",
    ),
    "run-a-job": (
        {"Resource": "arn:aws:states:::states:startExecution.sync:2"},
        "states:startExecution.sync:2",
    ),
    "aws-sdk": ({"Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2"}, "aws-sdk:s3:listObjectsV2"),
    "activity": ({"Resource": f"arn:aws:states:us-east-1:{ACCOUNT}:activity:Review"}, "activity Review"),
}


@pytest.mark.parametrize(("fields", "note"), TASK_LABELS.values(), ids=TASK_LABELS.keys())
def test_a_task_says_what_it_calls(draw: Drawer, fields: dict[str, Any], note: str) -> None:
    drawn = draw(machine({"Work": {"Type": "Task", "End": True, **fields}}))
    assert drawn.vertex_text()["s0"] == f"Work\n{note}"


def test_a_cloudformation_intrinsic_resource_adds_no_note(draw: Drawer) -> None:
    fields = {"Resource": {"Fn::GetAtt": ["Fn", "Arn"]}}
    assert draw(machine({"Work": {"Type": "Task", "End": True, **fields}})).vertex_text()["s0"] == "Work"


def test_integration_reads_service_action_and_pattern() -> None:
    assert parse_call("arn:aws:states:::glue:startJobRun.sync") == Call("glue", "startJobRun", ".sync", False)
    assert parse_call("arn:aws:states:::aws-sdk:dynamodb:putItem") == Call("dynamodb", "putItem", "", True)
    # AWS also accepts the region and account in an integration ARN.
    with_region = f"arn:aws-us-gov:states:us-gov-west-1:{ACCOUNT}:sns:publish"
    assert parse_call(with_region) == Call("sns", "publish", "", False)
    assert parse_call(f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:F") is None
    assert parse_call(f"arn:aws:states:us-east-1:{ACCOUNT}:activity:Review") is None
    assert activity_name(f"arn:aws:states:us-east-1:{ACCOUNT}:activity:Review") == "Review"
    assert activity_name("arn:aws:states:::sns:publish") is None


DISTRIBUTED = {
    "Type": "Map",
    "End": True,
    "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 100},
        "Parameters": {"Bucket": "in", "Key": "items.csv"},
    },
    "ItemBatcher": {"MaxItemsPerBatch": 10},
    "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Work",
        "States": {
            "Work": {"Type": "Pass", "Next": "Done?"},
            "Done?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Ok"}],
                "Default": "Bad",
            },
            "Ok": {"Type": "Succeed"},
            "Bad": {"Type": "Fail"},
        },
    },
    "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out"}},
}


def test_a_distributed_map_shows_its_reader_batcher_and_writer(draw: Drawer) -> None:
    drawn = draw(machine({"Fan Out": DISTRIBUTED}))
    text = drawn.vertex_text()
    assert text["s0_reader"] == "ItemReader\ns3:getObject\nCSV\nmax 100 items"
    assert text["s0_batcher"] == "ItemBatcher\nmax 10 items"
    assert text["s0_writer"] == "ResultWriter\ns3:putObject"
    assert drawn.graph.subgraphs["s0"].title == "Fan Out\ndistributed map"
    assert {"s0_reader", "s0_batcher", "s0_writer"} <= set(drawn.graph.subgraphs["s0"].nodes)
    assert all(drawn.graph.vertices[n].type == "lean_right" for n in ("s0_reader", "s0_batcher", "s0_writer"))
    # items flow reader -> batcher -> StartAt, and every end of the processor into the writer
    edges = {(start, end) for start, end, _, _ in drawn.edges()}
    assert {
        ("s0_reader", "s0_batcher"),
        ("s0_batcher", "s1"),
        ("s3", "s0_writer"),
        ("s4", "s0_writer"),
    } <= edges


def test_an_inline_map_has_no_reader_or_writer(draw: Drawer) -> None:
    inline = {
        **DISTRIBUTED,
        "ItemProcessor": {"StartAt": "W", "States": {"W": {"Type": "Pass", "End": True}}},
    }
    del inline["ItemReader"], inline["ItemBatcher"], inline["ResultWriter"]
    assert set(draw(machine({"M": inline})).vertex_text()) == {"start", "s1", "stop"}


def test_parallel_branches_are_ordered_left_to_right(draw: Drawer) -> None:
    branches = [{"StartAt": n, "States": {n: {"Type": "Pass", "End": True}}} for n in ("A", "B", "C")]
    drawn = draw(machine({"P": {"Type": "Parallel", "End": True, "Branches": branches}}))
    invisible = [(e.start, e.end) for e in drawn.graph.edges if e.stroke == "invisible"]
    assert invisible == [("s0_b0", "s0_b1"), ("s0_b1", "s0_b2")]
    assert "    direction LR\n" in drawn.text


def test_long_names_wrap_at_spaces_and_keep_every_character(draw: Drawer) -> None:
    name = "Ask the customer whether the replacement parcel arrived intact"
    text = draw(machine({name: {"Type": "Pass", "End": True}})).vertex_text()["s0"]
    lines = text.split("\n")
    assert len(lines) > 1 and all(len(line) <= WIDTH for line in lines)
    assert "".join(lines) == name


def test_one_long_word_is_not_cut(draw: Drawer) -> None:
    name = "X" * (WIDTH * 2)
    assert draw(machine({name: {"Type": "Pass", "End": True}})).vertex_text()["s0"] == name
