"""The compiled plan: built once per machine and dropped with it."""

from __future__ import annotations

import gc

from flowdsl.engine import execute
from flowdsl.engine.plan import _PLANS, plan
from flowdsl.model import parse_machine

DEFINITION = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}


def test_plan_is_compiled_once_per_machine() -> None:
    machine = parse_machine(DEFINITION)
    assert plan(machine) is plan(machine)
    assert plan(parse_machine(DEFINITION)) is not plan(machine)


def test_plan_is_dropped_with_its_machine() -> None:
    machine = parse_machine(DEFINITION)
    key = id(machine)
    execute(machine, {})
    assert key in _PLANS
    del machine
    gc.collect()
    assert key not in _PLANS


def test_reruns_share_the_plan_but_not_state() -> None:
    machine = parse_machine(
        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"seen.$": "$.n"}, "End": True}}}
    )
    first, second = execute(machine, {"n": 1}), execute(machine, {"n": 2})
    assert (first.output, second.output) == ({"n": 1}, {"n": 2})
    assert len(first.history) == len(second.history) == 4
