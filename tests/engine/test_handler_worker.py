"""Handlers run on reused worker threads, with the timeout guard of a thread per call."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from flowdsl.engine import worker
from flowdsl.engine.worker import HandlerTimeout, call_within


def _thread() -> int:
    return threading.get_ident()


def test_calls_in_turn_reuse_one_worker_off_the_callers_thread() -> None:
    first, second = call_within(_thread, 5), call_within(_thread, 5)
    assert first == second != threading.get_ident()


def test_a_worker_that_timed_out_is_never_reused_and_ends_when_its_call_does() -> None:
    release, ident = threading.Event(), []

    def stuck() -> None:
        ident.append(threading.get_ident())
        release.wait(10)

    with pytest.raises(HandlerTimeout):
        call_within(stuck, 0.05)
    assert call_within(_thread, 5) != ident[0]
    abandoned = next(t for t in threading.enumerate() if t.ident == ident[0])
    release.set()
    abandoned.join(5)
    assert not abandoned.is_alive()


def test_concurrent_calls_each_get_a_worker() -> None:
    both = threading.Barrier(2, timeout=5)  # each call waits for the other: one worker would deadlock
    results: list[Any] = []
    other = threading.Thread(target=lambda: results.append(call_within(both.wait, 5)))
    other.start()
    results.append(call_within(both.wait, 5))
    other.join(5)
    assert sorted(results) == [0, 1]


def test_exceptions_reach_the_caller_and_the_worker_goes_on() -> None:
    def failing() -> None:
        raise SystemExit(3)

    with pytest.raises(SystemExit) as raised:
        call_within(failing, 5)
    assert raised.value.code == 3
    assert raised.value.__traceback__ is not None
    assert call_within(lambda: "again", 5) == "again"


def test_the_idle_pool_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "MAX_IDLE", 1)
    test_concurrent_calls_each_get_a_worker()  # two workers, back at the same time
    assert len(worker._IDLE) == 1
