"""The functions Step Functions adds to JSONata, and the one it takes away.

AWS, "Transforming data with JSONata in Step Functions", section "JSONata functions provided by
Step Functions": `$partition`, `$range`, `$hash`, `$random` (with an optional seed), `$uuid` and
`$parse`; `$eval` is not available (use `$parse`). Each function is a JSONata native function with
a signature, so argument type errors read like JSONata's own (T0410).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jsonata import Functions, Jsonata  # type: ignore[import-untyped]
from jsonata.utils import Utils  # type: ignore[import-untyped]

from flowdsl.expr.ordering import utf16_key


class AwsFunctionError(Exception):
    """One of AWS's functions was called with values it refuses (bad algorithm, invalid JSON)."""


# Step Functions' payload quota is 256 KiB. Functions that would build far more refuse before
# allocating (instead of gigabytes); anything up to these caps is built and, when over the quota,
# fails the state with States.DataLimitExceeded like any other oversized result. Every array item
# takes at least two bytes of JSON, so MAX_ITEMS items are always past the quota.
MAX_PAYLOAD_CHARS = 8 * 256 * 1024
MAX_ITEMS = 256 * 1024

# The algorithms `$hash` accepts, as AWS names them (same set as States.Hash).
HASH_ALGORITHMS: Mapping[str, str] = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def partition(array: Sequence[Any], size: float) -> list[Any]:
    """`$partition(array, size)`: consecutive chunks of `size` items, the last one shorter."""
    if size < 1 or not float(size).is_integer():
        raise AwsFunctionError(f"the chunk size of $partition must be a positive integer, got {size}")
    step = int(size)
    items = list(array)
    return [items[start : start + step] for start in range(0, len(items), step)]


def range_(start: float, end: float, step: float) -> list[Any]:
    """`$range(start, end, step)`: from `start` to `end` inclusive.

    The result is a JSONata sequence, so a single number comes out bare: AWS returns `1` for
    `$range(1, 9, 9)` (recorded in the conformance data).
    """
    if step == 0:
        raise AwsFunctionError("the step of $range must not be 0")
    count = math.floor((end - start) / step) + 1 if (end - start) * step >= 0 else 0
    if count > MAX_ITEMS:
        raise AwsFunctionError(f"$range would make {count} items, far past the 256 KiB payload quota")
    values: list[Any] = []
    current = start
    while (step > 0 and current <= end) or (step < 0 and current >= end):
        values.append(current)
        current += step
    sequence: list[Any] = Utils.create_sequence_from_iter(values)
    return sequence


def pad(text: str, width: float, char: str | None = None) -> str:
    """`$pad(str, width[, char])`, refused before allocating a string past AWS's payload limit."""
    if abs(width) > MAX_PAYLOAD_CHARS:
        raise AwsFunctionError(f"$pad to width {width:g} is far past the 256 KiB payload quota")
    return str(Functions.pad(text, width, char))


def hash_(data: str, algorithm: str) -> str:
    """`$hash(data, algorithm)`: the hex digest of the UTF-8 bytes of `data`."""
    name = HASH_ALGORITHMS.get(algorithm)
    if name is None:
        known = ", ".join(HASH_ALGORITHMS)
        raise AwsFunctionError(f"unsupported hash algorithm '{algorithm}' (one of {known})")
    return hashlib.new(name, data.encode("utf-8")).hexdigest()


def random_(seed: float | None = None) -> float:
    """`$random([seed])`: a number in [0, 1); the same seed always gives the same number.

    AWS's seeded generator is not documented, so seeded values are stable here but differ from
    AWS's own (a deliberate, documented difference).
    """
    if seed is None:
        return random.random()  # not for cryptography, as in JSONata
    return random.Random(seed).random()


def uuid_() -> str:
    """`$uuid()`: a version 4 UUID, as States.UUID."""
    return str(uuid.uuid4())


def parse(text: str) -> Any:
    """`$parse(text)`: the JSON value a string holds (AWS's replacement for `$eval`)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise AwsFunctionError(f"$parse could not read '{text}' as JSON: {error.msg}") from error
    return Utils.NULL_VALUE if value is None else value


def sort(array: Any, comparator: Any = None) -> Any:
    """`$sort(array[, function])`; strings without a function sort by UTF-16 code unit, as on
    AWS (`expr.ordering`); anything else is JSONata's own sort."""
    if comparator is None and isinstance(array, list) and array and all(isinstance(v, str) for v in array):
        return sorted(array, key=utf16_key)
    return Functions.sort(array, comparator)


class _Native(Jsonata.JFunctionCallable):  # type: ignore[misc]
    """Adapts a plain Python function to the library's callable interface."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function

    def call(self, input: Any, args: Sequence[Any] | None) -> Any:
        return self.function(*(args or ()))


def _native(function: Callable[..., Any], signature: str) -> Jsonata.JFunction:
    return Jsonata.JFunction(_Native(function), signature)


def aws_bindings() -> dict[str, Any]:
    """JSONata bindings for AWS's functions, with `$eval` removed.

    Binding `eval` to `undefined` makes `$eval(...)` fail as a call of a non-function (T1006),
    the way an unknown function fails.
    """
    return {
        "partition": _native(partition, "<an:a>"),
        "range": _native(range_, "<nnn:a>"),
        "pad": _native(pad, "<s-ns?:s>"),
        "hash": _native(hash_, "<ss:s>"),
        "random": _native(random_, "<n?:n>"),
        "uuid": _native(uuid_, "<:s>"),
        "parse": _native(parse, "<s:x>"),
        "sort": _native(sort, "<af?:a>"),
        "eval": None,
    }


def clock_bindings(now: float) -> dict[str, Any]:
    """`$now()` and `$millis()` reading `now` (epoch seconds) instead of the system clock.

    JSONata fixes the time once per evaluation; a local run supplies its own (virtual) time so
    expressions agree with the timestamps in its history.
    """
    millis = round(now * 1000)

    def now_(picture: str | None = None, timezone: str | None = None) -> str:
        text: str = Functions.datetime_from_millis(millis, picture, timezone)
        return text

    return {"now": _native(now_, "<s?s?:s>"), "millis": _native(lambda: millis, "<:n>")}
