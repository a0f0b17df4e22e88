"""Private copies of JSON values crossing into or out of user code, without a JSON round trip.

A handler gets its event, and the engine keeps a handler's result, as copies: the handler
cannot change the execution's data by mutating either later (on AWS both cross a network as
JSON text). Serialising and parsing again gives that guarantee but costs most of a small
Task; when a value is already plain JSON data, exactly what `json.loads` would build
(dicts with str keys, lists, str, int, bool, None, finite floats), copying it is enough and
gives an equal value. Anything else (a tuple, a non-string key, NaN, a str subclass) is
left to the caller's JSON round trip, so its conversions and errors stay as they were.
"""

from __future__ import annotations

from typing import Any

Json = Any
_SHARED = frozenset({str, int, bool, type(None)})  # immutable: the copy may share them
_INFINITY = float("inf")


class NotPlainError(Exception):
    """The value is not plain JSON data; use the JSON round trip instead."""


def plain_copy(value: Json) -> Json:
    """A deep copy of plain JSON data; raises NotPlainError (or RecursionError) otherwise."""
    kind = type(value)
    if kind is dict:
        copy = {}
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlainError
            copy[key] = item if type(item) in _SHARED else plain_copy(item)
        return copy
    if kind is list:
        return [item if type(item) in _SHARED else plain_copy(item) for item in value]
    if kind in _SHARED or (kind is float and -_INFINITY < value < _INFINITY):
        return value
    raise NotPlainError
