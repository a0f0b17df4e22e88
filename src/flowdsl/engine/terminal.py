"""Succeed and Fail: the states that end a body (ASL spec "Succeed State", "Fail State")."""

from __future__ import annotations

from typing import Any

from flowdsl.engine.dataflow import MISSING, Flow, Leaving, json_type
from flowdsl.engine.errors import StateError, as_failure
from flowdsl.engine.runtime import Scope
from flowdsl.engine.step import Outcome, Step
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.model import FailState

Json = Any


class SucceedStep(Step):
    """Succeed: ends its scope with its (filtered) input (its `next` is None)."""

    def process(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        effective = self.flow.enter(raw, context, scope)
        return self.flow.leave(raw, self.flow.passthrough(raw, effective), context, scope)


class FailStep(Step):
    """Fail: ends the execution with `Error`/`Cause` (or their `*Path`/JSONata forms)."""

    __slots__ = ("cause", "error")

    def __init__(self, name: str, state: FailState, flow: Flow, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.error = flow.dynamic(state.error, state.error_path)
        self.cause = flow.dynamic(state.cause, state.cause_path)

    def run(self, raw: Json, scope: Scope) -> Outcome:
        entered_at = scope.lane.now
        entered = self.enter(raw, scope)
        context = self.context(scope, entered_at)
        try:
            error = self._text("Error", self.error, raw, context, scope)
            failure = StateError(error, self._text("Cause", self.cause, raw, context, scope))
        except (AslRuntimeError, RecursionError) as exc:
            failure = as_failure(exc, self.name, entered)
        raise self.failed(scope, failure)

    def _text(
        self, name: str, spec: tuple[Json, str | None], raw: Json, context: Json, scope: Scope
    ) -> str | None:
        """The Error or Cause (`name`, the field an expression's failure names) as text."""
        constant, source = spec
        if source is None:
            return None if constant is MISSING else constant
        value = self.flow.evaluate(source, raw, context, scope, name)
        if isinstance(value, str):
            return value
        # AWS, "Fail workflow state": the path "must select a field that contains a string
        # value" (https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html). The
        # wording of the failure is flowdsl's (docs/running.md).
        cause = f"The value of the field '{name}Path' must be a string, but was '{json_type(value)}'."
        raise self.flow.unexpected(value, source, name, "string", cause)
