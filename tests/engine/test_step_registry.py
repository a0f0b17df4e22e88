"""The engine dispatches on state type through one table, which covers every type the model has."""

from __future__ import annotations

from flowdsl.engine.plan import STEPS, compile_step
from flowdsl.model import STATE_CLASSES, STATE_TYPES, parse_machine


def test_every_state_type_has_a_step() -> None:
    assert set(STEPS) == set(STATE_TYPES) == set(STATE_CLASSES)


def test_a_step_is_built_for_the_states_type() -> None:
    machine = parse_machine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    step = compile_step("P", machine.states["P"], "JSONPath")
    assert type(step).__name__ == "PassStep"
