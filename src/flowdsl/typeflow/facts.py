"""The models a workflow declares, by state: what the compiler hands the type checks.

Models come from `input_model=`/`output_model=` (Workflow, Task, Map, Parallel) or, for a
Task, from its handler's annotations: `def handler(event: CaseIn, context) -> CaseOut`. They
are kept as the Python objects the user wrote; `flowdsl.typeflow.schema` reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class StateModels:
    """A state's declared models (None: not declared).

    `input_model` is what a Task is given (after InputPath and Parameters); `output_model`
    its result (before ResultSelector and ResultPath). For a Map, `output_model` is the
    result list or, when not a list type, one iteration's output; for a Parallel, the result
    list.
    """

    input_model: Any = None
    output_model: Any = None


@dataclass(frozen=True, slots=True)
class TypeFacts:
    """Every declared model: the execution's input and output, and each state's by JSON Pointer."""

    input_model: Any = None
    output_model: Any = None
    states: Mapping[str, StateModels] = field(default_factory=dict)

    @property
    def declared(self) -> bool:
        """Whether any model is declared at all (if not, the type checks have nothing to do)."""
        return self.input_model is not None or self.output_model is not None or bool(self.states)


def handler_models(handler: Callable[..., Any] | None) -> StateModels:
    """The models a handler's annotations give: its first parameter's and its return's.

    `Any`, a missing annotation, or one that cannot be resolved or read declares nothing.
    """
    if handler is None:
        return StateModels()
    from flowdsl.typeflow.lambda_adapter import hints_of  # noqa: PLC0415 - loads pydantic

    event, returned = hints_of(handler)
    return StateModels(_declared(event), _declared(returned))


def _declared(hint: Any) -> Any:
    """An annotation as a model; None for none, `Any`, and a type pydantic cannot read (a plain
    class: an annotation need not be a model, so it declares nothing)."""
    if hint is None or hint is Any or hint is type(None):
        return None
    from flowdsl.typeflow.schema import unreadable  # noqa: PLC0415 - loads pydantic's schema

    return None if unreadable(hint) else hint


def state_models(
    input_model: Any, output_model: Any, handler: Callable[..., Any] | None
) -> StateModels | None:
    """Explicit models over the handler's annotations; None when nothing is declared."""
    annotated = handler_models(handler)
    models = StateModels(
        input_model if input_model is not None else annotated.input_model,
        output_model if output_model is not None else annotated.output_model,
    )
    return models if models.input_model is not None or models.output_model is not None else None
