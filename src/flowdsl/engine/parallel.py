"""Parallel: every branch runs on the same input, on its own lane; results come back in branch order."""

from __future__ import annotations

from functools import partial
from typing import Any

from flowdsl.engine.body import Body
from flowdsl.engine.concurrency import run_all
from flowdsl.engine.dataflow import Leaving
from flowdsl.engine.errors import StateError
from flowdsl.engine.recovery import RecoveringStep
from flowdsl.engine.runtime import Scope
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.model import ParallelState

Json = Any


class ParallelStep(RecoveringStep):
    """Parallel: every branch gets the effective input; the result is their outputs in branch order."""

    __slots__ = ("branches",)

    def __init__(
        self, name: str, state: ParallelState, flow: Any, uses_context: bool, branches: list[Body]
    ) -> None:
        super().__init__(name, state, flow, uses_context)
        self.branches = branches

    def attempt(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        effective = self.flow.enter(raw, context, scope)
        history, lane = scope.run.history, scope.lane
        history.add(lane, "ParallelStateStarted")
        children = [scope.fork() for _ in self.branches]
        try:
            results = self._run(effective, children, scope.run.clock.real)
        except (StateError, AslRuntimeError):
            history.add(lane, "ParallelStateFailed")
            raise
        finally:
            lane.now = max([lane.now, *(child.lane.now for child in children)])
        history.add(lane, "ParallelStateSucceeded")
        return self.flow.leave(raw, results, context, scope)

    def _run(self, effective: Json, children: list[Scope], threaded: bool) -> list[Json]:
        """Every branch's output, in branch order (on threads with the real clock)."""
        if not threaded:
            return [
                branch.run(effective, child) for branch, child in zip(self.branches, children, strict=True)
            ]
        tasks = [
            partial(branch.run, effective, child)
            for branch, child in zip(self.branches, children, strict=True)
        ]
        outcomes = run_all(tasks, len(tasks))
        failed = [
            (child.lane.now, error) for child, (_, error) in zip(children, outcomes, strict=True) if error
        ]
        if failed:
            # The branch that failed first decides, as on AWS (the others are stopped there).
            raise min(failed, key=lambda pair: pair[0])[1]
        return [value for value, _ in outcomes]
