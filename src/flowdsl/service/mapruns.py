"""Map Runs: the child executions one Distributed Map state starts, and the API actions on them.

AWS Developer Guide, "Using Map state in Distributed mode" (key terms: a Map Run is the set of
child workflow executions a Distributed Map starts and the settings that control them, with an
ARN `arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<id>`) and "Viewing Map Runs";
AWS API reference, DescribeMapRun, ListMapRuns, UpdateMapRun and ListExecutions (`mapRunArn`).

Children start as the Map Run's MaxConcurrency allows (0: no limit; flowdsl runs at most 16 at a
time), read again before each start, so an UpdateMapRun during the run takes effect as on AWS.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flowdsl.service.activities import lookup, required, with_token
from flowdsl.service.errors import fail
from flowdsl.service.lookups import ExecutionActions
from flowdsl.service.paging import Span, page

if TYPE_CHECKING:
    from flowdsl.service.executions import ExecutionRecord

Json = Any
_WORKERS = 16
# DescribeMapRun's counters, by the child execution status each one counts.
_COUNTED = {"running": "RUNNING", "succeeded": "SUCCEEDED", "failed": "FAILED",
            "timedOut": "TIMED_OUT", "aborted": "ABORTED"}  # fmt: skip


@dataclass(eq=False)
class MapRun(Span):
    """One Map Run: its settings (UpdateMapRun may change them) and its child executions."""

    arn: str
    execution_arn: str
    state_machine_arn: str
    max_concurrency: int
    tolerated_count: int
    tolerated_percentage: float
    results_written: bool = False
    children: list[ExecutionRecord] = field(default_factory=list)
    items: dict[str, int] = field(default_factory=dict)  # child ARN -> how many items it got
    changed: threading.Condition = field(default_factory=threading.Condition)
    _next: int = 0  # children[:_next] have started, in order
    _running: int = 0
    halted: bool = False  # no more children start: the threshold was passed, or the parent stopped

    def add(self, child: ExecutionRecord, items: int) -> None:
        self.children.append(child)
        self.items[child.arn] = items

    @property
    def started(self) -> list[ExecutionRecord]:
        """The children started so far (ListExecutions lists only these, as AWS does)."""
        return self.children[: self._next]

    def run(self) -> None:
        """Run every child, starting each when fewer than MaxConcurrency are running."""
        workers = [
            threading.Thread(target=self._work, name=f"flowdsl map run {i}", daemon=True)
            for i in range(min(_WORKERS, len(self.children)))
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def _work(self) -> None:
        while True:
            with self.changed:
                while self._next < len(self.children) and not self.halted and not self._room():
                    self.changed.wait()
                if self._next >= len(self.children) or self.halted:
                    return
                child = self.children[self._next]
                self._next, self._running = self._next + 1, self._running + 1
            try:
                child.run()
            finally:
                with self.changed:
                    self._running -= 1
                    if self.failed_items() > self.allowed_failures():
                        self.halt()
                    self.changed.notify_all()

    def _room(self) -> bool:
        return self.max_concurrency == 0 or self._running < self.max_concurrency

    def halt(self) -> None:
        """Start no more children and stop the running ones (they end ABORTED), as AWS does once
        the tolerated failures are passed ("Distributed Map failure thresholds")."""
        with self.changed:
            self.halted = True
            self.changed.notify_all()
        for child in self.started:
            if not child.done.is_set():
                child.stop(None, None)

    def failed_items(self) -> int:
        """The items of the children that ended other than SUCCEEDED."""
        ended = [c for c in self.started if c.done.is_set() and c.status != "SUCCEEDED"]
        return sum(self.items[child.arn] for child in ended)

    def allowed_failures(self) -> float:
        """How many items may fail: ToleratedFailureCount and Percentage (of all items), the larger."""
        by_share = math.floor(sum(self.items.values()) * self.tolerated_percentage / 100)
        return max(self.tolerated_count, by_share)

    def finish(self, status: str, *, written: bool = False) -> None:
        self.status, self.results_written, self.stop_date = status, written, round(time.time(), 3)

    def counts(self, *, by_items: bool) -> dict[str, int]:
        """itemCounts (`by_items`) or executionCounts, as DescribeMapRun reports them."""

        def total(children: list[ExecutionRecord]) -> int:
            return sum(self.items[child.arn] for child in children) if by_items else len(children)

        started = self.children[: self._next]
        out = {"pending": total(self.children[self._next :])}
        for name, status in _COUNTED.items():
            out[name] = total([child for child in started if child.status == status])
        out["total"] = total(self.children)
        out["resultsWritten"] = out["total"] if self.results_written else 0
        out.update({"failuresNotRedrivable": 0, "pendingRedrive": 0})
        return out

    def describe(self) -> dict[str, Json]:
        out: dict[str, Json] = {
            "mapRunArn": self.arn,
            "executionArn": self.execution_arn,
            "status": self.status,
            **self.dates(),
        }
        out["maxConcurrency"] = self.max_concurrency
        out["toleratedFailurePercentage"] = float(self.tolerated_percentage)
        out["toleratedFailureCount"] = self.tolerated_count
        out["itemCounts"] = self.counts(by_items=True)
        out["executionCounts"] = self.counts(by_items=False)
        out["redriveCount"] = 0
        return out

    def list_item(self) -> dict[str, Json]:
        out: dict[str, Json] = {"executionArn": self.execution_arn, "mapRunArn": self.arn}
        return {**out, "stateMachineArn": self.state_machine_arn, **self.dates()}


class MapRunActions(ExecutionActions):
    """DescribeMapRun, ListMapRuns and UpdateMapRun of `Service` (same conventions as core.py)."""

    map_runs: dict[str, MapRun]

    def describe_map_run(self, **params: Any) -> dict[str, Json]:
        return self.map_run(required(params, "mapRunArn")).describe()

    def list_map_runs(self, **params: Any) -> dict[str, Json]:
        record = self._execution(required(params, "executionArn"))
        runs = list(reversed(record.map_runs))
        items, token = page(runs, params.get("maxResults"), params.get("nextToken"))
        return with_token({"mapRuns": [run.list_item() for run in items]}, token)

    def update_map_run(self, **params: Any) -> dict[str, Json]:
        run = self.map_run(required(params, "mapRunArn"))
        concurrency = params.get("maxConcurrency")
        count, share = params.get("toleratedFailureCount"), params.get("toleratedFailurePercentage")
        if concurrency is None and count is None and share is None:
            raise fail("ValidationException", "At least one of the Map Run settings must be specified")
        _check_settings(concurrency, count, share)
        with run.changed:
            if concurrency is not None:
                run.max_concurrency = concurrency
            if count is not None:
                run.tolerated_count = count
            if share is not None:
                run.tolerated_percentage = float(share)
            run.changed.notify_all()
        return {}

    def map_run(self, arn: str) -> MapRun:
        return lookup(self.lock, self.map_runs, arn, "mapRun", "ResourceNotFound")


def _check_settings(concurrency: Any, count: Any, share: Any) -> None:
    """UpdateMapRun's constraints (API reference): non-negative counts, a percentage 0..100."""
    for name, value in (("maxConcurrency", concurrency), ("toleratedFailureCount", count)):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise fail("ValidationException", f"Value '{value}' at '{name}' failed to satisfy constraint")
    if share is not None and (
        isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 100
    ):
        raise fail(
            "ValidationException",
            f"Value '{share}' at 'toleratedFailurePercentage' failed to satisfy constraint",
        )
