"""The 256 KiB payload quota (States.DataLimitExceeded) on every state's output, not only on task results."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.engine import Return
from tests.engine.helpers import run, single

BIG = "x" * 100_000  # three of these are over the quota, two are not
TRIPLE = {"a.$": "$", "b.$": "$", "c.$": "$"}
PASS_ON = {"Type": "Pass", "End": True}


def _parallel(branches: int, **fields: Any) -> dict[str, Any]:
    branch = {"StartAt": "Echo", "States": {"Echo": PASS_ON}}
    return {"Type": "Parallel", "Branches": [branch] * branches, **fields}


def _map(**fields: Any) -> dict[str, Any]:
    # Every iteration outputs a copy of the execution input: three copies are over the quota.
    echo = {"Type": "Pass", "Parameters": {"v.$": "$$.Execution.Input"}, "End": True}
    processor = {"StartAt": "Echo", "States": {"Echo": echo}}
    return {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor, **fields}


OVER = [
    ("parameters-copy-the-input", {"Type": "Pass", "Parameters": TRIPLE}, BIG, {}),
    ("parallel-results", _parallel(3), BIG, {}),
    ("map-results", _map(), {"items": [1, 2, 3], "big": BIG}, {}),
    (
        "result-path-merge",
        {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "ResultPath": "$.r"},
        {"big": BIG * 2},
        {"S": Return(BIG)},
    ),
    (
        "jsonata-output",
        {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $pad('', 300000, 'x') %}"},
        {},
        {},
    ),
]


@pytest.mark.parametrize(("state", "payload", "mocks"), [c[1:] for c in OVER], ids=[c[0] for c in OVER])
def test_an_output_over_the_quota_fails_the_state(state: dict[str, Any], payload: Any, mocks: Any) -> None:
    execution = run(single(state), payload, mocks=mocks)
    assert (execution.status, execution.error) == ("FAILED", "States.DataLimitExceeded"), execution.cause
    assert execution.visited["S"] == "failed"
    assert "exceeding the maximum number of bytes service limit" in (execution.cause or "")


UNDER = [
    ("parameters-copy-twice", {"Type": "Pass", "Parameters": {"a.$": "$", "b.$": "$"}}, BIG),
    ("parallel-results", _parallel(2), BIG),
]


@pytest.mark.parametrize(("state", "payload"), [c[1:] for c in UNDER], ids=[c[0] for c in UNDER])
def test_an_output_under_the_quota_passes(state: dict[str, Any], payload: Any) -> None:
    assert run(single(state), payload).status == "SUCCEEDED"


def test_data_limit_is_caught_by_name_but_not_by_states_all() -> None:
    handled = {"Type": "Pass", "Result": "handled", "End": True}
    for error_equals, status in ((["States.DataLimitExceeded"], "SUCCEEDED"), (["States.ALL"], "FAILED")):
        catch = [{"ErrorEquals": error_equals, "Next": "Handled"}]
        machine = {
            "StartAt": "S",
            "States": {"S": _parallel(3, Catch=catch, End=True), "Handled": handled},
        }
        assert run(machine, BIG).status == status, error_equals


def test_an_output_over_the_quota_names_the_state() -> None:
    # AWS's wording (LocalStack's AWS-validated snapshot error_handling/test_states_errors).
    execution = run(single({"Type": "Pass", "Parameters": TRIPLE}), BIG)
    assert execution.cause == (
        "The state/task 'S' returned a result with a size exceeding the maximum number of bytes "
        "service limit."
    )


LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:Work"
TOO_BIG_RESULT = [
    ("lambda-arn", {"Resource": LAMBDA_ARN}, LAMBDA_ARN),
    (
        "lambda-invoke",
        {"Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "Work"}},
        "lambda",
    ),
]


@pytest.mark.parametrize(
    ("fields", "subject"), [c[1:] for c in TOO_BIG_RESULT], ids=[c[0] for c in TOO_BIG_RESULT]
)
def test_a_task_result_over_the_quota_is_caught_by_states_all(fields: dict[str, Any], subject: str) -> None:
    # LocalStack's AWS-validated snapshot error_handling/test_states_errors
    # (`..._catch_state_all_data_limit_exceeded_on_large_utf8_response`): the task fails, and a
    # States.ALL Catcher takes it, unlike an output over the quota.
    task = {"Type": "Task", **fields, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True}
    machine = {"StartAt": "T", "States": {"T": task, "H": PASS_ON}}
    execution = run(machine, handlers={"Work": lambda event, context: BIG * 3})
    assert execution.status == "SUCCEEDED"
    assert execution.output == {
        "Error": "States.DataLimitExceeded",
        "Cause": f"The state/task '{subject}' returned a result with a size exceeding the maximum number of "
        "bytes service limit.",
    }
    assert execution.visited["T"] == "caught"
