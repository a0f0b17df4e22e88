"""WorkOnCaseFunction: works on the case, which ends resolved (Status 1) or not (Status 0).

As in the tutorial the outcome is random. For tests and demos it can be fixed: set the
environment variable `FLOWDSL_WORK_ON_CASE_STATUS` to `0` or `1`, or pass a seeded
`random.Random` as `rng` when calling `work_on_case()` directly.
"""

from __future__ import annotations

import os
import random
from typing import Any

STATUS_VARIABLE = "FLOWDSL_WORK_ON_CASE_STATUS"


class MissingFieldError(KeyError):
    """The event lacks a field the function needs (raised as a Lambda would fail)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field

    def __str__(self) -> str:
        return f"event has no '{self.field}' field"


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Sets `Status` to 1 ("resolved...") or 0 ("unresolved...")."""
    return work_on_case(event)


def work_on_case(event: dict[str, Any], rng: random.Random | None = None) -> dict[str, Any]:
    """The handler's work, with the source of randomness injectable."""
    for field in ("Case", "Message"):
        if not isinstance(event, dict) or field not in event:
            raise MissingFieldError(field)
    status = _status(rng)
    outcome = "resolved..." if status == 1 else "unresolved..."
    return {"Case": event["Case"], "Status": status, "Message": f"{event['Message']}{outcome}"}


def _status(rng: random.Random | None) -> int:
    forced = os.environ.get(STATUS_VARIABLE)
    if forced is None:
        # A generator of its own only when the outcome is drawn: seeding one reads the OS's
        # entropy, which cost more than the rest of the call.
        return (rng or random.Random()).randint(0, 1)
    if forced not in ("0", "1"):
        raise ValueError(f"{STATUS_VARIABLE} must be 0 or 1, not {forced!r}")
    return int(forced)
