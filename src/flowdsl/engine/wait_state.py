"""Wait: for some seconds or until a timestamp, on the run's clock (ASL spec "Wait State")."""

from __future__ import annotations

from typing import Any

from flowdsl.engine.dataflow import MISSING, Flow, Leaving
from flowdsl.engine.runtime import Scope
from flowdsl.engine.step import Step
from flowdsl.engine.timestamps import parse_timestamp
from flowdsl.model import WaitState

Json = Any


class WaitStep(Step):
    """Wait: `Seconds`, `Timestamp` or their `*Path`/JSONata forms, on the run's clock."""

    __slots__ = ("dynamic", "fixed", "seconds", "timestamp")

    def __init__(self, name: str, state: WaitState, flow: Flow, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.seconds, dynamic_seconds = flow.dynamic(state.seconds, state.seconds_path)
        self.timestamp, dynamic_stamp = flow.dynamic(state.timestamp, state.timestamp_path)
        self.dynamic = ("Seconds", dynamic_seconds) if dynamic_seconds else ("Timestamp", dynamic_stamp)
        # A constant, valid `Seconds` is the delay of every run (an invalid one fails each run).
        constant = self.dynamic[1] is None and _seconds(self.seconds)
        self.fixed = float(self.seconds) if constant else None

    def process(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        effective = self.flow.enter(raw, context, scope)
        lane = scope.lane
        if self.fixed is not None:
            delay = self.fixed
        else:
            kind, value = self._target(raw, effective, context, scope)
            delay = float(value) if kind == "Seconds" else value - lane.now
        scope.run.sleep(lane, max(0.0, delay))
        return self.flow.leave(raw, self.flow.passthrough(raw, effective), context, scope)

    def _target(self, raw: Json, effective: Json, context: Json, scope: Scope) -> tuple[str, float]:
        kind, source = self.dynamic
        if source is None:
            kind = "Seconds" if self.seconds not in (None, MISSING) else "Timestamp"
            value = self.seconds if kind == "Seconds" else self.timestamp
        else:
            data = self.flow.subject(raw, effective)
            value = self.flow.evaluate(source, data, context, scope, kind)
        if kind == "Seconds":
            if not _seconds(value):
                cause = f"The Wait seconds value {value!r} is not a non-negative integer."
                raise self.flow.unexpected(value, source, kind, "non-negative integer", cause)
            return kind, float(value)
        moment = parse_timestamp(value)
        if moment is None:
            # AWS's wording, as LocalStack's AWS-validated snapshot base/test_wait records it.
            cause = (
                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
                f"date-time format string: {source} == {value}"
            )
            raise self.flow.unexpected(value, source, kind, "RFC 3339 timestamp string", cause)
        return kind, moment.timestamp()


def _seconds(value: Json) -> bool:
    """Whether `value` is a valid Wait `Seconds`: a non-negative integer (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
