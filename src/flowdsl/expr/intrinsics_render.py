"""How intrinsic functions turn JSON values into text, matching AWS's (Java) output.

`States.JsonToString` writes compact JSON (`{"a":1,"b":[]}`); `States.Format` writes strings as they
are and other values the way Java's `toString` does (`{Arg1=1, Arg2=[]}`, `null`, `1.1`), as the
responses recorded in the shared conformance data show.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal

from flowdsl.expr.jsonpath import Json


def compact_json(value: Json) -> str:
    """Compact JSON with non-ASCII characters kept and doubles in Java's notation, as Jackson writes it."""
    if _has_java_only_double(value):
        return _java_json(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _has_java_only_double(value: Json) -> bool:
    """Whether `value` holds a double Java writes differently from Python (`1.0E7` vs `10000000.0`)."""
    if isinstance(value, float):
        return not _is_plain_double(value)
    if isinstance(value, list):
        return any(_has_java_only_double(item) for item in value)
    if isinstance(value, dict):
        return any(_has_java_only_double(item) for item in value.values())
    return False


def _java_json(value: Json) -> str:
    if isinstance(value, float):
        return _java_double(value)
    if isinstance(value, list):
        return "[" + ",".join(_java_json(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{json.dumps(key, ensure_ascii=False)}:{_java_json(item)}" for key, item in value.items())
        return "{" + ",".join(items) + "}"
    return json.dumps(value, ensure_ascii=False)


def _is_plain_double(value: float) -> bool:
    return value == 0 or 1e-3 <= abs(value) < 1e7


def java_string(value: Json) -> str:
    """`value` as Java's `toString` prints the decoded JSON (maps as `{k=v, ...}`, lists as `[a, b]`)."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float):
        return _java_double(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(java_string(item) for item in value) + "]"
    return "{" + ", ".join(f"{key}={java_string(item)}" for key, item in value.items()) + "}"


def _java_double(value: float) -> str:
    """Java's `Double.toString`: plain between 1e-3 and 1e7, else `d.dddE[-]n` (shortest digits)."""
    if _is_plain_double(value):
        return repr(value)
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    power = len(digits) - 1 + int(exponent)
    return f"{'-' * sign}{text[0]}.{text[1:] or '0'}E{power}"


def format_template(template: str, args: list[Json], *, escaped: bool) -> str:
    """Fill each `{}` in `template` with the next argument.

    With `escaped` (a string literal as written), `\\{`, `\\}`, `\\'` and `\\\\` stand for the plain
    character, so an escaped brace is never a placeholder. Raises ValueError when the number of
    placeholders and arguments differ.
    """
    segments = _segments(template, escaped)
    if len(segments) - 1 != len(args):
        count = len(segments) - 1
        raise ValueError(f"the template has {count} placeholders but {len(args)} arguments were given")
    pieces = [segments[0]]
    for value, segment in zip(args, segments[1:], strict=True):
        pieces.append(java_string(value))
        pieces.append(segment)
    return "".join(pieces)


@functools.lru_cache(maxsize=1024)
def _segments(template: str, escaped: bool) -> tuple[str, ...]:
    """The literal text between placeholders, escapes resolved (cached: templates are few)."""
    segments: list[str] = []
    current: list[str] = []
    pos = 0
    while pos < len(template):
        if escaped and template[pos] == "\\" and pos + 1 < len(template):
            current.append(template[pos + 1])
            pos += 2
        elif template.startswith("{}", pos):
            segments.append("".join(current))
            current = []
            pos += 2
        else:
            current.append(template[pos])
            pos += 1
    segments.append("".join(current))
    return tuple(segments)
