"""An execution's history as a timeline: every state entry on its lane, with its attempts.

Lanes follow how Step Functions chains `previousEventId`: each Parallel branch and each Map
iteration continues from the `ParallelStateStarted` / `MapIterationStarted` event, so the first
state entered after one of those opens a lane of its own (labelled `Fulfil > branch 2`,
`Reserve Stock [1]`, with a single right-pointing angle quotation mark), and every later event
joins the lane of the event it follows. A Parallel's or Map's own closing events
(`ParallelStateSucceeded`, `MapIterationFailed`, ...) follow the last event of a branch or
iteration; they are put back on the lane of the Parallel or Map they close.

Times are seconds from `ExecutionStarted`, on the run's clock (virtual unless `--real-time`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Json = Any
_OPENS_LANES = ("ParallelStateStarted", "MapIterationStarted")
_ATTEMPT_START = ("Scheduled", "ParallelStateStarted", "MapStateStarted")
_ATTEMPT_END = ("Succeeded", "Failed", "TimedOut", "Aborted")
_END_OF_RUN = {"ExecutionFailed": "failed", "ExecutionTimedOut": "timed out", "ExecutionAborted": "aborted"}


@dataclass
class Lane:
    """One row of the timeline: the top level, a Parallel branch or a Map iteration."""

    id: int
    label: str
    parent: int | None
    depth: int


@dataclass
class Entry:
    """One state entered: when, on which lane, how it ended, what it got and gave, its events."""

    id: int
    state: str
    type: str
    lane: int
    start: float
    end: float | None = None
    last_event: int = 0  # the id of the event that closed it
    outcome: str = "running"
    input: Json = None
    output: Json = None
    error: str | None = None
    cause: str | None = None
    attempts: list[dict[str, Json]] = field(default_factory=list)
    events: list[dict[str, Json]] = field(default_factory=list)

    def to_json(self) -> dict[str, Json]:
        return dict(self.__dict__)


@dataclass
class Timeline:
    """The lanes, the state entries, and every event's time (`times[id - 1]`)."""

    lanes: list[Lane]
    entries: list[Entry]
    times: list[float]


def timeline(history: Sequence[Mapping[str, Json]]) -> Timeline:
    """The lanes and state entries of a GetExecutionHistory-shaped event list."""
    builder = _Builder(history)
    for event in history:
        builder.see(event)
    return builder.finish()


