"""How a handler call is bounded: inline under SIGALRM on the main thread, else on reused workers.

Both ways keep the guarantee of tests/engine/test_handler_timeout.py (a handler past its
deadline cannot hang the run); these tests pin down which way a call takes and what each
leaves behind.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from flowdsl.engine import worker
from flowdsl.engine.worker import Expired, HandlerTimeout, call_within

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no setitimer on this platform")


def _thread() -> int:
    return threading.get_ident()


def off_main(function: Callable[[], Any]) -> Any:
    """`function()` called on a thread of its own (not the main thread); its exception re-raised."""
    outcome: list[tuple[bool, Any]] = []

    def target() -> None:
        try:
            outcome.append((True, function()))
        except BaseException as exc:  # handed back to the test
            outcome.append((False, exc))

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(10)
    returned, value = outcome[0]
    if not returned:
        raise value
    return value


@pytest.fixture(autouse=True)
def _timer_left_clean() -> Iterator[None]:
    yield
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# --- inline, on the main thread ---


def test_on_the_main_thread_a_call_runs_inline_and_leaves_sigalrm_as_it_was() -> None:
    assert call_within(_thread, 5) == threading.get_ident()


def test_an_inline_call_past_its_deadline_is_interrupted() -> None:
    started = time.monotonic()
    with pytest.raises(HandlerTimeout):
        call_within(lambda: threading.Event().wait(10), 0.05)
    with pytest.raises(HandlerTimeout):
        call_within(lambda: time.sleep(10), 0.05)
    assert time.monotonic() - started < 5


def test_a_handler_that_catches_the_interruption_is_interrupted_again() -> None:
    caught = []

    def stubborn() -> None:
        for _ in range(3):
            try:
                time.sleep(10)
            except BaseException as exc:  # what a careless handler does
                caught.append(type(exc))

    with pytest.raises(HandlerTimeout):
        call_within(stubborn, 0.05)
    assert caught == [Expired, Expired, Expired]


def test_a_handler_that_returns_after_its_deadline_still_timed_out() -> None:
    def swallowing() -> str:
        with contextlib.suppress(Expired):
            time.sleep(10)
        return "late"

    with pytest.raises(HandlerTimeout):
        call_within(swallowing, 0.05)


def test_nested_calls_each_keep_their_own_deadline() -> None:
    # The inner deadline passes first: the inner call times out, the outer goes on.
    def outer_fine() -> str:
        with pytest.raises(HandlerTimeout):
            call_within(lambda: time.sleep(10), 0.05)
        return "outer went on"

    assert call_within(outer_fine, 5) == "outer went on"

    # The outer deadline passes first: the inner call is stopped, and the outer times out.
    inner_saw = []

    def inner() -> None:
        try:
            time.sleep(10)
        except Expired:
            inner_saw.append("expired")
            raise

    with pytest.raises(HandlerTimeout):
        call_within(lambda: call_within(inner, 5), 0.05)
    assert inner_saw == ["expired"]


def test_exceptions_reach_the_caller_with_their_traceback() -> None:
    def failing() -> None:
        raise SystemExit(3)

    with pytest.raises(SystemExit) as raised:
        call_within(failing, 5)
    assert raised.value.code == 3
    assert raised.value.__traceback__ is not None


def test_sigalrm_in_use_sends_the_call_to_a_worker_and_leaves_it_alone() -> None:
    def theirs(signum: int, frame: Any) -> None:
        raise AssertionError("the user's SIGALRM handler ran")

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        assert call_within(_thread, 5) != threading.get_ident()
        with pytest.raises(HandlerTimeout):
            call_within(lambda: time.sleep(0.5), 0.05)
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_a_pending_timer_sends_the_call_to_a_worker_and_keeps_running() -> None:
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        assert call_within(_thread, 5) != threading.get_ident()
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_a_handler_that_takes_sigalrm_keeps_it_and_its_nested_calls_go_to_a_worker() -> None:
    def theirs(signum: int, frame: Any) -> None:
        pass

    def handler() -> int:
        signal.signal(signal.SIGALRM, theirs)
        return int(call_within(_thread, 5))

    try:
        assert call_within(handler, 5) != threading.get_ident()
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


# --- on workers, off the main thread ---


def test_calls_in_turn_reuse_one_worker_off_the_callers_thread() -> None:
    def twice() -> tuple[int, int, int]:
        return call_within(_thread, 5), call_within(_thread, 5), threading.get_ident()

    first, second, caller = off_main(twice)
    assert first == second != caller


def test_a_worker_that_timed_out_is_never_reused_and_ends_when_its_call_does() -> None:
    release, ident = threading.Event(), []

    def stuck() -> None:
        ident.append(threading.get_ident())
        release.wait(10)

    with pytest.raises(HandlerTimeout):
        off_main(lambda: call_within(stuck, 0.05))
    assert off_main(lambda: call_within(_thread, 5)) != ident[0]
    abandoned = next(t for t in threading.enumerate() if t.ident == ident[0])
    release.set()
    abandoned.join(5)
    assert not abandoned.is_alive()


def test_concurrent_calls_each_get_a_worker() -> None:
    both = threading.Barrier(2, timeout=5)  # each call waits for the other: one worker would deadlock
    results: list[Any] = []
    other = threading.Thread(target=lambda: results.append(call_within(both.wait, 5)))
    other.start()
    results.append(off_main(lambda: call_within(both.wait, 5)))
    other.join(5)
    assert sorted(results) == [0, 1]


def test_a_workers_exceptions_reach_the_caller_and_the_worker_goes_on() -> None:
    def failing() -> None:
        raise SystemExit(3)

    with pytest.raises(SystemExit) as raised:
        off_main(lambda: call_within(failing, 5))
    assert raised.value.code == 3
    assert raised.value.__traceback__ is not None
    assert off_main(lambda: call_within(lambda: "again", 5)) == "again"


def test_the_idle_pool_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "MAX_IDLE", 1)
    test_concurrent_calls_each_get_a_worker()  # two workers, back at the same time
    assert len(worker._IDLE) == 1
