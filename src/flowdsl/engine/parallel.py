"""Parallel: every branch runs on the same input, on its own lane; results come back in branch order."""

from __future__ import annotations

from typing import Any

from flowdsl.engine.body import Body
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
        variables = scope.variables
        effective = self.flow.enter(raw, context, variables)
        history, lane = scope.run.history, scope.lane
        history.add(lane, "ParallelStateStarted")
        results = []
        finish = lane.now
        try:
            for branch in self.branches:
                child = scope.fork()
                results.append(branch.run(effective, child))
                finish = max(finish, child.lane.now)
        except (StateError, AslRuntimeError):
            history.add(lane, "ParallelStateFailed")
            raise
        lane.now = finish
        history.add(lane, "ParallelStateSucceeded")
        return self.flow.leave(raw, results, context, variables)
