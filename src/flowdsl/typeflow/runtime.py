"""`--check-types`: validate the data at typed states against their models while running.

The execution input is validated against the workflow's `input_model` before the run; each
typed Task that runs a handler validates what it is given and what it returns. A mismatch fails
the state with `States.Runtime` (the error Step Functions gives data that does not fit, such as
a path naming nothing) and a cause naming the state, the model and pydantic's error paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.engine.errors import StateError
from flowdsl.model import TaskState, iter_states
from flowdsl.model.resources import lambda_function_name
from flowdsl.source import Handler, Source
from flowdsl.typeflow.facts import StateModels
from flowdsl.typeflow.schema import adapter

_SHOWN = 5


def check_execution_input(source: Source, payload: Any) -> None:
    """Refuse an execution input that does not match the workflow's `input_model`."""
    model = source.types.input_model if source.types is not None else None
    if model is None:
        return
    problem = mismatch(model, payload)
    if problem is not None:
        message = f"the execution input does not match {_name(model)}: {problem}"
        raise FlowdslError([error("execution-input-mismatch", message, source.locate(""))])


def checked_handlers(source: Source, handlers: Mapping[str, Handler]) -> dict[str, Handler]:
    """`handlers` with each typed Task's handler checking its input and result."""
    models = _models_by_function(source)
    return {
        name: _checking(handler, *models[name]) if name in models else handler
        for name, handler in handlers.items()
    }


def mismatch(model: Any, value: Any) -> str | None:
    """Pydantic's errors for `value` against `model` as `loc: message; ...` (None: it matches)."""
    try:
        adapter(model).validate_python(value)
    except ValidationError as exc:
        parts = [f"{'.'.join(str(p) for p in e['loc']) or '$'}: {e['msg']}" for e in exc.errors()]
        more = f"; ... and {len(parts) - _SHOWN} more" if len(parts) > _SHOWN else ""
        return "; ".join(parts[:_SHOWN]) + more
    return None


def _models_by_function(source: Source) -> dict[str, tuple[str, StateModels]]:
    facts = source.types
    if facts is None:
        return {}
    found: dict[str, tuple[str, StateModels]] = {}
    for pointer, name, state in iter_states(source.definition):
        models = facts.states.get(pointer)
        if isinstance(state, TaskState) and models is not None and isinstance(state.resource, str):
            function = lambda_function_name(state.resource)
            if function is not None:
                found.setdefault(function, (name, models))
    return found


def _checking(handler: Handler, state: str, models: StateModels) -> Handler:
    def checked(event: Any, context: Any) -> Any:
        _check(state, "input", models.input_model, event)
        result = handler(event, context)
        _check(state, "result", models.output_model, result)
        return result

    return checked


def _check(state: str, what: str, model: Any, value: Any) -> None:
    if model is None:
        return
    problem = mismatch(model, value)
    if problem is not None:
        raise StateError(
            "States.Runtime", f"state '{state}': the {what} does not match {_name(model)}: {problem}"
        )


def _name(model: Any) -> str:
    return f"'{getattr(model, '__name__', None) or model}'"
