"""Task tokens: tasks paused at a callback or an activity, and the answers that resume them.

A `.waitForTaskToken` Task or an activity Task registers a `Pending` under its token and its
execution's thread waits on it; `SendTaskSuccess`/`Failure`/`Heartbeat` (any thread) answer
it, `GetActivityTask` hands an activity's task to a worker, `StopExecution` wakes it to stop.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from flowdsl.service.errors import fail

Json = Any
ACTIVITY_POLL_SECONDS = 60.0
"""GetActivityTask waits up to 60 seconds for a task (AWS API reference, GetActivityTask)."""


@dataclass(eq=False)
class Pending:
    """One task waiting for its answer: `outcome` is ("success", output) or ("failure", error, cause)."""

    token: str
    input: str
    heartbeat: float
    deadline: float
    beat: float = field(default_factory=time.monotonic)
    worker: str | None = None
    queued: bool = False
    outcome: tuple[Any, ...] | None = None
    stopped: tuple[str | None, str | None] | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def expires(self) -> float:
        """The monotonic time at which the task times out (heartbeat or TimeoutSeconds).

        An activity's heartbeat clock starts when a worker takes the task (ActivityStarted);
        until then only TimeoutSeconds runs.
        """
        if self.queued:
            return self.deadline
        return min(self.deadline, self.beat + self.heartbeat)


class Tokens:
    """Every open task token, and the tokens of tasks already closed (answered or timed out)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open: dict[str, Pending] = {}
        self.closed: set[str] = set()
        self.activities: dict[str, Activity] = {}

    def register(self, pending: Pending) -> None:
        with self.lock:
            self.open[pending.token] = pending

    def close(self, token: str) -> None:
        with self.lock:
            self.open.pop(token, None)
            self.closed.add(token)

    def answer(self, token: str, outcome: tuple[Any, ...] | None) -> None:
        """Resolve a task (`outcome`), or record a heartbeat (`None`)."""
        pending = self._find(token)
        with pending.changed:
            if outcome is None:
                pending.beat = time.monotonic()
            elif pending.outcome is None:
                pending.outcome = outcome
            pending.changed.notify_all()

    def _find(self, token: str) -> Pending:
        if not isinstance(token, str) or not 1 <= len(token) <= 2048:
            raise fail("InvalidToken", "Invalid token")
        with self.lock:
            pending = self.open.get(token)
            if pending is None and token in self.closed:
                raise fail("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")
        if pending is None:
            raise fail("TaskDoesNotExist", "Task does not exist")
        return pending


class Activity:
    """An activity: its tasks queued until a worker's GetActivityTask takes one."""

    def __init__(self, arn: str, name: str, created: float) -> None:
        self.arn = arn
        self.name = name
        self.created = created
        self.queue: deque[Pending] = deque()
        self.ready = threading.Condition()

    def offer(self, pending: Pending) -> None:
        pending.queued = True
        with self.ready:
            self.queue.append(pending)
            self.ready.notify()

    def withdraw(self, pending: Pending) -> None:
        with self.ready:
            if pending in self.queue:
                self.queue.remove(pending)

    def take(self, worker: str | None, seconds: float) -> Pending | None:
        """The oldest queued task (now started by `worker`), waiting up to `seconds` for one."""
        end = time.monotonic() + seconds
        with self.ready:
            while not self.queue:
                left = end - time.monotonic()
                if (left <= 0 or not self.ready.wait(left)) and not self.queue:
                    return None
            pending = self.queue.popleft()
        with pending.changed:
            pending.worker, pending.queued = worker or "", False
            pending.beat = time.monotonic()
            pending.changed.notify_all()
        return pending
