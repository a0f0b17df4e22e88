"""Time: a virtual clock by default (instant, but timestamps as AWS would record them), real on request.

Every branch of a Parallel and every Map iteration runs on its own `Lane`, which starts at
its parent's time; the parent resumes at the latest lane's end. On the virtual clock runs
are sequential and deterministic, yet Wait states and retry back-off add up as concurrent
ones would on AWS; on the real clock branches run on threads (`concurrency.py`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache


@dataclass(slots=True)
class Lane:
    """One strand of execution: its current time (epoch seconds) and its last history event id."""

    now: float
    last_event: int = 0


class VirtualClock:
    """Time moves only when the execution waits, and moves instantly; `start` is the execution's start."""

    real = False

    def __init__(self, start: datetime | float | None = None) -> None:
        # AWS timestamps carry milliseconds; starting on a whole millisecond keeps them exact.
        if start is None:  # now, in whole milliseconds (integers: `round` costs more)
            self.start = time.time_ns() // 1_000_000 / 1000
            return
        if isinstance(start, datetime):
            start = start.timestamp()
        self.start = round(start, 3)

    def sleep(self, lane: Lane, seconds: float) -> None:
        lane.now += seconds


class RealClock(VirtualClock):
    """Waits really wait; Parallel branches and Map iterations then run on threads."""

    real = True

    def __init__(self) -> None:
        super().__init__(None)

    def sleep(self, lane: Lane, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)
        lane.now = max(lane.now + seconds, time.time())


Clock = VirtualClock


@lru_cache(maxsize=1024)
def iso(epoch: float) -> str:
    """The context object's timestamp format: `2024-01-02T03:04:05.678Z`.

    Remembered: every execution formats its start time, and runs started within the same
    millisecond (or states entered at the same virtual time) share it.
    """
    moment = datetime.fromtimestamp(epoch, UTC)
    if moment.year < 1000:  # as strftime's %Y writes such years (platform-dependent padding)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    # Formatted by hand: strftime costs more than the rest of a small execution's start.
    return (
        f"{moment.year}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}"
        f":{moment.second:02d}.{moment.microsecond // 1000:03d}Z"
    )