class _Builder:
    def __init__(self, history: Sequence[Mapping[str, Json]]) -> None:
        self.origin = _epoch(history[0]["timestamp"]) if history else 0.0
        self.lanes = [Lane(0, "execution", None, 0)]
        self.entries: list[Entry] = []
        self.lane_of: dict[int, int] = {}  # event id -> lane id
        self.open: dict[int, list[Entry]] = {0: []}  # lane id -> entries open on it, innermost last
        self.children: dict[int, int] = {}  # lane-opening event id -> lanes opened from it so far
        self.last = 0.0
        self.times: list[float] = []
        self.event_id = 0

    def see(self, event: Mapping[str, Json]) -> None:
        kind, when = str(event["type"]), self._time(event)
        if kind.startswith(("ParallelState", "MapState")):
            # A Parallel's or Map's closing events can carry the time it started its branches
            # at; it cannot have ended before what ran inside it.
            when = max(when, self.last)
        self.last = max(self.last, when)
        self.times.append(when)
        self.event_id = int(event["id"])
        lane = self._lane(event, kind)
        self.lane_of[int(event["id"])] = lane
        if kind.endswith("StateEntered"):
            self._enter(event, kind.removesuffix("StateEntered"), lane, when)
            return
        owner = self._owner(lane, kind, event)
        if owner is not None:
            owner.events.append(_brief(event, when))
            self._record(owner, kind, event, when)
        if kind in _END_OF_RUN:
            self._close_all(when, _END_OF_RUN[kind])

    def finish(self) -> Timeline:
        self._close_all(self.last, "running")
        return Timeline(self.lanes, self.entries, self.times)

    def _lane(self, event: Mapping[str, Json], kind: str) -> int:
        previous = int(event.get("previousEventId") or 0)
        lane = self.lane_of.get(previous, 0)
        if kind.endswith("StateEntered") and previous in self.children:
            return self._new_lane(previous, lane)
        if kind.startswith(("ParallelState", "MapState", "MapIteration")):
            return self._container_lane(lane, "Parallel" if kind.startswith("Parallel") else "Map")
        return lane

    def _new_lane(self, opener: int, parent: int) -> int:
        container = self.open[parent][-1] if self.open[parent] else None
        index = self.children[opener]
        self.children[opener] = index + 1
        name = container.state if container else "?"
        if container is not None and container.type == "Map":
            label = f"{name} [{container.events[-1].get('index', index)}]"
        else:
            label = f"{name} \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} branch {index + 1}"
        base = self.lanes[parent].label
        full = label if parent == 0 else f"{base} \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} {label}"
        lane = Lane(len(self.lanes), full, parent, self.lanes[parent].depth + 1)
        self.lanes.append(lane)
        self.open[lane.id] = []
        return lane.id

    def _container_lane(self, lane: int, kind: str) -> int:
        """The nearest lane, from `lane` outwards, where a state of type `kind` is open."""
        current: int | None = lane
        while current is not None:
            if any(entry.type == kind for entry in self.open[current]):
                return current
            current = self.lanes[current].parent
        return lane

    def _enter(self, event: Mapping[str, Json], kind: str, lane: int, when: float) -> None:
        stack = self.open[lane]
        while stack and stack[-1].type not in ("Parallel", "Map"):
            self._close(lane, stack[-1], when, "failed")  # it failed and the history moved on
        details = event.get("stateEnteredEventDetails", {})
        entry = Entry(len(self.entries), str(details.get("name")), kind, lane, when)
        entry.input = _parsed(details.get("input"))
        entry.events.append(_brief(event, when))
        self.entries.append(entry)
        stack.append(entry)

    def _owner(self, lane: int, kind: str, event: Mapping[str, Json]) -> Entry | None:
        stack = self.open.get(lane, [])
        if kind.startswith(("ParallelState", "MapState", "MapIteration")):
            wanted = "Parallel" if kind.startswith("Parallel") else "Map"
            return next((entry for entry in reversed(stack) if entry.type == wanted), None)
        if kind.endswith("StateExited"):
            name = event.get("stateExitedEventDetails", {}).get("name")
            return next((entry for entry in reversed(stack) if entry.state == name), None)
        return stack[-1] if stack else None

    def _record(self, entry: Entry, kind: str, event: Mapping[str, Json], when: float) -> None:
        details = _details(event)
        if kind.endswith(_ATTEMPT_START) and not kind.startswith("MapIteration"):
            entry.attempts.append(
                {"start": when, "end": None, "outcome": "running", "from": self.event_id, "to": None}
            )
        elif kind.endswith(_ATTEMPT_END) and not kind.startswith(("MapIteration", "Execution")):
            self._attempt_ended(entry, kind, details, when)
        if kind == "MapIterationStarted":
            entry.events[-1]["index"] = details.get("index")
            self.children.setdefault(int(event["id"]), 0)
        elif kind == "ParallelStateStarted":
            self.children.setdefault(int(event["id"]), 0)
        if kind.endswith("StateExited"):
            entry.output = _parsed(details.get("output"))
            self._close(entry.lane, entry, when, "caught" if _failed_last(entry) else "succeeded")
        elif kind in _END_OF_RUN:
            entry.error = entry.error or details.get("error")
            entry.cause = entry.cause or details.get("cause")

    def _attempt_ended(self, entry: Entry, kind: str, details: Mapping[str, Json], when: float) -> None:
        if not entry.attempts or entry.attempts[-1]["end"] is not None:
            return
        attempt = entry.attempts[-1]
        attempt.update(end=when, outcome=_attempt_outcome(kind), to=self.event_id)
        if kind.endswith(("Failed", "TimedOut")):
            attempt.update(error=details.get("error"), cause=details.get("cause"))

    def _close(self, lane: int, entry: Entry, when: float, outcome: str) -> None:
        stack = self.open[lane]
        while stack:
            top = stack.pop()
            top.end, top.last_event = when, self.event_id
            top.outcome = outcome if top is entry else _inner_outcome(outcome)
            for attempt in top.attempts:
                if attempt["end"] is None:
                    attempt.update(end=when, outcome=top.outcome, to=self.event_id)
            if top.outcome != "succeeded" and top.attempts and top.error is None:
                top.error, top.cause = top.attempts[-1].get("error"), top.attempts[-1].get("cause")
            if top is entry:
                return

    def _close_all(self, when: float, outcome: str) -> None:
        for lane in reversed(range(len(self.lanes))):
            while self.open[lane]:
                self._close(lane, self.open[lane][-1], when, outcome)

    def _time(self, event: Mapping[str, Json]) -> float:
        return round(_epoch(event["timestamp"]) - self.origin, 6)


def _inner_outcome(outcome: str) -> str:
    return "failed" if outcome in ("caught", "succeeded") else outcome


def _attempt_outcome(kind: str) -> str:
    return {"Succeeded": "succeeded", "Failed": "failed", "TimedOut": "timed out"}.get(
        next(end for end in _ATTEMPT_END if kind.endswith(end)), "aborted"
    )


def _failed_last(entry: Entry) -> bool:
    return bool(entry.attempts) and entry.attempts[-1]["outcome"] != "succeeded"


def _details(event: Mapping[str, Json]) -> Mapping[str, Json]:
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, Mapping):
            return value
    return {}


def _brief(event: Mapping[str, Json], when: float) -> dict[str, Json]:
    """An event as the report lists it: id, type, time, and its details with JSON text decoded."""
    details = {
        key: _parsed(value) if key in ("input", "output", "parameters") else value
        for key, value in _details(event).items()
        if not key.endswith("Details")  # {"truncated": false}
    }
    return {"id": event["id"], "type": event["type"], "t": when, "details": details}


def _parsed(text: Json) -> Json:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def _epoch(value: Json) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, int | float):
        return float(value)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
