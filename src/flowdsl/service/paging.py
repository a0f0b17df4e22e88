"""Paged list responses (`maxResults`/`nextToken`) and the history as GetExecutionHistory returns it."""

from __future__ import annotations

import base64
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from flowdsl.service.errors import fail

T = TypeVar("T")
Json = Any


def page(
    items: Sequence[T], max_results: int | None, token: str | None, default: int = 100
) -> tuple[list[T], str | None]:
    """One page of `items` and the token of the next, if any (AWS: 1..1000, 0 means the default)."""
    size = max_results or default
    if not isinstance(size, int) or not 0 < size <= 1000:
        constraint = "Member must have value less than or equal to 1000"
        raise fail("ValidationException", f"Value '{max_results}' at 'maxResults' failed: {constraint}")
    start = _offset(token)
    end = start + size
    return list(items[start:end]), (_token(end) if end < len(items) else None)


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"flowdsl:{offset}".encode()).decode()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
        prefix, _, number = text.partition(":")
        if prefix == "flowdsl" and number.isdigit():
            return int(number)
    except ValueError:
        pass
    raise fail("InvalidToken", f"Invalid Token: '{token}'")


def history_event(event: dict[str, Json], include_data: bool) -> dict[str, Json]:
    """An engine history event with its timestamp as a datetime (boto3's shape)."""
    out = dict(event)
    out["timestamp"] = datetime.fromisoformat(event["timestamp"])
    if not include_data:
        out = {key: _without_data(value) for key, value in out.items()}
    return out


def _without_data(value: Json) -> Json:
    """`includeExecutionData: false` leaves out inputs and outputs (AWS API reference)."""
    if not isinstance(value, dict):
        return value
    return {k: v for k, v in value.items() if k not in ("input", "output", "parameters")}


def when(epoch: float) -> datetime:
    """A timestamp as boto3 returns it: an aware datetime."""
    return datetime.fromtimestamp(epoch, UTC)


def _now() -> float:
    return round(time.time(), 3)


@dataclass(kw_only=True, eq=False)
class Span:
    """What runs from `start` until `stop_date` (an execution, a Map Run): RUNNING until it ends."""

    start: float = field(default_factory=_now)
    status: str = "RUNNING"
    stop_date: float | None = None

    def dates(self) -> dict[str, datetime]:
        """`startDate`, and `stopDate` once it has ended, as boto3 returns them."""
        out = {"startDate": when(self.start)}
        if self.stop_date is not None:
            out["stopDate"] = when(self.stop_date)
        return out
