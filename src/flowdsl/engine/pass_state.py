"""Pass: passes its input on, or injects a fixed `Result` (ASL spec "Pass State")."""

from __future__ import annotations

from typing import Any

from flowdsl.engine.dataflow import MISSING, Flow, Leaving, fresh
from flowdsl.engine.runtime import Scope
from flowdsl.engine.step import Step
from flowdsl.engine.weight import Bound, weight_of
from flowdsl.model import PassState
from flowdsl.model.fields import written

Json = Any


class PassStep(Step):
    """Pass: its result is `Result` if given, else its effective input."""

    __slots__ = ("copied", "result")

    def __init__(self, name: str, state: PassState, flow: Flow, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.result = written(state).result
        self.copied = isinstance(self.result, dict | list)  # a scalar needs no private copy
        if self.result is not MISSING:
            # A constant Result weighs what it weighs (one over the quota fails every run).
            self.set_bound(flow.exit_bound.of_result(Bound(constant=weight_of(self.result))))

    def process(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        flow = self.flow
        effective = flow.enter(raw, context, scope) if flow.enters else raw
        result = self.result
        if result is MISSING:
            result = flow.passthrough(raw, effective)
        elif self.copied:
            result = fresh(result)
        return flow.leave(raw, result, context, scope) if flow.leaves else (result, None)
