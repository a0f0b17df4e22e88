"""`--check-types`: validate the data at typed states against their models while running.

The execution input is validated against the workflow's `input_model` before the run; each
typed Task that runs a handler or a mock validates what it is given and what it returns; a Map
or Parallel with an `output_model` validates its result (before ResultSelector). A mismatch fails
the state with `States.Runtime` (the error Step Functions gives data that does not fit, such as
a path naming nothing) and a cause naming the state, the model and pydantic's error paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.engine.errors import StateError
from flowdsl.engine.mocks import MockError, MockResponse, MockSpec, Return, Throw, is_sequence
from flowdsl.model import MapState, ParallelState, TaskState, iter_states
from flowdsl.model.resources import LAMBDA_INVOKE, lambda_function_name
from flowdsl.source import Handler, Source
from flowdsl.typeflow.facts import StateModels
from flowdsl.typeflow.jtype import may_be_array
from flowdsl.typeflow.schema import adapter, model_type

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


def checked_mocks(source: Source, mocks: Mapping[str, MockSpec]) -> dict[str, MockSpec]:
    """`mocks` with each typed Task's responses checked like its handler would be.

    A mock function (`(task_input) -> result`) has its input and result checked; a `Return`
    has its value checked up front (a mismatch becomes a `Throw` of States.Runtime, with the
    same virtual duration); a `Throw` is left alone. For `lambda:invoke` the `Payload` is checked.
    """
    typed = _models_by_state(source)
    return {
        name: _checked_spec(spec, name, *typed[name]) if name in typed else spec
        for name, spec in mocks.items()
    }


def result_checks(source: Source) -> dict[str, Callable[[Any], None]]:
    """For each Map and Parallel with an `output_model`, a check of its result (state name ->
    check), for the engine's `result_checks`. A Map's model is the result list, or one
    iteration's output when it is not a list type (as at compile time)."""
    facts = source.types
    if facts is None:
        return {}
    checks: dict[str, Callable[[Any], None]] = {}
    for pointer, name, state in iter_states(source.definition):
        model = facts.states[pointer].output_model if pointer in facts.states else None
        if isinstance(state, MapState | ParallelState) and model is not None:
            per_item = isinstance(state, MapState) and not _is_list(model)
            checks[name] = _result_check(name, model, per_item=per_item)
    return checks


def _is_list(model: Any) -> bool:
    return may_be_array(model_type(model, "serialization"))


def _result_check(state: str, model: Any, *, per_item: bool) -> Callable[[Any], None]:
    """Raises States.Runtime when a result does not match; per item, pydantic's error paths
    start with the item's index."""
    checked = list[model] if per_item else model
    what = f"{_name(model)} (each item)" if per_item else _name(model)

    def check(result: Any) -> None:
        problem = mismatch(checked, result)
        if problem is not None:
            cause = f"state '{state}': the result does not match {what}: {problem}"
            raise StateError("States.Runtime", cause)

    return check


def _checked_spec(spec: MockSpec, state: str, models: StateModels, invoke: bool) -> MockSpec:
    if is_sequence(spec):
        responses: Sequence[MockResponse] = spec  # type: ignore[assignment]
        return [_checked_response(r, state, models, invoke) for r in responses]
    return _checked_response(spec, state, models, invoke)  # type: ignore[arg-type]


def _checked_response(response: MockResponse, state: str, models: StateModels, invoke: bool) -> MockResponse:
    if isinstance(response, Throw):
        return response
    if isinstance(response, Return):
        problem = _problem(state, "result", models.output_model, _payload(response.value, invoke))
        return response if problem is None else Throw("States.Runtime", problem, response.seconds)
    function = response

    def checked(given: Any) -> Any:
        _mock_check(state, "input", models.input_model, _payload(given, invoke))
        result = function(given)
        _mock_check(state, "result", models.output_model, _payload(result, invoke))
        return result

    return checked


def _payload(value: Any, invoke: bool) -> Any:
    """What the function itself took or returned: for `lambda:invoke`, the `Payload` field."""
    return value.get("Payload") if invoke and isinstance(value, dict) else value


def _mock_check(state: str, what: str, model: Any, value: Any) -> None:
    problem = _problem(state, what, model, value)
    if problem is not None:
        raise MockError("States.Runtime", problem)


def _models_by_state(source: Source) -> dict[str, tuple[StateModels, bool]]:
    facts = source.types
    if facts is None:
        return {}
    return {
        name: (facts.states[pointer], state.resource == LAMBDA_INVOKE)
        for pointer, name, state in iter_states(source.definition)
        if isinstance(state, TaskState) and pointer in facts.states
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
    problem = _problem(state, what, model, value)
    if problem is not None:
        raise StateError("States.Runtime", problem)


def _problem(state: str, what: str, model: Any, value: Any) -> str | None:
    """The States.Runtime cause for `value` not matching `model` (None: it matches, or no model)."""
    problem = None if model is None else mismatch(model, value)
    if problem is None:
        return None
    return f"state '{state}': the {what} does not match {_name(model)}: {problem}"


def _name(model: Any) -> str:
    return f"'{getattr(model, '__name__', None) or model}'"
