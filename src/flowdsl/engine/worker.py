"""Handler calls bounded by their Task's timeout in wall-clock time.

A handler that never returns must not hang the run (issue 11): past `seconds` of wall-clock
time the engine gives up on it (`HandlerTimeout`) and fails the Task with States.Timeout. Two
ways, picked per call by `call_within`:

- **Inline, on the main thread** (the common case: a script or a test calling `flowdsl.run`).
  The handler is called directly under a real-time interval timer (`setitimer(ITIMER_REAL)`);
  at the deadline SIGALRM raises `Expired` inside the handler, between two bytecodes or out of
  a blocking sleep, wait or read (Python retries those after a signal only when its handler
  returns, PEP 475), and then again every `REPEAT` seconds until the call ends, so a handler
  that catches it once still stops. A handler that returns after its deadline timed out all
  the same. Handing each call to another thread cost two thread switches, more than the rest
  of a handler-heavy execution; this costs two timer system calls. The timer is only taken
  when nothing else uses it: SIGALRM at its default action and no timer pending (`signal.alarm`,
  pytest-timeout's signal method), else the call goes to a worker as below. Arming the timer
  returns the one it replaced, so a pending one is found, and put back, without asking first.
- **On a reused daemon thread** everywhere else (another thread: the served engine, Parallel
  branches on the real clock; a platform without `setitimer`; SIGALRM in use). The engine
  waits at most `seconds` for it. Python cannot kill a thread: a worker whose call outlived its
  wait is abandoned, never reused, and keeps running its handler until the process exits (a
  daemon thread does not keep the process alive); it then ends instead of going back to the
  pool. Each call has a worker to itself, so concurrent runs never queue behind each other.

What neither way can stop is a handler stuck in C code that holds the GIL or retries a
system call without checking for signals (see `flowdsl/expr/timed_regex.py` for `re`); a
worker thread also gets past the second kind, inline calls do not.
"""

from __future__ import annotations

import importlib
import os
import signal
import threading
import time
from collections.abc import Callable
from functools import partial
from types import FrameType
from typing import Any

MAX_IDLE = 8
"""Idle workers kept for reuse; a worker finishing when the pool is full ends."""
REPEAT = 0.05
"""Seconds between SIGALRMs once an inline call is past its deadline, until it ends."""

# The C module behind `signal`: `signal.signal` and `signal.getsignal` convert handlers to and
# from enums, which costs more than the system call itself (about 20 times, measured).
_signal: Any = importlib.import_module("_signal")
_INLINE = hasattr(signal, "setitimer")  # not on Windows
_TIMER: int = getattr(signal, "ITIMER_REAL", 0)


class HandlerTimeout(Exception):  # noqa: N818 - names the event, like TimeoutError
    """A handler did not return within the Task's TimeoutSeconds (wall-clock time)."""


class Expired(BaseException):
    """Raised inside a handler running inline when a deadline passes (its own or an enclosing
    call's). Not an `Exception`, so a handler's `except Exception:` does not swallow it; the
    engine passes it on (like KeyboardInterrupt) until the call it belongs to."""


INTERRUPTS = (KeyboardInterrupt, Expired)
"""What stops a handler's call from outside: passed on as they are, never reported as the
handler's own error."""


def call_within(function: Callable[..., Any], seconds: float, *args: Any) -> Any:
    """`function(*args)`, given at most `seconds` of wall-clock time; its exception, if any, is
    raised here with its traceback, and `HandlerTimeout` past `seconds`."""
    if _INLINE and threading.current_thread() is threading.main_thread():
        call = _Inline.start(seconds)
        if call is not None:
            return call.run(function, args)
    returned, value = _take().run(partial(function, *args), seconds)
    if returned:
        return value
    raise value


