"""A handler is bounded by its Task's TimeoutSeconds in wall-clock time, on either clock.

AWS fails a Task still running at TimeoutSeconds with States.Timeout (Step Functions Developer
Guide, "Task": TimeoutSeconds). Locally a handler runs under a wall-clock timer (inline under
SIGALRM on the main thread, else on a daemon thread waited for at most that long), so one that
never returns cannot hang the run.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from flowdsl.engine import RealClock
from tests.engine.helpers import run, single

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:Work"
RELEASE = threading.Event()


def sleeping(seconds: float) -> Any:
    def handler(event: Any, context: Any) -> Any:
        RELEASE.wait(seconds)
        return {"slept": seconds}

    return handler


def spinning(event: Any, context: Any) -> Any:
    while not RELEASE.is_set():
        pass
    return {}


@pytest.fixture(autouse=True)
def _release_handlers() -> Any:
    RELEASE.clear()
    yield
    RELEASE.set()  # let abandoned handler threads end


def _task(timeout: int, **extra: Any) -> dict[str, Any]:
    return single({"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": timeout, **extra})


@pytest.mark.parametrize("real", [False, True], ids=["virtual", "real-time"])
def test_a_handler_past_timeout_seconds_fails_with_states_timeout(real: bool) -> None:
    options: dict[str, Any] = {"clock": RealClock()} if real else {}
    started = time.monotonic()
    execution = run(_task(1), handlers={"Work": sleeping(5)}, **options)
    assert time.monotonic() - started < 4
    assert execution.status == "FAILED"
    assert execution.error == "States.Timeout"
    assert "LambdaFunctionTimedOut" in [event["type"] for event in execution.history]


def test_a_busy_looping_handler_cannot_hang_the_run() -> None:
    started = time.monotonic()
    execution = run(_task(1), handlers={"Work": spinning})
    assert time.monotonic() - started < 4
    assert execution.error == "States.Timeout"


def test_a_timeout_can_be_caught_like_on_aws() -> None:
    catch = [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}]
    definition = {
        "StartAt": "S",
        "States": {
            "S": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": 1, "Catch": catch, "End": True},
            "Late": {"Type": "Pass", "Result": "late", "End": True},
        },
    }
    execution = run(definition, handlers={"Work": sleeping(5)})
    assert execution.status == "SUCCEEDED"
    assert execution.output == "late"


def test_a_fast_handler_is_unaffected_and_its_traceback_is_its_own() -> None:
    assert run(_task(5), handlers={"Work": sleeping(0)}).output == {"slept": 0}

    def failing(event: Any, context: Any) -> Any:
        raise ValueError("boom")

    execution = run(_task(5), handlers={"Work": failing})
    assert execution.error == "ValueError"
    assert "lambda_.py" not in str(execution.cause)
    assert "in failing" in str(execution.cause)
