"""Parallel: every branch runs on the same input, on its own lane; results come back in branch order."""

from __future__ import annotations

from functools import partial
from typing import Any

from flowdsl.engine.body import Body
from flowdsl.engine.concurrency import run_all
from flowdsl.engine.dataflow import Leaving
from flowdsl.engine.errors import StateError
from flowdsl.engine.lambda_ import PAYLOAD_LIMIT
from flowdsl.engine.recovery import RecoveringStep
from flowdsl.engine.runtime import Scope
from flowdsl.engine.weight import INPUT, weigh
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.model import ParallelState

Json = Any


class ParallelStep(RecoveringStep):
    """Parallel: every branch gets the effective input; the result is their outputs in branch order."""

    __slots__ = ("branches", "shapes_input")

    def __init__(
        self, name: str, state: ParallelState, flow: Any, uses_context: bool, branches: list[Body]
    ) -> None:
        super().__init__(name, state, flow, uses_context)
        self.branches = branches
        self.shapes_input = flow.entry_bound != INPUT  # Parameters/Arguments may outgrow the input

    def attempt(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        effective = self.flow.enter(raw, context, scope)
        history, lane = scope.run.history, scope.lane
        history.add(lane, "ParallelStateStarted")
        weight = self._weigh_input(effective, scope) if self.shapes_input else scope.weight
        children = [scope.fork(weight) for _ in self.branches]
        try:
            results = self._run(effective, children, scope.run.clock.real)
            check = scope.run.result_checks.get(self.name)
            if check is not None:
                check(results)
        except (StateError, AslRuntimeError):
            history.add(lane, "ParallelStateFailed")
            raise
        finally:
            # The state resumes when its last branch ends, and its next event follows the
            # branches' last one, as AWS chains it (LocalStack's AWS-validated snapshot
            # context_object/test_items_path: MapStateSucceeded after the last MapIterationSucceeded).
            for child in children:
                lane.now = max(lane.now, child.lane.now)
                lane.last_event = max(lane.last_event, child.lane.last_event)
        history.add(lane, "ParallelStateSucceeded")
        # The result array: every branch's output, a comma between, two brackets.
        scope.result_weight = sum([child.weight for child in children]) + len(children) + 1
        return self.flow.leave(raw, results, context, scope)

    def _weigh_input(self, effective: Json, scope: Scope) -> int:
        """The effective input's size bound, held to the quota as AWS holds the input "after Parameters
        processing": each branch starts with it."""
        b = self.flow.entry_bound
        size = b.data * scope.weight + b.constant
        if b.context:
            size += b.context * scope.run.context_weight
        return size if size <= PAYLOAD_LIMIT else weigh(effective, size, self.name)

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
