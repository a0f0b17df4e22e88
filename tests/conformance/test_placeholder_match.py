"""`tools.conformance.match`: placeholders as wildcards, stand-ins by shape, the rest exact."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.engine.mocks import Throw
from tools.conformance.match import placeholder_equal, recorded_error_mocks

ARN = "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>"

MATCHES = {
    "placeholder-matches-text": ("<request_id>", "abc-123", True),
    "placeholder-needs-text": ("id=<request_id>", "id=", False),
    "rest-is-literal": (ARN, "arn:aws:states:us-east-1:111111111111:stateMachine:m", True),
    "rest-is-regex-escaped": ("a.b <x>", "aXb y", False),
    "account-is-literal": (ARN, "arn:aws:states:us-east-1:123456789012:stateMachine:m", False),
    "same-name-same-value": (
        [ARN, "<ArnPart_0idx>"],
        ["arn:aws:states:r:111111111111:stateMachine:m", "m"],
        True,
    ),
    "same-name-other-value": (
        [ARN, "<ArnPart_0idx>"],
        ["arn:aws:states:r:111111111111:stateMachine:m", "n"],
        False,
    ),
    "binding-found-across-strings": (["<a>-<b>", "<b>"], ["x-y-z", "z"], True),
    "same-name-twice-in-one-string": ("<a>/<a>", "x/y", False),
    "start-time-is-a-timestamp": ("start-time", "2024-01-02T03:04:05.678Z", True),
    "start-time-is-not-any-text": ("start-time", "soon", False),
    "role-arn-stand-in": ("snf_role_arn", "arn:aws:iam::111111111111:role/r", True),
    "stand-in-only-as-whole-value": ("at start-time", "at 2024-01-02T03:04:05Z", False),
    "no-placeholders-exact": ({"a": 1}, {"a": 1.0}, True),
    "bool-is-not-int": ({"s": "<x>", "b": True}, {"s": "v", "b": 1}, False),
    "placeholder-is-not-a-number": ({"s": "<x>"}, {"s": 5}, False),
    "keys-must-match": ({"s": "<x>"}, {"s": "v", "t": 1}, False),
}


@pytest.mark.parametrize(("expected", "actual", "equal"), MATCHES.values(), ids=MATCHES.keys())
def test_placeholder_equal(expected: Any, actual: Any, equal: bool) -> None:
    assert placeholder_equal(expected, actual) is equal


def _task(**extra: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjects", "End": True, **extra}


CATCH = {"Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.Err", "Next": "T"}]}
CAUGHT = {
    "status": "SUCCEEDED",
    "output": {"Err": {"Error": "S3.NoSuchBucketException", "Cause": "id <rid>"}},
}
UNCAUGHT = {"status": "FAILED", "error": "S3.NoSuchBucketException"}
MOCKS = {
    "no-task-no-mock": ({"P": {"Type": "Pass", "End": True}}, CAUGHT, {}),
    "caught-error-replayed": (
        {"T": _task(**CATCH)},
        CAUGHT,
        {"T": Throw("S3.NoSuchBucketException", "id mock-rid")},
    ),
    "uncaught-stays-skipped": ({"T": _task()}, UNCAUGHT, None),
    "catch-elsewhere-in-output": ({"T": _task(**CATCH)}, {"status": "SUCCEEDED", "output": {}}, None),
    "nested-states-stay-skipped": ({"M": {"Type": "Map", "End": True}}, CAUGHT, None),
}


@pytest.mark.parametrize(("states", "expected", "mocks"), MOCKS.values(), ids=MOCKS.keys())
def test_recorded_error_mocks(states: dict[str, Any], expected: dict[str, Any], mocks: Any) -> None:
    assert recorded_error_mocks({"StartAt": next(iter(states)), "States": states}, expected) == mocks
