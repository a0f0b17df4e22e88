"""Choice: picks the next state by its rules (ASL spec "Choice State")."""

from __future__ import annotations

from typing import Any

from flowdsl.engine.choice import Predicate, compile_condition, compile_rule
from flowdsl.engine.dataflow import Flow, JsonataFlow, Leaving
from flowdsl.engine.errors import StateError, as_failure, state_prefix
from flowdsl.engine.runtime import Scope
from flowdsl.engine.step import Outcome, Step
from flowdsl.engine.weight import UNKNOWN, Bound
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.model import ChoiceState
from flowdsl.model.fields import written

Json = Any


class ChoiceStep(Step):
    """Choice: the first rule that matches picks `Next`; else `Default`; else States.NoChoiceMatched."""

    __slots__ = ("default", "rules")

    def __init__(self, name: str, state: ChoiceState, flow: Flow, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        jsonata_mode = isinstance(flow, JsonataFlow)
        self.rules: list[tuple[Predicate, str, Flow]] = [
            (
                compile_condition(rule.condition) if jsonata_mode else compile_rule(rule),
                rule.next or "",
                flow.for_rule(written(rule).assign, written(rule).output),
            )
            for rule in state.choices
        ]
        self.default = state.default
        if any(flow.exit_bound != self.flow.exit_bound for _, _, flow in self.rules):
            self.set_bound(Bound(constant=UNKNOWN))  # a JSONata rule's own Output: measured

    def run(self, raw: Json, scope: Scope) -> Outcome:
        entered_at = scope.lane.now
        entered = self.enter(raw, scope)
        context = self.context(scope, entered_at)
        try:
            target, (output, assigned) = self._choose(raw, scope, context)
            if target is not None and self.grows:
                scope.weight = self.weigh(output, scope)
        except (StateError, AslRuntimeError, RecursionError) as exc:
            raise self.failed(scope, as_failure(exc, self.name, entered)) from None
        if target is None:
            cause = f"{state_prefix(self.name, entered)} No Choice rule matched and no Default was given."
            raise self.failed(scope, StateError("States.NoChoiceMatched", cause))
        self.exit(output, scope, assigned)
        return target, output

    def _choose(self, raw: Json, scope: Scope, context: Json) -> tuple[str | None, Leaving]:
        effective = self.flow.enter(raw, context, scope)
        data = self.flow.subject(raw, effective)
        for predicate, target, flow in self.rules:
            if predicate(data, context, scope):
                return target, flow.leave(raw, flow.passthrough(raw, effective), context, scope)
        if self.default is None:
            return None, (None, None)
        # The state's own Assign (and JSONata Output) apply only when the Default is taken.
        return self.default, self.flow.leave(raw, self.flow.passthrough(raw, effective), context, scope)