class _Inline:
    """One handler call on the main thread under the interval timer (see the module docstring)."""

    __slots__ = ("alarm", "deadline", "running")

    def __init__(self, deadline: float, alarm: float) -> None:
        self.deadline = deadline
        self.alarm = alarm  # the earliest deadline of this call and of those it runs inside
        self.running = True

    @staticmethod
    def start(seconds: float) -> _Inline | None:
        """The call, its timer armed; None when the timer is someone else's."""
        now = time.monotonic()
        if _CALLS:  # inside a handler that runs a workflow: the timer is ours, unless
            if _signal.getsignal(signal.SIGALRM) is not _on_alarm:  # the handler took SIGALRM
                return None
            call = _Inline(now + seconds, min(now + seconds, _CALLS[-1].alarm))
        elif _signal.getsignal(signal.SIGALRM) != _signal.SIG_DFL:
            return None
        else:
            _signal.signal(signal.SIGALRM, _on_alarm)
            call = _Inline(now + seconds, now + seconds)
        _CALLS.append(call)
        replaced = _arm(call.alarm - now)
        if replaced[0] and len(_CALLS) == 1:
            # The outermost call took the place of a timer pending at SIGALRM's default action
            # (`signal.alarm`): someone else's, put back as it was for a worker to take the call.
            _CALLS.pop()
            signal.setitimer(_TIMER, *replaced)
            _signal.signal(signal.SIGALRM, _signal.SIG_DFL)
            return None
        return call

    def run(self, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        """`function(*args)`'s result; `HandlerTimeout` when it ended past its deadline."""
        try:
            value = function(*args)
        except Expired:
            self.running = False
            if time.monotonic() < self.deadline:
                raise  # an enclosing call's deadline: that call's to report
            raise HandlerTimeout from None
        finally:
            self.running = False
            self._end()
        if time.monotonic() >= self.deadline:  # it swallowed `Expired`, or was stuck until now
            raise HandlerTimeout
        return value

    def _end(self) -> None:
        """Off the stack; the timer back to the enclosing call's alarm, or off and released."""
        _CALLS.pop()
        if _CALLS:
            # An enclosing alarm already past is on its way up as this call's `Expired`.
            left = _CALLS[-1].alarm - time.monotonic()
            _arm(left if left > 0 else REPEAT)
            return
        signal.setitimer(_TIMER, 0)
        if _signal.getsignal(signal.SIGALRM) is _on_alarm:  # else a handler set its own: kept
            _signal.signal(signal.SIGALRM, _signal.SIG_DFL)


_CALLS: list[_Inline] = []
"""The inline calls in progress on the main thread, innermost last."""


def _arm(seconds: float) -> tuple[float, float]:
    """Set the timer, returning the one it replaces. A deadline already past still fires
    (1 µs on), then every REPEAT seconds."""
    return signal.setitimer(_TIMER, max(seconds, 1e-6), REPEAT)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _CALLS and _CALLS[-1].running:
        raise Expired


class _Worker:
    """One daemon thread running the calls handed to it, one at a time."""

    def __init__(self) -> None:
        self._start, self._done, self._state = threading.Lock(), threading.Lock(), threading.Lock()
        self._start.acquire()
        self._done.acquire()
        self._call: Callable[[], Any] | None = None
        self._outcome: tuple[bool, Any] = (False, None)
        self._abandoned = False
        threading.Thread(target=self._serve, name="flowdsl-handler", daemon=True).start()

    def run(self, call: Callable[[], Any], seconds: float) -> tuple[bool, Any]:
        """`(True, result)` or `(False, exception)`; raises HandlerTimeout past `seconds`."""
        self._call = call
        self._start.release()
        finished = False
        try:
            finished = self._done.acquire(timeout=seconds)
        finally:
            if not finished:  # timed out, or the wait was interrupted (Ctrl-C)
                finished = self._give_up()
        if not finished:
            raise HandlerTimeout
        outcome, self._outcome = self._outcome, (False, None)
        _offer(self)
        return outcome

    def stop(self) -> None:
        """End the thread once it is idle (the pool is full)."""
        self._call = None
        self._start.release()

    def _give_up(self) -> bool:
        """Abandon the call unless it has just finished; whether it had."""
        with self._state:
            if self._done.acquire(blocking=False):
                return True
            self._abandoned = True
            return False

    def _serve(self) -> None:
        while True:
            self._start.acquire()
            call = self._call
            if call is None:
                return
            try:
                outcome: tuple[bool, Any] = (True, call())
            except BaseException as exc:  # handed to the caller, SystemExit included
                outcome = (False, exc)
            del call
            with self._state:  # the caller gives up, or takes the outcome, never half of both
                if self._abandoned:
                    return
                self._outcome = outcome
                self._done.release()
            del outcome


_IDLE: list[_Worker] = []
_POOL = threading.Lock()


def _take() -> _Worker:
    with _POOL:
        if _IDLE:
            return _IDLE.pop()
    return _Worker()


def _offer(worker: _Worker) -> None:
    """Back to the idle pool after a call; stopped instead when the pool is full."""
    with _POOL:
        if len(_IDLE) < MAX_IDLE:
            _IDLE.append(worker)
            return
    worker.stop()


def _forget_workers() -> None:
    """In a forked child the pool's threads do not exist: start afresh."""
    global _POOL  # noqa: PLW0603 - the lock may have been held at the fork
    _IDLE.clear()
    _POOL = threading.Lock()


os.register_at_fork(after_in_child=_forget_workers)
