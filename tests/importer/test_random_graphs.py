"""Random state machine graphs (loops, joins, Choice cycles, catch targets anywhere) import and
compile back exactly: the importer's ordering of definitions and chains holds for any shape."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdsl.compiler import compile_workflow
from flowdsl.importer import first_difference, import_asl
from flowdsl.model import to_asl

KINDS = ("Pass", "Task", "Wait", "Choice", "Succeed", "Fail", "Parallel")


@st.composite
def machines(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(2, 9))
    names = [f"State {i}" for i in range(count)]
    states = {name: _state(draw, name, names) for name in names}
    return {"StartAt": names[0], "States": _reachable(names[0], states)}


def _state(draw: st.DrawFn, name: str, names: list[str]) -> dict[str, Any]:
    kind = draw(st.sampled_from(KINDS))
    target = st.sampled_from(names)
    if kind in ("Succeed", "Fail"):
        return {"Type": kind}
    if kind == "Choice":
        rules = [
            {"Variable": "$.v", "NumericEquals": i, "Next": draw(target)}
            for i in range(draw(st.integers(1, 3)))
        ]
        state: dict[str, Any] = {"Type": "Choice", "Choices": rules}
        if draw(st.booleans()):
            state["Default"] = draw(target)
        return state
    state = {"Type": kind}
    if kind == "Task":
        state["Resource"] = "arn:aws:states:::lambda:invoke"
        if draw(st.booleans()):
            state["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": draw(target)}]
    if kind == "Wait":
        state["Seconds"] = 1
    if kind == "Parallel":
        inner = {"StartAt": f"{name} inner", "States": {f"{name} inner": {"Type": "Pass", "End": True}}}
        state["Branches"] = [inner]
    if draw(st.booleans()):
        state["End"] = True
    else:
        state["Next"] = draw(target)
    return state


def _reachable(start: str, states: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    seen: list[str] = []
    stack = [start]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.append(name)
        state = states[name]
        stack += [state["Next"]] if "Next" in state else []
        stack += [rule["Next"] for rule in state.get("Choices", [])]
        stack += [state["Default"]] if "Default" in state else []
        stack += [catcher["Next"] for catcher in state.get("Catch", [])]
    return {name: states[name] for name in states if name in seen}


@settings(max_examples=300, deadline=None)
@given(machines())
def test_random_graph_round_trips(machine: dict[str, Any]) -> None:
    text = import_asl(machine)
    namespace: dict[str, Any] = {}
    exec(compile(text, "<imported>", "exec"), namespace)
    assert first_difference(machine, to_asl(compile_workflow(namespace["workflow"]).definition)) is None
    assert text.count(" = ") >= len(machine["States"])  # one variable per state
