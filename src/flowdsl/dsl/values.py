"""Turning DSL option values into ASL JSON: the one place Python values are lifted."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, Final, Literal

from pydantic import BaseModel

from flowdsl.dsl.conditions import rfc3339
from flowdsl.dsl.paths import Path


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Marks an option the user did not pass, distinct from an explicit `None` (ASL `null`)."""

Unset = Literal[_Unset.UNSET]


def lift(value: Any) -> Any:
    """A DSL value as JSON: paths become their text, datetimes RFC 3339, models their ASL."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(key): lift(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [lift(item) for item in value]
    return value


class Fields:
    """The ASL fields one DSL object sets, in the order they were given."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def put(self, key: str, value: Any, *, nullable: bool = False) -> None:
        """Record `key` unless the option was left out (`None` is kept only when `nullable`)."""
        if value is UNSET or (value is None and not nullable):
            return
        self.data[key] = lift(value)
