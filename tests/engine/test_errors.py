"""Retry, Catch, timeouts and limits (ASL spec "Errors"; AWS "Handling errors in Step Functions")."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.engine import Return, Throw
from flowdsl.engine.mocks import MockError
from tests.engine.helpers import run, seconds_at, single

TASK = {"Type": "Task", "Resource": "arn:aws:states:::sns:publish"}


def retrying(retrier: dict[str, Any]) -> dict[str, Any]:
    return single({**TASK, "Retry": [{"ErrorEquals": ["Boom"], **retrier}]})


BACKOFF = [
    ("defaults", {}, [0, 1, 3, 7]),
    ("interval-and-rate", {"IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 2}, [0, 2, 8]),
    (
        "max-delay",
        {"IntervalSeconds": 4, "BackoffRate": 2, "MaxAttempts": 3, "MaxDelaySeconds": 5},
        [0, 4, 9, 14],
    ),
    ("rate-one", {"IntervalSeconds": 3, "BackoffRate": 1, "MaxAttempts": 2}, [0, 3, 6]),
    ("max-attempts-zero", {"MaxAttempts": 0}, [0]),
]


@pytest.mark.parametrize(("retrier", "attempts_at"), [c[1:] for c in BACKOFF], ids=[c[0] for c in BACKOFF])
def test_backoff_on_the_virtual_clock(retrier: dict[str, Any], attempts_at: list[float]) -> None:
    execution = run(retrying(retrier), mocks={"S": Throw("Boom", "bad")})
    assert (execution.status, execution.error, execution.cause) == ("FAILED", "Boom", "bad")
    assert seconds_at(execution, "TaskScheduled") == attempts_at


def test_retry_then_success_and_retry_count_in_context() -> None:
    seen: list[Any] = []

    def succeed(task_input: Any) -> Any:
        seen.append(task_input)
        return "ok"

    state = {
        **TASK,
        "Parameters": {"try.$": "$$.State.RetryCount"},
        "Retry": [{"ErrorEquals": ["States.ALL"]}],
    }
    responses = [Throw("A"), Throw("B"), succeed]
    execution = run(single(state), mocks={"S": responses})
    assert (execution.status, execution.output) == ("SUCCEEDED", "ok")
    assert seen == [{"try": 2}]


def test_full_jitter_is_seeded_and_bounded() -> None:
    machine = retrying({"IntervalSeconds": 10, "MaxAttempts": 1, "JitterStrategy": "FULL"})
    first = seconds_at(run(machine, mocks={"S": Throw("Boom")}), "TaskScheduled")
    again = seconds_at(run(machine, mocks={"S": Throw("Boom")}), "TaskScheduled")
    assert first == again
    assert 0 <= first[1] <= 10


def test_only_the_first_matching_retrier_counts() -> None:
    state = {
        **TASK,
        "Retry": [
            {"ErrorEquals": ["Boom"], "MaxAttempts": 1},
            {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5},
        ],
    }
    execution = run(single(state), mocks={"S": Throw("Boom")})
    assert len(seconds_at(execution, "TaskScheduled")) == 2


CATCH = [
    ("by-name", ["Boom"], "Boom", "Handled"),
    ("all", ["States.ALL"], "Boom", "Handled"),
    ("task-failed", ["States.TaskFailed"], "Boom", "Handled"),
    ("task-failed-not-timeout", ["States.TaskFailed"], "States.Timeout", None),
    ("all-not-runtime", ["States.ALL"], "States.Runtime", None),
    ("runtime-never", ["States.Runtime"], "States.Runtime", None),
    ("all-not-data-limit", ["States.ALL"], "States.DataLimitExceeded", None),
    ("data-limit-by-name", ["States.DataLimitExceeded"], "States.DataLimitExceeded", "Handled"),
    ("other-name", ["Other"], "Boom", None),
]


@pytest.mark.parametrize(
    ("error_equals", "error", "caught_by"), [c[1:] for c in CATCH], ids=[c[0] for c in CATCH]
)
def test_catch_matching(error_equals: list[str], error: str, caught_by: str | None) -> None:
    machine = {
        "StartAt": "S",
        "States": {
            "S": {**TASK, "Catch": [{"ErrorEquals": error_equals, "Next": "Handled"}], "End": True},
            "Handled": {"Type": "Pass", "End": True},
        },
    }
    execution = run(machine, mocks={"S": Throw(error, "why")})
    if caught_by is None:
        assert (execution.status, execution.error) == ("FAILED", error)
        assert execution.visited == {"S": "failed"}
    else:
        assert execution.status == "SUCCEEDED"
        assert execution.visited == {"S": "caught", caught_by: "succeeded"}


@pytest.mark.parametrize(
    ("result_path", "expected"),
    [
        ("$", {"Error": "Boom", "Cause": "why"}),
        ("$.err", {"in": 1, "err": {"Error": "Boom", "Cause": "why"}}),
        (None, {"in": 1}),
    ],
    ids=["replace", "merge", "discard"],
)
def test_catch_result_path(result_path: str | None, expected: Any) -> None:
    machine = {
        "StartAt": "S",
        "States": {
            "S": {
                **TASK,
                "InputPath": "$.in",
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": result_path, "Next": "H"}],
                "End": True,
            },
            "H": {"Type": "Pass", "End": True},
        },
    }
    assert run(machine, {"in": 1}, mocks={"S": Throw("Boom", "why")}).output == expected


def test_mock_error_from_a_callable() -> None:
    def declined(task_input: Any) -> Any:
        raise MockError("Card.Declined", "expired")

    execution = run(single(TASK), mocks={"S": declined})
    assert (execution.error, execution.cause) == ("Card.Declined", "expired")


@pytest.mark.parametrize(
    ("fields", "seconds", "status"),
    [
        ({"TimeoutSeconds": 5}, 10, "States.Timeout"),
        ({"TimeoutSeconds": 5}, 4, None),
        ({"HeartbeatSeconds": 3}, 4, "States.HeartbeatTimeout"),
        ({"TimeoutSecondsPath": "$.t"}, 8, "States.Timeout"),
    ],
    ids=["timeout", "in-time", "heartbeat", "timeout-path"],
)
def test_task_timeouts(fields: dict[str, Any], seconds: float, status: str | None) -> None:
    execution = run(single({**TASK, **fields}), {"t": 7}, mocks={"S": Return("ok", seconds=seconds)})
    assert execution.error == status
    if status:
        assert [e["type"] for e in execution.history][-2] == "TaskTimedOut"


def test_execution_timeout_ends_timed_out_at_the_deadline() -> None:
    machine = single({"Type": "Wait", "Seconds": 500}, TimeoutSeconds=60)
    execution = run(machine)
    assert (execution.status, execution.error) == ("TIMED_OUT", "States.Timeout")
    assert seconds_at(execution, "ExecutionTimedOut") == [60]


def test_history_limit_fails_the_execution() -> None:
    loop = {
        "StartAt": "Spin",
        "States": {"Spin": {"Type": "Pass", "Next": "Spin"}},
    }
    execution = run(loop)
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert len(execution.history) == 25_000
    assert execution.history[-1]["type"] == "ExecutionFailed"


def test_oversized_handler_result_is_data_limit_exceeded() -> None:
    def big(event: Any, context: Any) -> Any:
        return "x" * (256 * 1024 + 1)

    machine = single({"Type": "Task", "Resource": "${BigArn}"})
    execution = run(machine, handlers={"Big": big})
    assert (execution.status, execution.error) == ("FAILED", "States.DataLimitExceeded")


@pytest.mark.parametrize(
    ("fields", "error", "cause"),
    [
        ({"Error": "E", "Cause": "C"}, "E", "C"),
        ({}, None, None),
        ({"ErrorPath": "$.e", "CausePath": "States.Format('bad {}', $.c)"}, "from-input", "bad thing"),
    ],
    ids=["constants", "empty", "paths"],
)
def test_fail_state(fields: dict[str, Any], error: str | None, cause: str | None) -> None:
    execution = run(single({"Type": "Fail", **fields}), {"e": "from-input", "c": "thing"})
    assert (execution.status, execution.error, execution.cause) == ("FAILED", error, cause)


def test_oversized_pass_result_is_data_limit_exceeded() -> None:
    execution = run(single({"Type": "Pass", "Result": {"big": "a" * (257 * 1024)}}))
    assert (execution.status, execution.error) == ("FAILED", "States.DataLimitExceeded")


def test_error_output_binds_missing_fields_as_empty_strings() -> None:
    machine = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "OnlyError"}}}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],
                "End": True,
            },
            "H": {"Type": "Pass", "End": True},
        },
    }
    assert run(machine).output == {"Error": "OnlyError", "Cause": ""}
