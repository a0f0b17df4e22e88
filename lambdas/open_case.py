"""OpenCaseFunction: opens a support case from the execution input's `inputCaseID`."""

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
    """`{"inputCaseID": "001"}` -> `{"Case": "001", "Message": "Case 001: opened..."}`."""
    if not isinstance(event, dict) or "inputCaseID" not in event:
        raise MissingFieldError("inputCaseID")
    case_id = event["inputCaseID"]
    return {"Case": case_id, "Message": f"Case {case_id}: opened..."}
