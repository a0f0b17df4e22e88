"""Small builders shared by the engine tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flowdsl.engine import Execution, VirtualClock, execute

START = datetime(2024, 1, 1, tzinfo=UTC)


def run(definition: dict[str, Any], payload: Any = None, **options: Any) -> Execution:
    """Execute on a virtual clock that starts at 2024-01-01T00:00:00Z."""
    options.setdefault("clock", VirtualClock(START))
    return execute(definition, {} if payload is None else payload, **options)


def single(state: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A machine of one state named 'S' (made terminal)."""
    if state["Type"] not in ("Choice", "Succeed", "Fail"):
        state = {**state, "End": True}
    return {"StartAt": "S", "States": {"S": state}, **top}


def seconds_at(execution: Execution, event_type: str) -> list[float]:
    """Seconds since START of every event of one type."""
    return [
        datetime.fromisoformat(event["timestamp"]).timestamp() - START.timestamp()
        for event in execution.history
        if event["type"] == event_type
    ]
