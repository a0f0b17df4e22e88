"""The execution history, shaped like Step Functions' `GetExecutionHistory`.

Recording must be cheap (it runs for every state), so an event is stored as six slots of one
flat list holding live JSON values; `events()` builds the AWS-shaped dicts, serialising
inputs and outputs to JSON strings as AWS does, only when someone asks. The engine never
mutates a value after handing it on, so the stored references stay exact.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from typing import Any

from flowdsl.engine.clock import Lane
from flowdsl.engine.errors import TOO_DEEP, ExecutionAbortError

# "Step Functions has a hard quota of 25,000 entries in the execution event history ... If
# the event number 25,000 isn't ExecutionSucceeded, the ExecutionFailed event is logged"
# (AWS docs, "Avoid reaching the history quota").
HISTORY_LIMIT = 25_000
HISTORY_LIMIT_CAUSE = "The execution reached the maximum number of history events (25000)."
_FINAL = frozenset({"ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"})
_JSON_FIELDS = frozenset({"input", "output", "parameters"})
_TRUNCATABLE = frozenset({"input", "output", "assignedVariables"})

Details = dict[str, Any] | None
# The details of the events written for every state and Map item: a pair of the values of
# these fields, in this order (`History.pair`). Other details, and these with extra fields
# (a state's `assignedVariables`), are dicts (`History.add`).
FIELDS: dict[str, tuple[str, str]] = {
    "stateEnteredEventDetails": ("name", "input"),
    "stateExitedEventDetails": ("name", "output"),
    "mapIterationStartedEventDetails": ("name", "index"),
    "mapIterationSucceededEventDetails": ("name", "index"),
    "mapIterationFailedEventDetails": ("name", "index"),
}
_WIDTH = 6
"""Slots per event in `History._slots`: type, time, previous id, details key, then the pair's
two values, or the details (a dict or None) and `_UNPAIRED`."""
_UNPAIRED = object()


class History:
    """Appends events; each lane chains `previousEventId` to its own last event.

    What an execution keeps alive grows with its events (four per Map item), and so did a
    Map's cost per item: a tuple per event and a tuple per details pair were most of an item's
    memory. So an event is six slots of one flat list, with no tuple of its own.
    """

    __slots__ = ("_count", "_slots")

    def __init__(self) -> None:
        self._slots: list[Any] = []
        self._count = 0

    def add(self, lane: Lane, kind: str, key: str = "", details: Details = None) -> int:
        """Record one event at the lane's time, with details as a dict; returns its id."""
        return self.pair(lane, kind, key, details, _UNPAIRED)

    def pair(self, lane: Lane, kind: str, key: str, first: Any, second: Any) -> int:
        """Record one event whose details are the values of the pair of fields `FIELDS[key]`
        (or, from `add`, a dict and `_UNPAIRED`); returns its id."""
        event_id = self._count + 1
        if event_id >= HISTORY_LIMIT and kind not in _FINAL:
            raise ExecutionAbortError("FAILED", "States.Runtime", HISTORY_LIMIT_CAUSE)
        self._count = event_id
        self._slots += (kind, lane.now, lane.last_event, key, first, second)
        lane.last_event = event_id
        return event_id

    def __len__(self) -> int:
        return self._count

    def last_timestamp(self) -> str | None:
        """The newest event's `timestamp`, as `events()` writes it (None when there is none),
        without building every event."""
        return _timestamp(self._slots[1 - _WIDTH]) if self._slots else None

    def events(self) -> list[dict[str, Any]]:
        """The events as GetExecutionHistory returns them (`timestamp` as an ISO 8601 string)."""
        # One state's output is usually the next one's input (the same object), so each value
        # is serialised once; ids are stable because the events keep every value alive.
        texts: dict[int, str] = {}
        slots = self._slots
        return [
            _materialise(i // _WIDTH + 1, slots[i : i + _WIDTH], texts) for i in range(0, len(slots), _WIDTH)
        ]


class LockedHistory(History):
    """A History for threaded runs: ids are handed out under a lock."""

    __slots__ = ("_lock",)

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def pair(self, lane: Lane, kind: str, key: str, first: Any, second: Any) -> int:
        with self._lock:
            return super().pair(lane, kind, key, first, second)


def _materialise(event_id: int, event: list[Any], texts: dict[int, str]) -> dict[str, Any]:
    kind, when, previous, key, first, second = event
    out: dict[str, Any] = {
        "id": event_id,
        "previousEventId": previous,
        "timestamp": _timestamp(when),
        "type": kind,
    }
    if key:
        fields: dict[str, Any] = {}
        pairs = (
            zip(FIELDS[key], (first, second), strict=True)
            if second is not _UNPAIRED
            else (first or {}).items()
        )
        for name, value in pairs:
            fields[name] = _field(name, value, texts)
            if name in _TRUNCATABLE:
                # AWS truncates payloads over 256 KiB in the history; ours never are.
                fields[f"{name}Details"] = {"truncated": False}
        out[key] = fields
    return out


def _timestamp(when: float) -> str:
    return datetime.fromtimestamp(when, UTC).isoformat(timespec="milliseconds")


def _field(name: str, value: Any, texts: dict[int, str]) -> Any:
    if name in _JSON_FIELDS:
        return _json(value, texts)
    if name == "assignedVariables":
        return {variable: _json(assigned, texts) for variable, assigned in value.items()}
    return value


def _json(value: Any, texts: dict[int, str]) -> str:
    if not isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = texts.get(id(value))
    if text is None:
        text = texts[id(value)] = _text(value)
    return text


def _text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        # The state that made it failed with States.Runtime (errors.TOO_DEEP); its history
        # entry says so instead of holding a value nothing can serialise.
        return json.dumps(TOO_DEEP)


def entered(kind: str) -> str:
    return f"{kind}StateEntered"


def exited(kind: str) -> str:
    return f"{kind}StateExited"
