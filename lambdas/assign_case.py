"""AssignCaseFunction: assigns the case to a support engineer."""

from __future__ import annotations

from typing import Any


class MissingFieldError(KeyError):
    """The event lacks a field the function needs (raised as a Lambda would fail)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field

    def __str__(self) -> str:
        return f"event has no '{self.field}' field"


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Appends "assigned..." to the case's message."""
    for field in ("Case", "Message"):
        if not isinstance(event, dict) or field not in event:
            raise MissingFieldError(field)
    return {"Case": event["Case"], "Message": f"{event['Message']}assigned..."}
