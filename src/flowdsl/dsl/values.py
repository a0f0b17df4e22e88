"""Turning DSL option values into ASL JSON: the one place Python values are lifted."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, Final, Literal

from pydantic import BaseModel

from flowdsl.dsl.conditions import Condition, rfc3339
from flowdsl.dsl.errors import DslError
from flowdsl.dsl.paths import Path
from flowdsl.model.fields import JSON_VALUED, NULLABLE, asl_name, field_rank


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Marks an option the user did not pass, distinct from an explicit `None` (ASL `null`)."""

Unset = Literal[_Unset.UNSET]


def lift(value: Any, field: str = "value") -> Any:
    """A DSL value as JSON, except that paths stay `Path` objects at any depth.

    How a path is written depends on the state's query language, known only when compiling
    (`flowdsl.dsl.emit`). Datetimes become RFC 3339, models their ASL. Anything JSON cannot
    carry (a set, an object, a float NaN, a non-str key) raises at the user's line, rather
    than failing later when the definition is written.
    """
    if value is None or isinstance(value, bool | int | Path):
        return value
    if isinstance(value, str):
        return str(value)  # plain str, also for str subclasses such as JSONata `Expr`
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return {key: lift(item, field) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [lift(item, field) for item in value]
    raise DslError("not-json", f"'{field}' holds {_describe(value)}, which JSON cannot represent")


def _describe(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object with non-str keys"
    if isinstance(value, Condition):
        return "a condition (conditions go in Choice.when)"
    if isinstance(value, float):
        return repr(value)
    name = type(value).__name__
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


class Fields:
    """The ASL fields one DSL object sets, in the order they were given."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def put(self, key: str, value: Any, *, nullable: bool = False) -> None:
        """Record `key` unless the option was left out (`None` is kept only when `nullable`)."""
        if value is UNSET or (value is None and not nullable):
            return
        self.data[key] = lift(value, key)

    def write(self, options: Mapping[str, Any]) -> None:
        """Record keyword options under their ASL names, in the model's key order.

        `None` is kept as `null` where null means something (`NULLABLE`) or is a JSON value
        (`JSON_VALUED`); elsewhere it means "not set", as an option left out does.
        """
        for option in sorted(options, key=lambda name: field_rank(asl_name(name))):
            keep_null = option in NULLABLE or option in JSON_VALUED
            self.put(asl_name(option), options[option], nullable=keep_null)
