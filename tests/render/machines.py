"""Machines shared by several render tests, as ASL documents."""

from __future__ import annotations

from typing import Any

from tests.render.drawing import machine

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
