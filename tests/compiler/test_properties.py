"""Properties over random workflows: compiling is deterministic, round-trips through the model,
places every state exactly once, and a well-formed DSL graph passes every check.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdsl import Chain, Choice, Fail, Map, Parallel, Pass, S, Succeed, Task, Wait, Workflow
from flowdsl.compiler import compile_workflow
from flowdsl.dsl import State
from flowdsl.model import iter_states, parse_machine, to_asl

KINDS = ("pass", "task", "wait", "choice", "parallel", "map")


class Builder:
    """Draws a random, well-formed chain: unique names, every Choice and body non-empty."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data
        self.names: Iterator[int] = itertools.count()
        self.created: list[State] = []

    def name(self, kind: str) -> str:
        return f"{kind} {next(self.names)}"

    def chain(self, depth: int) -> Chain:
        length = self.data.draw(st.integers(1, 3))
        chain = self.segment(depth)
        for _ in range(length - 1):
            if not chain.ends:
                break
            chain = chain >> self.segment(depth)
        if chain.ends and self.flip():
            chain = chain >> self.keep(
                Succeed(self.name("succeed")) if self.flip() else Fail(self.name("fail"))
            )
        return chain

    def flip(self) -> bool:
        return self.data.draw(st.booleans())

    def keep(self, state: State) -> State:
        self.created.append(state)
        return state

    def segment(self, depth: int) -> Chain:
        """One state, or a Choice rejoined with `afterwards()` (so its branches continue)."""
        state = self.state(depth)
        if isinstance(state, Choice) and self.flip():
            return state.afterwards()
        return Chain.of(state)

    def state(self, depth: int) -> State:
        kind = self.data.draw(st.sampled_from(KINDS if depth < 2 else KINDS[:3]))
        name = self.name(kind)
        if kind == "pass":
            return self.keep(Pass(name, result_path=self.data.draw(st.sampled_from(["$", "$.r", None]))))
        if kind == "task":
            task = Task(name, function_name=f"F{next(self.names)}", timeout_seconds=10)
            if self.flip():
                task.retry("States.Timeout", max_attempts=2)
            return self.keep(task)
        if kind == "wait":
            return self.keep(Wait(name, seconds=self.data.draw(st.integers(0, 10))))
        if kind == "choice":
            choice = Choice(name)
            for value in range(self.data.draw(st.integers(1, 2))):
                choice.when(S.v == value, self.chain(depth + 1))
            return self.keep(choice)
        if kind == "parallel":
            branches = [self.chain(depth + 1) for _ in range(self.data.draw(st.integers(1, 2)))]
            return self.keep(Parallel(name, branches=branches))
        return self.keep(Map(name, processor=self.chain(depth + 1), max_concurrency=2))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_workflows_compile_cleanly(data: st.DataObject) -> None:
    builder = Builder(data)
    workflow = Workflow("Random", builder.chain(0))
    source = compile_workflow(workflow)
    asl = to_asl(source.definition)
    assert to_asl(parse_machine(json.loads(json.dumps(asl)))) == asl
    assert json.dumps(to_asl(compile_workflow(workflow).definition)) == json.dumps(asl)
    placed = sorted(name for _, name, _ in iter_states(source.definition))
    assert placed == sorted(state.name for state in builder.created)
    errors = [d for d in workflow.validate() if d.is_error]
    assert errors == []
