"""The 18 intrinsic functions, with AWS's semantics.

Behaviour follows AWS "Intrinsic functions for JSONPath states" and the responses recorded in the
shared conformance data (for instance `States.MathAdd` rounds each argument the way Java's
`Math.round` does, and `States.StringSplit` splits on every delimiter character and drops empty
parts like Java's `StringTokenizer`). Failures raise `AslRuntimeError("States.Runtime", ...)`:
`States.IntrinsicFailure` is reserved by AWS and not what executions report.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.intrinsics_render import compact_json, format_template, java_string
from flowdsl.expr.intrinsics_signatures import SIGNATURES, ArgType
from flowdsl.expr.jsonpath import Json

if TYPE_CHECKING:
    from flowdsl.expr.intrinsics_ast import Call

Function = Callable[["Call", list[Json]], Json]

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_MAX_RANGE_ITEMS = 1000
_MAX_ENCODE_CHARS = 10_000
_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


def fail(call: Call, message: str) -> AslRuntimeError:
    """The error an intrinsic reports: `States.Runtime` naming the call."""
    return AslRuntimeError("States.Runtime", f"{message} (in '{call.text}')")


def _format(call: Call, values: list[Json]) -> Json:
    template = call.args[0]
    raw = getattr(template, "raw", None)
    try:
        return format_template(raw if raw is not None else values[0], values[1:], escaped=raw is not None)
    except ValueError as exc:
        raise fail(call, str(exc)) from None


def _string_to_json(call: Call, values: list[Json]) -> Json:
    text = values[0]
    if not text.strip():
        return None  # AWS returns null for an empty or blank string (recorded in conformance data)
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except (json.JSONDecodeError, ValueError):
        raise fail(call, f"the string {_excerpt(text)} is not valid JSON") from None
    except RecursionError:
        raise fail(call, f"the string {_excerpt(text)} is nested too deeply to decode") from None


def _reject_constant(name: str) -> Json:
    raise ValueError(f"{name} is not JSON")  # Python accepts NaN and Infinity, JSON does not


def _finite_float(text: str) -> float:
    """A JSON number as a double; one out of the double range (`1e400`) has no JSON value."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


def _excerpt(text: str) -> str:
    """A string for an error message, cut short: the cause must stay readable (and small)."""
    return compact_json(text if len(text) <= 100 else text[:100] + "...")


def _array_partition(call: Call, values: list[Json]) -> Json:
    array, size = values[0], int(values[1])
    if size <= 0:
        raise fail(call, f"the chunk size must be greater than 0, got {size}")
    return [array[i : i + size] for i in range(0, len(array), size)]


def _array_contains(call: Call, values: list[Json]) -> Json:
    wanted = _identity(values[1])
    return any(_identity(item) == wanted for item in values[0])


def _array_range(call: Call, values: list[Json]) -> Json:
    start, end, step = (int(v) for v in values)
    if step == 0:
        raise fail(call, "the step must not be 0")
    span = range(start, end + (1 if step > 0 else -1), step)
    # Counted before anything is built: States.ArrayRange(0, 100000000, 1) must not allocate.
    if len(span) > _MAX_RANGE_ITEMS:
        raise fail(call, f"the range has {len(span)} items, more than the {_MAX_RANGE_ITEMS} allowed")
    return list(span)


def _array_get_item(call: Call, values: list[Json]) -> Json:
    array, index = values[0], int(values[1])
    if not 0 <= index < len(array):
        raise fail(call, f"the index {index} is out of bounds for an array of length {len(array)}")
    return array[index]


def _array_unique(call: Call, values: list[Json]) -> Json:
    seen: set[str] = set()
    unique = []
    for item in values[0]:
        key = _identity(item)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _identity(value: Json) -> str:
    """A key equal for equal JSON values only (so `true` differs from `1`, key order is ignored)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _base64_encode(call: Call, values: list[Json]) -> Json:
    text = _limited(call, values[0])
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _base64_decode(call: Call, values: list[Json]) -> Json:
    text = _limited(call, values[0])
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise fail(call, f"the string {compact_json(text)} is not valid base64 encoded UTF-8") from None


def _limited(call: Call, text: str) -> str:
    if len(text) > _MAX_ENCODE_CHARS:
        raise fail(call, f"the input has {len(text)} characters, more than the {_MAX_ENCODE_CHARS} allowed")
    return text


def _hash(call: Call, values: list[Json]) -> Json:
    data, algorithm = values
    if algorithm not in _HASHES:
        raise fail(call, f"unsupported hash algorithm '{algorithm}' (use one of {', '.join(_HASHES)})")
    text = _limited(call, data if isinstance(data, str) else compact_json(data))
    return hashlib.new(_HASHES[algorithm], text.encode("utf-8")).hexdigest()


def _json_merge(call: Call, values: list[Json]) -> Json:
    first, second, deep = values
    if deep:
        # AWS supports only shallow merging: the third argument must be false.
        raise fail(call, "deep merge is not supported, the third argument must be false")
    return {**first, **second}


def _math_random(call: Call, values: list[Json]) -> Json:
    start, end = int(values[0]), int(values[1])
    if end <= start:
        raise fail(call, f"the end {end} must be greater than the start {start}")
    generator = random.Random(int(values[2])) if len(values) == 3 else random
    return generator.randrange(start, end)


def _math_add(call: Call, values: list[Json]) -> Json:
    for value in values:
        if not _INT_MIN <= value <= _INT_MAX:
            raise fail(call, f"the value {java_string(value)} is outside the 32-bit integer range")
    # Java's Math.round: halves round towards positive infinity (1.5 -> 2, -1.5 -> -1).
    return sum(math.floor(value + 0.5) for value in values)


def _string_split(call: Call, values: list[Json]) -> Json:
    text, delimiters = values
    if not delimiters:
        return [text] if text else []
    parts = [text]
    for delimiter in delimiters:
        parts = [piece for part in parts for piece in part.split(delimiter)]
    return [part for part in parts if part]


def _simple(function: Callable[[Json], Json]) -> Function:
    return lambda call, values: function(values[0])


_IMPLEMENTATIONS: dict[str, Function] = {
    "States.Format": _format,
    "States.StringToJson": _string_to_json,
    "States.JsonToString": _simple(compact_json),
    "States.Array": lambda call, values: list(values),
    "States.ArrayPartition": _array_partition,
    "States.ArrayContains": _array_contains,
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _simple(len),
    "States.ArrayUnique": _array_unique,
    "States.Base64Encode": _base64_encode,
    "States.Base64Decode": _base64_decode,
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    "States.MathRandom": _math_random,
    "States.MathAdd": _math_add,
    "States.StringSplit": _string_split,
    "States.UUID": lambda call, values: str(uuid.uuid4()),
}


def bind(name: str, literal: Sequence[bool]) -> Function:
    """The implementation of `name` for one call, checking the types of its non-literal arguments
    (literals were checked when the call was parsed, and `any` needs no check)."""
    signature = SIGNATURES[name]
    function = _IMPLEMENTATIONS[name]
    checks = [(index, signature.param_type(index)) for index, fixed in enumerate(literal) if not fixed]
    checks = [(index, expected) for index, expected in checks if expected is not ArgType.ANY]
    if not checks:
        return function

    def checked(call: Call, values: list[Json]) -> Json:
        for index, expected in checks:
            if not expected.accepts(values[index]):
                got = compact_json(values[index])
                raise fail(call, f"argument {index + 1} of '{name}' must be {expected.value}, got {got}")
        return function(call, values)

    return checked
