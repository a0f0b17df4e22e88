"""CloseCaseFunction: closes a resolved case."""

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
    """Appends "closed." to the case's message."""
    for field in ("Case", "Status", "Message"):
        if not isinstance(event, dict) or field not in event:
            raise MissingFieldError(field)
    return {"Case": event["Case"], "Status": event["Status"], "Message": f"{event['Message']}closed."}
