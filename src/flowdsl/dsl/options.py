"""The option groups state constructors share, read as `**options: Unpack[...]`.

An option is named as the model's field (`result_path`), so its ASL name comes from the model
(`flowdsl.model.fields`) and is written once, not once per constructor. An option left
out is absent; `None` is ASL `null` only where null means something (`Fields.write`).
`TypedDict` groups keep keyword completion in editors and strict checking in mypy; at run time
`accept` refuses a key the group does not declare, with Python's own wording, so a misspelt
option still fails at the user's line with a did-you-mean (`flowdsl.dsl.hints`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypedDict, TypeVar

from flowdsl.dsl.paths import Path
from flowdsl.model import QueryLanguage

_F = TypeVar("_F", bound=Callable[..., Any])
_GROUPS: dict[str, type] = {}


class Common(TypedDict, total=False):
    """What every state may carry."""

    comment: str | None
    query_language: QueryLanguage | None


class Filters(TypedDict, total=False):
    """`InputPath` and `OutputPath` (JSONPath); `None` writes `null`, which means `{}`."""

    input_path: str | Path | None
    output_path: str | Path | None


class Variables(TypedDict, total=False):
    """`Assign` (both languages) and `Output` (JSONata)."""

    assign: Mapping[str, Any] | None
    output: Any


class Payload(TypedDict, total=False):
    """The state's effective input: `Parameters` (JSONPath) or `Arguments` (JSONata)."""

    parameters: Any
    arguments: Any


class Results(TypedDict, total=False):
    """What Task, Parallel and Map do with their result; `result_path=None` discards it."""

    result_selector: Any
    result_path: str | Path | None


def takes(group: type) -> Callable[[_F], _F]:
    """Mark a DSL method whose `**options` are `group`'s keys (checked by `accept`, listed by hints)."""

    def mark(method: _F) -> _F:
        _GROUPS[method.__qualname__] = group
        return method

    return mark


def accept(method: str, options: Mapping[str, Any]) -> None:
    """Refuse a key the method's group does not declare, as Python refuses an unknown keyword."""
    allowed = _GROUPS[method].__annotations__
    for key in options:
        if key not in allowed:
            raise TypeError(f"{method}() got an unexpected keyword argument '{key}'")


def keywords(method: Callable[..., Any]) -> list[str]:
    """The options a DSL method takes: its named parameters, then its group's keys."""
    named = [
        name
        for name, parameter in inspect.signature(method).parameters.items()
        if name not in ("self", "name") and parameter.kind is not parameter.VAR_KEYWORD
    ]
    group = _GROUPS.get(method.__qualname__)
    return named + list(group.__annotations__ if group is not None else ())
