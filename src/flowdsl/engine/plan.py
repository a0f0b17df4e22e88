"""Compile a StateMachine once into runnable steps, cached for as long as the machine lives."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from flowdsl.engine.body import Body
from flowdsl.engine.choice_state import ChoiceStep
from flowdsl.engine.dataflow import Flow, JsonataFlow, JsonPathFlow
from flowdsl.engine.map_state import MapStep
from flowdsl.engine.parallel import ParallelStep
from flowdsl.engine.pass_state import PassStep
from flowdsl.engine.step import Step
from flowdsl.engine.task import TaskStep
from flowdsl.engine.terminal import FailStep, SucceedStep
from flowdsl.engine.wait_state import WaitStep
from flowdsl.model import (
    Branch,
    StateMachine,
)
from flowdsl.model.fields import written

_PLANS: dict[int, tuple[weakref.ref[StateMachine], Body]] = {}


def plan(machine: StateMachine) -> Body:
    """The compiled top-level body of `machine` (compiled on first use, then reused)."""
    key = id(machine)
    cached = _PLANS.get(key)
    if cached is not None and cached[0]() is machine:
        return cached[1]
    body = compile_body(machine, machine.language)
    _PLANS[key] = (weakref.ref(machine, lambda _ref: _PLANS.pop(key, None)), body)
    return body


def compile_body(body: StateMachine | Branch, language: str) -> Body:
    """Steps for every state of one body; nested states default to the machine's query language."""
    return Body(
        body.start_at, {name: compile_step(name, state, language) for name, state in body.states.items()}
    )


def compile_step(name: str, state: Any, language: str) -> Step:
    jsonata = (state.query_language or language) == "JSONata"
    flow = _flow(state, jsonata)
    return STEPS[state.type](name, state, flow, _uses_context(state, jsonata), language)


# How each state type (model.STATE_CLASSES) becomes a step: the engine's one dispatch on type.
StepBuilder = Callable[[str, Any, Flow, bool, str], Step]
STEPS: dict[str, StepBuilder] = {
    "Task": lambda name, state, flow, context, _: TaskStep(name, state, flow, context),
    "Pass": lambda name, state, flow, context, _: PassStep(name, state, flow, context),
    "Wait": lambda name, state, flow, context, _: WaitStep(name, state, flow, context),
    "Choice": lambda name, state, flow, context, _: ChoiceStep(name, state, flow, context),
    "Succeed": lambda name, state, flow, context, _: SucceedStep(name, state, flow, context),
    "Fail": lambda name, state, flow, context, _: FailStep(name, state, flow, context),
    "Parallel": lambda name, state, flow, context, language: ParallelStep(
        name, state, flow, context, [compile_body(branch, language) for branch in state.branches]
    ),
    "Map": lambda name, state, flow, context, language: MapStep(
        name, state, flow, context, compile_body(state.processor, language)
    ),
}
# The states whose `Parameters`/`Arguments` shape their effective input (Map's belong to its items).
_TAKES_PAYLOAD = frozenset({"Task", "Pass", "Parallel"})


def _flow(state: Any, jsonata: bool) -> Flow:
    kind = JsonataFlow if jsonata else JsonPathFlow
    return kind(written(state), takes_payload=state.type in _TAKES_PAYLOAD)


_NESTED_BODIES = frozenset({"branches", "item_processor", "iterator"})


def _uses_context(state: Any, jsonata: bool) -> bool:
    """Whether the state can read the context object, so others skip building it.

    Any text in the state's own fields (keys included, nested bodies excluded) naming `$$`
    (JSONPath) or `$states` (JSONata) may read it; walking the model finds that without
    serialising the state.
    """
    marker = "$states" if jsonata else "$$"
    return any(_mentions(getattr(state, name), marker) for name in state.model_fields_set - _NESTED_BODIES)


def _mentions(value: Any, marker: str) -> bool:
    if isinstance(value, str):
        return marker in value
    if isinstance(value, BaseModel):
        return any(_mentions(getattr(value, name), marker) for name in value.model_fields_set)
    if isinstance(value, dict):
        return any(marker in key or _mentions(item, marker) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_mentions(item, marker) for item in value)
    return False
