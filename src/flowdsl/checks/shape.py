"""What must hold before any rule walks a definition: bounded nesting and encodable text.

Every other rule, the engine and the serialiser walk values recursively, so a definition
nested thousands of levels deep would exhaust Python's stack (and pydantic's serialiser stops
at about 255 levels). Strings must be Unicode text: a lone UTF-16 surrogate (`"\\ud800"`, which
`json.loads` accepts as an escape) cannot be encoded as UTF-8, the encoding of an ASL
definition (RFC 8259 section 8.1: JSON exchanged between systems "MUST be encoded using
UTF-8"). Both are checked here once, without recursion, and reported at the JSON Pointer of the
first offending place; when either is found no other rule runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from flowdsl.checks.catalogue import report
from flowdsl.diagnostics import Diagnostic
from flowdsl.model.machine import pointer_escape

MAX_NESTING_DEPTH = 128
"""Objects and arrays inside each other, counting the document itself. AWS documents no limit;
real definitions stay far below it (docs/validation.md, "Limits")."""


def shape_problems(value: Any) -> list[Diagnostic]:
    """`nesting-too-deep` and `lone-surrogate` for a raw document or a parsed model."""
    found: dict[str, Diagnostic] = {}
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack and len(found) < 2:
        item, pointer, depth = stack.pop()
        if isinstance(item, str):
            _surrogate(found, item, pointer)
            continue
        children = list(_children(item))
        if children and depth >= MAX_NESTING_DEPTH:
            found.setdefault("nesting-too-deep", _too_deep(pointer))
            continue
        for key, child in reversed(children):
            if isinstance(key, str):
                _surrogate(found, key, pointer)
            stack.append((child, f"{pointer}/{_printable(str(key))}", depth + 1))
    return list(found.values())


def _children(item: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(item, dict):
        yield from item.items()
    elif isinstance(item, list | tuple):
        yield from enumerate(item)
    elif isinstance(item, BaseModel):
        fields = type(item).model_fields
        for name in item.model_fields_set:
            yield fields[name].alias or name, getattr(item, name)


def _printable(key: str) -> str:
    escaped = pointer_escape(key)
    return escaped if is_unicode(escaped) else escaped.encode("utf-8", "backslashreplace").decode()


def _surrogate(found: dict[str, Diagnostic], text: str, pointer: str) -> None:
    if "lone-surrogate" in found or is_unicode(text):
        return
    bad = next(c for c in text if 0xD800 <= ord(c) <= 0xDFFF)
    message = f"a string holds the lone surrogate U+{ord(bad):04X}, which is not Unicode text"
    found["lone-surrogate"] = report("lone-surrogate", message, pointer or "/")


def is_unicode(text: str) -> bool:
    """False when `text` holds a lone surrogate (UTF-8 cannot encode it)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _too_deep(pointer: str) -> Diagnostic:
    message = f"the document nests objects or arrays more than {MAX_NESTING_DEPTH} levels deep here"
    return report("nesting-too-deep", message, pointer or "/")
