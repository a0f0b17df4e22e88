"""A compiled body of states (the machine, a Parallel branch, a Map processor) and its run loop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flowdsl.engine.runtime import Scope
from flowdsl.engine.step import Step

Json = Any


@dataclass(slots=True)
class Body:
    """States by name, ready to run from `start`."""

    start: str
    steps: dict[str, Step]

    def run(self, value: Json, scope: Scope) -> Json:
        """Run from `start` until a state ends the body; returns its output (failures raise)."""
        steps = self.steps
        name: str | None = self.start
        while name is not None:
            name, value = steps[name].run(value, scope)
        return value
