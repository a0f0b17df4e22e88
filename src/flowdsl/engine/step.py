"""The base of every compiled step: naming, history events, the context object.

A step is one state compiled once: its paths, templates and rules are parsed up front, so
running it is only the data flow. `run(raw, scope)` returns `(next state or None, output)`
and records the state's history events.
"""

from __future__ import annotations

from typing import Any

from flowdsl.engine.dataflow import Flow, Leaving
from flowdsl.engine.errors import StateError, as_failure
from flowdsl.engine.lambda_ import PAYLOAD_LIMIT
from flowdsl.engine.runtime import Scope
from flowdsl.engine.weight import INPUT, UNKNOWN, Bound, weigh
from flowdsl.expr.errors import AslRuntimeError

Json = Any
Outcome = tuple[str | None, Json]
_ENTERED = "stateEnteredEventDetails"
_EXITED = "stateExitedEventDetails"


class Step:
    """One compiled state: what every state type shares (naming, events, context)."""

    __slots__ = (
        "_entered",
        "_exited",
        "bound",
        "extra",
        "flow",
        "grows",
        "growth",
        "name",
        "next",
        "spread",
        "uses_context",
    )

    def __init__(self, name: str, state: Any, flow: Flow, uses_context: bool) -> None:
        self.name = name
        self.flow = flow
        self.next: str | None = getattr(state, "next", None)
        self.uses_context = uses_context
        self._entered = f"{state.type}StateEntered"
        self._exited = f"{state.type}StateExited"
        # How big the output can be (weight.py); states with a result of their own override it.
        self.set_bound(flow.exit_bound.of_result(flow.result_bound))

    def run(self, raw: Json, scope: Scope) -> Outcome:
        """Execute the state on its raw input."""
        # `enter`, `context` and `exit` inlined: this runs for every state, and the calls cost
        # more than the work of a state that only moves data.
        run, lane, name = scope.run, scope.lane, self.name
        if lane.now > run.deadline:
            run.check_deadline(lane)
        history = run.history
        entered = history.pair(lane, self._entered, _ENTERED, name, raw)
        context = scope.context(name, lane.now) if self.uses_context else None
        try:
            output, assigned = self.process(raw, scope, context)
            if self.grows:  # `weigh`, inlined for the common case: a bound under the quota
                size = self.growth * scope.weight + self.extra
                scope.weight = size if size <= PAYLOAD_LIMIT else self.weigh(output, scope)
        except (StateError, AslRuntimeError, RecursionError) as exc:
            raise self.failed(scope, as_failure(exc, name, entered)) from None
        if assigned:
            self.exit(output, scope, assigned)
        else:
            history.pair(lane, self._exited, _EXITED, name, output)
            run.visited[name] = "succeeded"
        return self.next, output

    def process(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        raise NotImplementedError

    def enter(self, raw: Json, scope: Scope) -> int:
        run, lane = scope.run, scope.lane
        if lane.now > run.deadline:
            run.check_deadline(lane)
        return run.history.pair(lane, self._entered, _ENTERED, self.name, raw)

    def set_bound(self, bound: Bound) -> None:
        """How big the output can be; a state that only selects from its input (`INPUT`) needs no check.

        `growth`, `spread` and `extra` are the bound's terms for the inlined check; a context term
        makes `extra` UNKNOWN, so that check falls back to `weigh`.
        """
        self.bound = bound
        self.grows = bound != INPUT
        self.growth, self.spread = bound.data, bound.result
        self.extra = UNKNOWN if bound.context else bound.constant

    def weigh(self, output: Json, scope: Scope, bound: Bound | None = None) -> int:
        """Hold the output to the payload quota: the output's size bound, the lane's next weight.

        Raises States.DataLimitExceeded (weight.py).
        """
        b = bound or self.bound
        size = b.data * scope.weight + b.constant
        if b.result:
            size += b.result * scope.result_weight
        if b.context:
            size += b.context * scope.run.context_weight
        return size if size <= PAYLOAD_LIMIT else weigh(output, size, self.name)

    def exit(
        self, output: Json, scope: Scope, assigned: dict[str, Json] | None, outcome: str = "succeeded"
    ) -> None:
        """Commit the state's assignments and record its exit (with `assignedVariables`, as AWS does)."""
        if assigned:
            scope.variables.update(assigned)
            details = {"name": self.name, "output": output, "assignedVariables": assigned}
            scope.run.history.add(scope.lane, self._exited, _EXITED, details)
        else:
            scope.run.history.pair(scope.lane, self._exited, _EXITED, self.name, output)
        scope.run.visited[self.name] = outcome

    def failed(self, scope: Scope, failure: StateError) -> StateError:
        scope.run.visited[self.name] = "failed"
        return failure

    def context(self, scope: Scope, entered_at: float, retry_count: int | None = None) -> Json:
        return scope.context(self.name, entered_at, retry_count) if self.uses_context else None
