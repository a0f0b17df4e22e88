"""Shared cases of the `flowdsl run` CLI tests: an order machine with a Lambda, a Retry and a
Catch, its Step Functions Local mock file, and a CliRunner call."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner, Result

from flowdsl.cli.main import cli

ORDER: dict[str, Any] = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "ChargeFunction", "Payload.$": "$"},
            "ResultSelector": {"charged.$": "$.Payload.ok"},
            "Retry": [
                {"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 2}
            ],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Refund"}],
            "Next": "Ship",
        },
        "Ship": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": True},
        "Refund": {"Type": "Pass", "Result": "refunded", "End": True},
    },
}
MOCKS: dict[str, Any] = {
    "StateMachines": {
        "Order": {
            "TestCases": {
                "Happy": {"Charge": "ChargeOk", "Ship": "Sent"},
                "Throttled": {"Charge": "ThrottledThenOk", "Ship": "Sent"},
                "Declined": {"Charge": "Declined"},
            }
        }
    },
    "MockedResponses": {
        "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": True}}}},
        "ThrottledThenOk": {
            "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
            "2": {"Return": {"StatusCode": 200, "Payload": {"ok": True}}},
        },
        "Declined": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "no funds"}}},
        "Sent": {"0": {"Return": {"MessageId": "m-1"}}},
    },
}


def invoke(*args: str) -> Result:
    """`flowdsl run ARGS...` through click's CliRunner (stdout and stderr kept apart)."""
    return CliRunner().invoke(cli, ["run", *args])
