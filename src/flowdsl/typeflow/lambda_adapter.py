"""Handlers that take and return pydantic models, called the way Lambda calls them (with JSON).

`def handler(event: CaseIn, context) -> CaseOut`: the adapter validates the JSON event into
`CaseIn` (a pydantic `ValidationError` fails the invocation, as it would in the function) and
serializes what the handler returns with `model_dump(mode="json", by_alias=True)`. A handler
annotated with plain JSON types (`dict[str, Any]`) or a TypedDict is called as it is.

This module runs in two places: in flowdsl's local runs, and in the deployed Lambda function,
where `flowdsl deploy` packages it as `flowdsl_adapter.py` and sets the function's Handler to
`flowdsl_adapter.<module>__<function>` (the module's dots written `__`); the module-level
`__getattr__` below resolves that name to the adapted handler. So it imports nothing but the
standard library and pydantic.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

Handler = Callable[[Any, Any], Any]
MODULE = "flowdsl_adapter"
"""The adapter's module name inside a deployment package."""


def handler_setting(module: str, function: str) -> str | None:
    """The Lambda Handler setting that runs `module.function` behind the adapter (None: no
    such name can be written, because a part already holds `__`)."""
    parts = [*module.split("."), function]
    if any("__" in part for part in parts):
        return None
    return f"{MODULE}.{'__'.join(parts)}"


def __getattr__(name: str) -> Handler:
    """`flowdsl_adapter.lambdas__case__open_case` -> the adapted `lambdas.case.open_case`."""
    if name.startswith("_") or "__" not in name:
        raise AttributeError(name)
    module, _, function = name.replace("__", ".").rpartition(".")
    return adapt(getattr(importlib.import_module(module), function))


def hints_of(handler: Handler) -> tuple[Any, Any]:
    """The handler's event and return annotations (None where missing or unresolvable)."""
    try:
        hints = typing.get_type_hints(handler)
        parameters = list(inspect.signature(handler).parameters.values())
    except Exception:  # unresolvable forward references, builtins without signatures
        return None, None
    event = hints.get(parameters[0].name) if parameters else None
    return event, hints.get("return")


def takes_models(handler: Handler) -> bool:
    """Whether the handler's event or return annotation is a pydantic model class."""
    return any(_is_model(hint) for hint in hints_of(handler))


def adapt(handler: Handler) -> Handler:
    """The handler as Lambda runs it behind the adapter (itself when it uses no model)."""
    if not takes_models(handler):
        return handler
    event_hint, _ = hints_of(handler)
    event_model: type[BaseModel] | None = event_hint if _is_model(event_hint) else None

    @functools.wraps(handler)
    def adapted(event: Any, context: Any) -> Any:
        given = event_model.model_validate(event) if event_model is not None else event
        return to_json(handler(given, context))

    return adapted


def to_json(value: Any) -> Any:
    """A handler's return value as JSON data: models dumped by alias, the rest as it is."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return value


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, BaseModel)
