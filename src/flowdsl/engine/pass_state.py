"""Pass: passes its input on, or injects a fixed `Result` (ASL spec "Pass State")."""

from __future__ import annotations

import json
from typing import Any

from flowdsl.engine.dataflow import MISSING, Flow, Leaving, field
from flowdsl.engine.lambda_ import PAYLOAD_LIMIT, check_size, payload_size
from flowdsl.engine.runtime import Scope
from flowdsl.engine.step import Step
from flowdsl.model import PassState

Json = Any


class PassStep(Step):
    """Pass: its result is `Result` if given, else its effective input."""

    __slots__ = ("oversized", "result")

    def __init__(self, name: str, state: PassState, flow: Flow, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.result = field(state, "result")
        # A constant Result over the payload quota fails every run; weigh it once here.
        self.oversized = self.result is not MISSING and payload_size(self.result) > PAYLOAD_LIMIT

    def process(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        if self.oversized:
            check_size(json.dumps(self.result, ensure_ascii=False))
        effective = self.flow.enter(raw, context, scope)
        result = self.flow.passthrough(raw, effective) if self.result is MISSING else self.result
        return self.flow.leave(raw, result, context, scope)
