"""The text trace of `flowdsl run`: one row per state entered, read from the execution history.

Each row is a `*StateEntered` event of the GetExecutionHistory-shaped history: the state
(indented inside Parallel and Map, `[i]` for Map item i), its type, the time until it exited
(virtual time unless `--real-time`), and how it ended: succeeded, failed, or caught (with the
error the Catch took over when the history names it) and the retries it needed: a Task's
attempts are its `*Scheduled` events, a Parallel's or Map's its `*StateStarted` events (a
retried Parallel or Map starts again and re-enters its branches; a Task is not re-entered).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flowdsl.engine import Execution

_CONTAINERS = ("Parallel", "Map")
_FAILURES = ("Failed", "TimedOut", "Aborted")


@dataclass(frozen=True, slots=True)
class TraceRow:
    """One state entered: its name, type, nesting depth, time spent and how it ended."""

    name: str
    type: str
    depth: int
    seconds: float | None
    outcome: str
    retries: int = 0
    caught: str | None = None  # the error a Catch took over, which text mode shows nowhere else
    item: int | None = None  # the Map iteration (item index) the state ran in


def trace_rows(execution: Execution) -> list[TraceRow]:
    """One row per `*StateEntered` event, in history order, from the GetExecutionHistory events."""
    return _Trace(list(execution.history)).rows()


@dataclass(slots=True)
class _Open:
    """A state entered and not yet closed: its row so far and the attempts seen (retries + 1)."""

    name: str
    type: str
    start: int
    depth: int
    item: int | None
    attempts: int = 0
    failed: bool = False  # a Parallel/Map whose failure event was seen: next comes a retry or exit

    @property
    def container(self) -> bool:
        return self.type in _CONTAINERS


class _Trace:
    """One pass over the history with a stack of open states.

    A state closes when it exits; one that never exits failed, and closes where the history
    moves on without it: another state entered in its place, its Parallel/Map failing or the
    Map iteration ending, the execution ending. ParallelStateFailed and MapStateFailed name no
    state, so a second failure event in a row belongs to the next container out.
    """

    def __init__(self, events: Sequence[Mapping[str, Any]]) -> None:
        self.events = events
        self.stack: list[_Open] = []
        self.closed: dict[int, TraceRow] = {}  # start event index -> row, sorted at the end
        self.items: dict[str, int] = {}  # Map state -> the iteration running now

    def rows(self) -> list[TraceRow]:
        for index, event in enumerate(self.events):
            self._see(index, str(event["type"]), event)
        self._close_above(None, len(self.events) - 1)
        return [self.closed[start] for start in sorted(self.closed)]

    def _see(self, index: int, kind: str, event: Mapping[str, Any]) -> None:
        if kind.endswith("StateEntered"):
            self._enter(index, kind.removesuffix("StateEntered"), event)
        elif kind.endswith("StateExited"):
            self._exit(index, str(event["stateExitedEventDetails"]["name"]))
        elif kind in ("ParallelStateFailed", "MapStateFailed", "ParallelStateAborted", "MapStateAborted"):
            self._container_failed(index)
        elif kind in ("ParallelStateStarted", "MapStateStarted"):
            self._container_started(index)
        elif kind.startswith("MapIteration"):
            self._iteration(
                index, kind, event["mapIteration" + kind.removeprefix("MapIteration") + "EventDetails"]
            )
        elif kind.endswith("Scheduled") and self.stack:
            self.stack[-1].attempts += 1  # one Task attempt (TaskScheduled, LambdaFunctionScheduled)
        elif kind in ("ExecutionTimedOut", "ExecutionAborted"):
            # What was running when the execution ran out of time (or was stopped) did not fail.
            self._close_above(None, index, "timed out" if kind == "ExecutionTimedOut" else "aborted")
        elif kind.startswith("Execution") and kind != "ExecutionStarted":
            self._close_above(None, index)

    def _enter(self, index: int, state_type: str, event: Mapping[str, Any]) -> None:
        while self.stack and (not self.stack[-1].container or self.stack[-1].failed):
            self._close(index - 1, exited=False)  # it failed and the history moved on
        parent = self.stack[-1] if self.stack else None
        item = self.items.get(parent.name) if parent is not None and parent.type == "Map" else None
        depth = sum(entry.container for entry in self.stack)
        name = str(event["stateEnteredEventDetails"]["name"])
        self.stack.append(_Open(name, state_type, index, depth, item))

    def _exit(self, index: int, name: str) -> None:
        position = self._find(name)
        if position is not None:
            self._close_above(position, index - 1)
            self._close(index, exited=True)

    def _container_failed(self, index: int) -> None:
        while self.stack and not self.stack[-1].container:
            self._close(index - 1, exited=False)
        if self.stack and self.stack[-1].failed:
            self._close(index - 1, exited=False)  # already failed: this failure is its parent's
        if self.stack:
            self.stack[-1].failed = True

    def _container_started(self, index: int) -> None:
        while self.stack and not self.stack[-1].container:
            self._close(index - 1, exited=False)
        if self.stack:
            self.stack[-1].attempts += 1  # a retry starts the Parallel/Map again
            self.stack[-1].failed = False

    def _iteration(self, index: int, kind: str, details: Mapping[str, Any]) -> None:
        name = str(details["name"])
        self._close_above(self._find(name), index - 1)
        if kind == "MapIterationStarted":
            self.items[name] = int(details["index"])

    def _find(self, name: str) -> int | None:
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position].name == name:
                return position
        return None

    def _close_above(self, position: int | None, end: int, outcome: str = "failed") -> None:
        """Close every open state above `position` (all of them for None) at `end`, as `outcome`."""
        keep = -1 if position is None else position
        while len(self.stack) > keep + 1:
            self._close(end, exited=False, outcome=outcome)

    def _close(self, end: int, *, exited: bool, outcome: str = "failed") -> None:
        entry = self.stack.pop()
        before = str(self.events[end - 1]["type"]) if exited else ""
        caught = exited and before.endswith(_FAILURES)
        self.closed[entry.start] = TraceRow(
            entry.name,
            entry.type,
            entry.depth,
            _elapsed(self.events[entry.start].get("timestamp"), self.events[end].get("timestamp")),
            ("caught" if caught else "succeeded") if exited else outcome,
            retries=max(0, entry.attempts - 1),
            caught=_error_of(self.events[end - 1]) if caught else None,
            item=entry.item,
        )


def format_trace(rows: Sequence[TraceRow]) -> list[str]:
    """Aligned text lines: state (indented by depth, `[i]` in Map item i), type, duration, outcome."""
    labels = ["  " * row.depth + ("" if row.item is None else f"[{row.item}] ") + row.name for row in rows]
    width = max((len(label) for label in labels), default=5)
    return [
        f"{label:<{width}}  {row.type:<8}  {_duration(row.seconds):>9}  {_outcome_text(row)}"
        for label, row in zip(labels, rows, strict=True)
    ]


def _outcome_text(row: TraceRow) -> str:
    caught = f" {row.caught}" if row.caught else ""
    return f"{row.outcome}{caught}{_retried(row.retries)}"


def _error_of(event: Mapping[str, Any]) -> str | None:
    """The `error` of a failure event (`taskFailedEventDetails`, `lambdaFunctionFailedEventDetails`, ...).

    ParallelStateFailed and MapStateFailed carry no details (HistoryEvent, Step Functions API
    reference), so a caught Parallel or Map shows no error name.
    """
    for key, details in event.items():
        if key.endswith("EventDetails") and isinstance(details, Mapping) and details.get("error"):
            return str(details["error"])
    return None


def _retried(count: int) -> str:
    return "" if count == 0 else f" after {count} {'retry' if count == 1 else 'retries'}"


def _elapsed(start: Any, end: Any) -> float | None:
    begin, finish = _epoch(start), _epoch(end)
    return None if begin is None or finish is None else max(0.0, finish - begin)


def _epoch(value: Any) -> float | None:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return None


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.3f} s" if seconds < 60 else f"{seconds / 60:.1f} min"
