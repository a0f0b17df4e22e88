"""Crossing the boundary between JSON and the JSONata library's own values.

jsonata-python keeps JSONata's distinction between `null` (a `NullValue` singleton) and
`undefined` (Python `None`), and returns sequences as `JList`. Step Functions sees JSON only, so
values going in are made unambiguous and values coming out are made plain JSON, the way AWS's
JavaScript engine would print them.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from jsonata.utils import Utils  # type: ignore[import-untyped]

from flowdsl.model.base import Json

# JavaScript prints a double without a fraction as an integer up to 1e21 (ECMA-262
# Number::toString), so `3.0` from JSONata arithmetic is `3` in AWS's output.
_JS_INTEGER_PRINT_LIMIT = 1e21


class UndefinedResultError(Exception):
    """The expression produced JSONata `undefined`, which JSON cannot carry."""


class UnsupportedResultError(Exception):
    """The expression produced something that is not JSON (a function, NaN, Infinity)."""


def to_binding(value: Json) -> Any:
    """A JSON value as JSONata data: every `null` becomes JSONata's null, since the library
    reads a Python `None` as `undefined` (dropped from arrays, absent as a variable).

    Values are treated as immutable snapshots (the engine never mutates a payload in place), so
    large containers are converted once and reused: a Map's ItemSelector reads the same input
    for every item, which would otherwise be copied once per item.
    """
    if value is None:
        return Utils.NULL_VALUE
    if isinstance(value, dict | list):
        return _CONVERTED.get(value) if len(value) >= _CACHED_FROM else _convert(value)
    return value


def _convert(value: dict[str, Json] | list[Json]) -> Any:
    if isinstance(value, dict):
        return {key: to_binding(item) for key, item in value.items()}
    return [to_binding(item) for item in value]


class _IdentityCache:
    """The last few conversions, by the identity of their source (kept alive, so ids stay unique)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[int, tuple[Any, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, value: dict[str, Json] | list[Json]) -> Any:
        key = id(value)
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None and hit[0] is value:
                self.entries.move_to_end(key)
                return hit[1]
        converted = _convert(value)
        with self.lock:
            self.entries[key] = (value, converted)
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return converted


# Containers this long are worth caching; smaller ones convert faster than a lookup.
_CACHED_FROM = 16
_CONVERTED = _IdentityCache(64)


def from_result(value: Any) -> Json:
    """A top-level evaluation result as plain JSON; raises for `undefined` and non-JSON values."""
    if value is None:
        raise UndefinedResultError
    return _to_json(value)


def _to_json(value: Any) -> Json:
    if value is None or value is Utils.NULL_VALUE:
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        # The library turns integral doubles into ints, even 1e301: JavaScript prints those
        # in exponent form, as a float does.
        return float(value) if abs(value) >= _JS_INTEGER_PRINT_LIMIT else value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, Mapping):
        return {str(key): _to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_json(item) for item in value]
    # Functions (lambdas, native functions, partial applications) have no JSON form.
    raise UnsupportedResultError


def _number(value: float) -> Json:
    if math.isnan(value) or math.isinf(value):
        raise UnsupportedResultError
    if value.is_integer() and abs(value) < _JS_INTEGER_PRINT_LIMIT:
        return int(value)
    return value
