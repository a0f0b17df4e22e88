"""The text trace of `flowdsl run`: one row per state entered, read from the execution history.

Each row is a `*StateEntered` event of the GetExecutionHistory-shaped history: the state
(indented inside Parallel and Map, `[i]` for Map item i), its type, the time until it exited
(virtual time unless `--real-time`), and how it ended: succeeded, failed, or caught (with the
error the Catch took over when the history names it) and the retries it needed.
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
    events = list(execution.history)
    rows: list[TraceRow] = []
    open_containers: list[str] = []
    items: dict[str, int] = {}  # Map state -> the iteration running now (MapIterationStarted)
    for index, event in enumerate(events):
        kind = str(event["type"])
        if (
            kind.endswith("StateExited")
            and kind.removesuffix("StateExited") in _CONTAINERS
            and open_containers
        ):
            open_containers.pop()
        if kind == "MapIterationStarted":
            details = event["mapIterationStartedEventDetails"]
            items[str(details["name"])] = int(details["index"])
        if not kind.endswith("StateEntered"):
            continue
        item = items.get(open_containers[-1]) if open_containers else None
        rows.append(_row(execution, events, index, len(open_containers), item))
        if rows[-1].type in _CONTAINERS:
            open_containers.append(rows[-1].name)
    return rows


def _row(
    execution: Execution, events: Sequence[Mapping[str, Any]], index: int, depth: int, item: int | None
) -> TraceRow:
    """The row of the state entered at `events[index]`: how long it took and how it ended."""
    event = events[index]
    name = str(event["stateEnteredEventDetails"]["name"])
    end = _exit_of(events, index, name)
    outcome = _outcome(events, end) if end is not None else execution.visited.get(name, "failed")
    last = end if end is not None else _last_of(events, index)
    return TraceRow(
        name,
        str(event["type"]).removesuffix("StateEntered"),
        depth,
        _elapsed(event.get("timestamp"), events[last].get("timestamp")),
        outcome,
        retries=_retries(events[index + 1 : last + 1]),
        caught=_error_of(events[last - 1]) if outcome == "caught" and end is not None else None,
        item=item,
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


def _retries(events: Sequence[Mapping[str, Any]]) -> int:
    """Retries of a Task: each attempt is scheduled once (TaskScheduled, LambdaFunctionScheduled)."""
    return max(0, sum(str(e["type"]).endswith("Scheduled") for e in events) - 1)


def _retried(count: int) -> str:
    return "" if count == 0 else f" after {count} {'retry' if count == 1 else 'retries'}"


def _exit_of(events: Sequence[Mapping[str, Any]], start: int, name: str) -> int | None:
    for index in range(start + 1, len(events)):
        event = events[index]
        if str(event["type"]).endswith("StateExited") and event["stateExitedEventDetails"]["name"] == name:
            return index
        if str(event["type"]).endswith("StateEntered") and event["stateEnteredEventDetails"]["name"] == name:
            return None  # entered again before exiting: the earlier visit failed (and was caught)
    return None


def _outcome(events: Sequence[Mapping[str, Any]], exit_index: int) -> str:
    """A state that exited right after failing (TaskFailed, MapStateFailed, ...) was caught."""
    before = str(events[exit_index - 1]["type"])
    return "caught" if before.endswith(_FAILURES) else "succeeded"


def _last_of(events: Sequence[Mapping[str, Any]], start: int) -> int:
    """Where a state that never exited stopped: the event before the next state, or the end."""
    for index in range(start + 1, len(events)):
        if str(events[index]["type"]).endswith("StateEntered"):
            return index - 1
    return len(events) - 1


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
