"""Handlers that take and return pydantic models, called the way Lambda calls them (with JSON).

`def handler(event: CaseIn, context) -> CaseOut`: the adapter validates the JSON event into
`CaseIn` (a pydantic `ValidationError` fails the invocation, as it would in the function) and
serializes what the handler returns with `model_dump(mode="json", by_alias=True)`. A handler
annotated with plain JSON types (`dict[str, Any]`) or a TypedDict is called as it is.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from flowdsl.source import Handler
from flowdsl.typeflow.facts import handler_models


def takes_models(handler: Handler) -> bool:
    """Whether the handler's event or return annotation is a pydantic model class."""
    models = handler_models(handler)
    return _is_model(models.input_model) or _is_model(models.output_model)


def adapt(handler: Handler) -> Handler:
    """The handler as Lambda would run it behind flowdsl's adapter (itself when no model is used)."""
    if not takes_models(handler):
        return handler
    models = handler_models(handler)
    event_model = models.input_model if _is_model(models.input_model) else None

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
