"""A small block-style YAML writer for templates (JSON data only), so flowdsl needs no YAML library.

Strings are written as JSON strings, which are valid YAML double-quoted scalars (YAML 1.2,
section 7.3.1), so no value is ever reinterpreted (`"on"`, `"1.0"`, `"${X}"` stay strings).
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:/-]*\Z")


def dump(data: dict[str, Any]) -> str:
    """The mapping as block YAML with 2-space indentation and a trailing newline."""
    return "\n".join(_mapping(data, 0)) + "\n"


def _mapping(data: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        head = f"{pad}{_key(key)}:"
        if _is_block(value):
            lines.append(head)
            lines.extend(_block(value, indent + 2))
        else:
            lines.append(f"{head} {_scalar(value)}")
    return lines


def _sequence(data: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in data:
        if not _is_block(item):
            lines.append(f"{pad}- {_scalar(item)}")
            continue
        # The first line of a nested block goes on the dash line, the rest line up under it.
        nested = _block(item, indent + 2)
        lines.append(f"{pad}- {nested[0].lstrip()}")
        lines.extend(nested[1:])
    return lines


def _block(value: Any, indent: int) -> list[str]:
    return _mapping(value, indent) if isinstance(value, dict) else _sequence(value, indent)


def _is_block(value: Any) -> bool:
    return isinstance(value, dict | list) and bool(value)


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _scalar(value: Any) -> str:
    # json.dumps covers null/true/false/numbers/strings and the empty {} and [].
    return json.dumps(value, ensure_ascii=False)
