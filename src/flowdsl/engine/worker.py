"""Handler calls on reused daemon threads, each waited for at most the Task's timeout.

A handler runs off the engine's thread so that one that never returns cannot hang the run
(issue 11): the engine waits `seconds` of wall-clock time, then gives up on it. Starting a
thread per call cost more than a whole execution of a handler-heavy workflow, so the threads
are kept: a finished call hands its worker back to an idle pool, and the next call takes it.

Python cannot kill a thread: a worker whose call outlived its wait is abandoned, never
reused, and keeps running its handler until the process exits (a daemon thread does not keep
the process alive); it then ends instead of going back to the pool. Each call has a worker
to itself, so concurrent runs (Parallel branches on the real clock, the served engine, a
handler that runs a workflow) never queue behind each other.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

MAX_IDLE = 8
"""Idle workers kept for reuse; a worker finishing when the pool is full ends."""


class HandlerTimeout(Exception):  # noqa: N818 - names the event, like TimeoutError
    """A handler did not return within the Task's TimeoutSeconds (wall-clock time)."""


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


def call_within(function: Callable[[], Any], seconds: float) -> Any:
    """`function()`, run on a worker thread and waited for at most `seconds` of wall-clock
    time; its exception, if any, is raised here with its traceback."""
    returned, value = _take().run(function, seconds)
    if returned:
        return value
    raise value
