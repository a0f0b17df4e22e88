"""Golden diagrams (syrupy, one `.mmd` file each): review every changed line."""

from __future__ import annotations

from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.render.drawing import Drawer, machine


class MermaidSnapshot(SingleFileSnapshotExtension):
    """Snapshots stored as plain `.mmd` files, so a diff reads as a diagram diff."""

    _write_mode = WriteMode.TEXT
    file_extension = "mmd"


@pytest.fixture
def snapshot_mmd(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(MermaidSnapshot)


LAMBDA = "arn:aws:states:::lambda:invoke"

EVERY_STATE_TYPE: dict[str, Any] = machine(
    {
        "Validate Order": {
            "Type": "Task",
            "Resource": LAMBDA,
            "Next": "Wait For Stock",
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 6}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Order Failed"}],
        },
        "Wait For Stock": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Route"},
        "Route": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.total", "NumericGreaterThanPath": "$.limit", "Next": "Order Failed"},
                {
                    "And": [
                        {"Variable": "$.express", "BooleanEquals": True},
                        {"Not": {"Variable": "$.country", "StringEquals": "AQ"}},
                    ],
                    "Next": "Ship Express",
                },
            ],
            "Default": "Prepare",
        },
        "Ship Express": {"Type": "Pass", "Result": {"express": True}, "Next": "Done"},
        "Prepare": {
            "Type": "Parallel",
            "Next": "Pack Items",
            "Retry": [{"ErrorEquals": ["States.ALL"]}],
            "Catch": [{"ErrorEquals": ["States.TaskFailed", "States.Timeout"], "Next": "Order Failed"}],
            "Branches": [
                {
                    "StartAt": "Charge Card",
                    "States": {"Charge Card": {"Type": "Task", "Resource": LAMBDA, "End": True}},
                },
                {
                    "StartAt": "Reserve",
                    "States": {
                        "Reserve": {"Type": "Task", "Resource": LAMBDA, "Next": "Reserved?"},
                        "Reserved?": {
                            "Type": "Choice",
                            "QueryLanguage": "JSONata",
                            "Choices": [{"Condition": "{% $states.input.ok %}", "Next": "Reserved"}],
                            "Default": "Out Of Stock",
                        },
                        "Reserved": {"Type": "Succeed"},
                        "Out Of Stock": {"Type": "Fail", "Error": "Stock.Empty"},
                    },
                },
            ],
        },
        "Pack Items": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "Next": "Done",
            "ItemProcessor": {
                "StartAt": "Pack",
                "States": {
                    "Pack": {"Type": "Wait", "Seconds": 1, "Next": "Label"},
                    "Label": {"Type": "Pass", "End": True},
                },
            },
        },
        "Done": {"Type": "Succeed"},
        "Order Failed": {"Type": "Fail", "Cause": "order could not be completed"},
    }
)


def test_every_state_type(draw: Drawer, snapshot_mmd: SnapshotAssertion) -> None:
    assert draw(EVERY_STATE_TYPE).text == snapshot_mmd


def test_execution_path_highlighted(draw: Drawer, snapshot_mmd: SnapshotAssertion) -> None:
    visited = {
        "Validate Order": "succeeded",
        "Wait For Stock": "succeeded",
        "Route": "succeeded",
        "Prepare": "caught",
        "Charge Card": "succeeded",
        "Reserve": "failed",
        "Order Failed": "failed",
    }
    assert draw(EVERY_STATE_TYPE, highlight=visited).text == snapshot_mmd
