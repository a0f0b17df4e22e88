"""Pausing Python's cyclic garbage collector while a large Map runs.

A Map keeps every iteration's history events and values alive until the execution ends, so
each collection the iterations trigger walks all of them again, and the cost per item grew
with the number of items (about 1.5x from 100 to 5,000). Plain reference counting still frees
everything that is not a cycle; the collector resumes when the last large Map running in the
process ends, and then walks what survived once. Nested and concurrent Maps share one pause.
"""

from __future__ import annotations

import gc
import threading
from types import TracebackType

LARGE_MAP = 64
"""Items from which a Map pauses the collector (below, its objects die young anyway)."""


class _Pause:
    """How many large Maps are running, and whether the collector was on before the first."""

    __slots__ = ("holders", "lock", "resume")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.resume = False


_PAUSE = _Pause()


class CollectorPaused:
    """`with CollectorPaused():` the cyclic collector is off inside (if it was on outside)."""

    __slots__ = ()

    def __enter__(self) -> None:
        with _PAUSE.lock:
            if _PAUSE.holders == 0:
                _PAUSE.resume = gc.isenabled()
                gc.disable()
            _PAUSE.holders += 1

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        with _PAUSE.lock:
            _PAUSE.holders -= 1
            if _PAUSE.holders == 0 and _PAUSE.resume:
                gc.enable()
