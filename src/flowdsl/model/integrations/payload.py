"""Reading a Task's payload template: which parameters are literal, which only known at run time."""

from __future__ import annotations

from typing import Any

Json = Any


class _Dynamic:
    """A value only known at run time: a `.$` path, a JSONata expression."""

    def __repr__(self) -> str:
        return "DYNAMIC"


DYNAMIC: Any = _Dynamic()


def is_jsonata(value: Json) -> bool:
    """A `{% ... %}` string (AWS: first two characters '{%', last two '%}')."""
    return isinstance(value, str) and value.startswith("{%") and value.endswith("%}")


def literal_parameters(payload: Json) -> dict[str, Json] | None:
    """`{name: literal value or DYNAMIC}` of a Parameters/Arguments object; None when the
    whole payload is an expression (so nothing about it is known)."""
    if not isinstance(payload, dict):
        return {} if payload is None else None
    found: dict[str, Json] = {}
    for key, value in payload.items():
        if key.endswith(".$"):
            found[key[:-2]] = DYNAMIC
        else:
            found[key] = DYNAMIC if is_jsonata(value) else value
    return found


def task_payload(state: Any) -> Json:
    """The payload template of a Task: `Arguments` (JSONata) or `Parameters` (JSONPath)."""
    return state.arguments if state.arguments is not None else state.parameters
