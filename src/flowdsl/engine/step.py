"""The base of every compiled step: naming, history events, the context object.

A step is one state compiled once: its paths, templates and rules are parsed up front, so
running it is only the data flow. `run(raw, scope)` returns `(next state or None, output)`
and records the state's history events.
"""

from __future__ import annotations

from typing import Any

from flowdsl.engine.dataflow import Flow, Leaving
from flowdsl.engine.errors import StateError, as_failure
from flowdsl.engine.runtime import Scope
from flowdsl.expr.errors import AslRuntimeError

Json = Any
Outcome = tuple[str | None, Json]
_ENTERED = "stateEnteredEventDetails"
_EXITED = "stateExitedEventDetails"


class Step:
    """One compiled state: what every state type shares (naming, events, context)."""

    __slots__ = ("_entered", "_exited", "flow", "name", "next", "uses_context")

    def __init__(self, name: str, state: Any, flow: Flow, uses_context: bool) -> None:
        self.name = name
        self.flow = flow
        self.next: str | None = getattr(state, "next", None)
        self.uses_context = uses_context
        self._entered = f"{state.type}StateEntered"
        self._exited = f"{state.type}StateExited"

    def run(self, raw: Json, scope: Scope) -> Outcome:
        """Execute the state on its raw input."""
        entered_at = scope.lane.now
        entered = self.enter(raw, scope)
        try:
            output, assigned = self.process(raw, scope, self.context(scope, entered_at))
        except (StateError, AslRuntimeError) as exc:
            raise self.failed(scope, as_failure(exc, self.name, entered)) from None
        self.exit(output, scope, assigned)
        return self.target(scope), output

    def process(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        raise NotImplementedError

    def target(self, scope: Scope) -> str | None:
        return self.next

    def enter(self, raw: Json, scope: Scope) -> int:
        run = scope.run
        run.check_deadline(scope.lane)
        return run.history.add(scope.lane, self._entered, _ENTERED, {"name": self.name, "input": raw})

    def exit(
        self, output: Json, scope: Scope, assigned: dict[str, Json] | None, outcome: str = "succeeded"
    ) -> None:
        """Commit the state's assignments and record its exit (with `assignedVariables`, as AWS does)."""
        details = {"name": self.name, "output": output}
        if assigned:
            scope.variables.update(assigned)
            details["assignedVariables"] = assigned
        scope.run.history.add(scope.lane, self._exited, _EXITED, details)
        scope.run.visited[self.name] = outcome

    def failed(self, scope: Scope, failure: StateError) -> StateError:
        scope.run.visited[self.name] = "failed"
        return failure

    def context(self, scope: Scope, entered_at: float, retry_count: int = 0) -> Json:
        return scope.context(self.name, entered_at, retry_count) if self.uses_context else None
