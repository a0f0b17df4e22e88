"""Real concurrency for the real clock: branches and iterations on threads, results in order.

On the virtual clock everything runs sequentially (deterministic, and lanes already give
concurrent timestamps). With `RealClock()` waits really wait, so Parallel branches and Map
iterations run on threads, at most MaxConcurrency at a time, as they would on AWS. A failed
branch does not interrupt the others (they finish what they are doing); the run then reports
the failure that happened first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

Json = Any
Outcome = tuple[Json, BaseException | None]


def run_all(tasks: Sequence[Callable[[], Json]], width: int) -> list[Outcome]:
    """Run `tasks` on up to `width` threads; `(value, None)` or `(None, error)` per task, in order."""
    if not tasks:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(width, len(tasks)))) as pool:
        futures = [pool.submit(task) for task in tasks]
        return [_outcome(future) for future in futures]


def _outcome(future: Future[Json]) -> Outcome:
    error = future.exception()
    return (None, error) if error is not None else (future.result(), None)
