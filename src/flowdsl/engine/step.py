"""The base of every compiled step, and the steps that do no work of their own.

A step is one state compiled once: its paths, templates and rules are parsed up front, so
running it is only the data flow. `run(raw, scope)` returns `(next state or None, output)`
and records the state's history events.
"""

from __future__ import annotations

import json
from typing import Any

from flowdsl.engine.choice import Predicate, compile_condition, compile_rule
from flowdsl.engine.dataflow import MISSING, Flow, JsonataFlow, field
from flowdsl.engine.errors import StateError, as_failure, state_prefix
from flowdsl.engine.lambda_ import PAYLOAD_LIMIT, check_size, payload_size
from flowdsl.engine.runtime import Scope
from flowdsl.engine.timestamps import parse_timestamp
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.model import ChoiceState, FailState, PassState, WaitState

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
            output = self.process(raw, scope, self.context(scope, entered_at))
        except (StateError, AslRuntimeError) as exc:
            raise self.failed(scope, as_failure(exc, self.name, entered)) from None
        self.exit(output, scope)
        return self.target(scope), output

    def process(self, raw: Json, scope: Scope, context: Json) -> Json:
        raise NotImplementedError

    def target(self, scope: Scope) -> str | None:
        return self.next

    def enter(self, raw: Json, scope: Scope) -> int:
        run = scope.run
        run.check_deadline(scope.lane)
        return run.history.add(scope.lane, self._entered, _ENTERED, {"name": self.name, "input": raw})

    def exit(self, output: Json, scope: Scope, outcome: str = "succeeded") -> None:
        scope.run.history.add(scope.lane, self._exited, _EXITED, {"name": self.name, "output": output})
        scope.run.visited[self.name] = outcome

    def failed(self, scope: Scope, failure: StateError) -> StateError:
        scope.run.visited[self.name] = "failed"
        return failure

    def context(self, scope: Scope, entered_at: float, retry_count: int = 0) -> Json:
        return scope.context(self.name, entered_at, retry_count) if self.uses_context else None


class PassStep(Step):
    """Pass: its result is `Result` if given, else its effective input."""

    __slots__ = ("oversized", "result")

    def __init__(self, name: str, state: PassState, flow: Flow, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.result = field(state, "result")
        # A constant Result over the payload quota fails every run; weigh it once here.
        self.oversized = self.result is not MISSING and payload_size(self.result) > PAYLOAD_LIMIT

    def process(self, raw: Json, scope: Scope, context: Json) -> Json:
        if self.oversized:
            check_size(json.dumps(self.result, ensure_ascii=False))
        variables = scope.variables
        effective = self.flow.enter(raw, context, variables)
        result = self.flow.passthrough(raw, effective) if self.result is MISSING else self.result
        return self.flow.leave(raw, result, context, variables)


class WaitStep(Step):
    """Wait: `Seconds`, `Timestamp` or their `*Path`/JSONata forms, on the run's clock."""

    __slots__ = ("dynamic", "seconds", "timestamp")

    def __init__(self, name: str, state: WaitState, flow: Flow, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.seconds, dynamic_seconds = flow.dynamic(state.seconds, state.seconds_path)
        self.timestamp, dynamic_stamp = flow.dynamic(state.timestamp, state.timestamp_path)
        self.dynamic = ("Seconds", dynamic_seconds) if dynamic_seconds else ("Timestamp", dynamic_stamp)

    def process(self, raw: Json, scope: Scope, context: Json) -> Json:
        effective = self.flow.enter(raw, context, scope.variables)
        kind, value = self._target(raw, effective, context, scope)
        lane = scope.lane
        delay = float(value) if kind == "Seconds" else value - lane.now
        scope.run.sleep(lane, max(0.0, delay))
        return self.flow.leave(raw, self.flow.passthrough(raw, effective), context, scope.variables)

    def _target(self, raw: Json, effective: Json, context: Json, scope: Scope) -> tuple[str, float]:
        kind, source = self.dynamic
        if source is None:
            kind = "Seconds" if self.seconds not in (None, MISSING) else "Timestamp"
            value = self.seconds if kind == "Seconds" else self.timestamp
        else:
            data = self.flow.subject(raw, effective)
            value = self.flow.evaluate(source, data, context, scope.variables, kind)
        if kind == "Seconds":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise AslRuntimeError(
                    "States.Runtime", f"The Wait seconds value {value!r} is not a non-negative integer."
                )
            return kind, float(value)
        moment = parse_timestamp(value)
        if moment is None:
            raise AslRuntimeError(
                "States.Runtime", f"The Wait timestamp value {value!r} is not an RFC 3339 timestamp."
            )
        return kind, moment.timestamp()


class SucceedStep(Step):
    """Succeed: ends its scope with its (filtered) input."""

    def process(self, raw: Json, scope: Scope, context: Json) -> Json:
        effective = self.flow.enter(raw, context, scope.variables)
        return self.flow.leave(raw, self.flow.passthrough(raw, effective), context, scope.variables)

    def target(self, scope: Scope) -> str | None:
        return None


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
            failure = StateError(
                self._text(self.error, raw, context, scope), self._text(self.cause, raw, context, scope)
            )
        except AslRuntimeError as exc:
            failure = as_failure(exc, self.name, entered)
        raise self.failed(scope, failure)

    def _text(self, spec: tuple[Json, str | None], raw: Json, context: Json, scope: Scope) -> str | None:
        constant, source = spec
        if source is None:
            return None if constant is MISSING else constant
        value = self.flow.evaluate(source, raw, context, scope.variables, "Error")
        return value if value is None or isinstance(value, str) else str(value)


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
                flow.for_rule(field(rule, "assign"), field(rule, "output")),
            )
            for rule in state.choices
        ]
        self.default = state.default

    def run(self, raw: Json, scope: Scope) -> Outcome:
        entered_at = scope.lane.now
        entered = self.enter(raw, scope)
        context = self.context(scope, entered_at)
        try:
            target, output = self._choose(raw, scope, context)
        except (StateError, AslRuntimeError) as exc:
            raise self.failed(scope, as_failure(exc, self.name, entered)) from None
        if target is None:
            cause = f"{state_prefix(self.name, entered)} No Choice rule matched and no Default was given."
            raise self.failed(scope, StateError("States.NoChoiceMatched", cause))
        self.exit(output, scope)
        return target, output

    def _choose(self, raw: Json, scope: Scope, context: Json) -> tuple[str | None, Json]:
        variables = scope.variables
        effective = self.flow.enter(raw, context, variables)
        data = self.flow.subject(raw, effective)
        for predicate, target, flow in self.rules:
            if predicate(data, context, variables):
                return target, flow.leave(raw, flow.passthrough(raw, effective), context, variables)
        if self.default is None:
            return None, None
        # The state's own Assign (and JSONata Output) apply only when the Default is taken.
        return self.default, self.flow.leave(raw, self.flow.passthrough(raw, effective), context, variables)
