"""RedriveExecution: an ended STANDARD execution runs again from its unsuccessful state.

AWS Developer Guide, "Restarting state machine executions with redrive in Step Functions", and
the AWS API reference, RedriveExecution:

- an execution that FAILED, TIMED_OUT or was ABORTED can be redriven within 14 days of its
  end, if it has been open for less than a year and its history holds fewer than 24,999
  events; anything else is `ExecutionNotRedrivable` (and DescribeExecution's `redriveStatus`
  is NOT_REDRIVABLE, with the same reason, exactly when RedriveExecution would refuse);
- it continues from the unsuccessful state (one with a `<Type>StateEntered` event and no
  `<Type>StateExited`) with the input that state had, on the same definition, ARN and version
  or alias; the successful states' results and history are kept and not rerun; the history
  gets `ExecutionRedriven` (`redriveCount`) and then the redriven attempt's events;
- the state machine's TimeoutSeconds counts again from the redrive; `redriveCount` and
  `redriveDate` appear in DescribeExecution and ListExecutions, and `$$.Execution.RedriveCount`
  and (once redriven) `RedriveTime` in the context object (Developer Guide, "Context object");
- a client token answers a repeated request (the last 10, for 15 minutes) without a new redrive.

flowdsl redrives an unsuccessful state at the top level of the machine. AWS also redrives only
the failed branches of a Parallel and the failed iterations of a Map (and a Distributed Map's
Map Run); flowdsl does not yet, nor an execution whose states assigned variables (the redriven
attempt would start without them): those are `ExecutionNotRedrivable` saying so, never a rerun
of what succeeded.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flowdsl.engine.clock import iso
from flowdsl.model import StateMachine
from flowdsl.model.states import MapState, ParallelState
from flowdsl.service.activities import required
from flowdsl.service.errors import fail
from flowdsl.service.lookups import ExecutionActions
from flowdsl.service.paging import when

if TYPE_CHECKING:
    from flowdsl.service.core import MachineRecord
    from flowdsl.service.executions import ExecutionRecord

Json = Any
WINDOW_SECONDS = 14 * 24 * 3600  # "the redrivable period of 14 days", from the execution's end
MAX_OPEN_SECONDS = 365 * 24 * 3600  # "the maximum open time of one year"
MAX_EVENTS = 24_999  # room for ExecutionRedriven and at least one more event
_TOKENS, _TOKEN_SECONDS = 10, 15 * 60
_REDRIVABLE = frozenset({"FAILED", "TIMED_OUT", "ABORTED"})


@dataclass
class Redrive:
    """An execution's redrives: how many, the last one's time, and where it resumed."""

    count: int = 0
    date: float | None = None
    prior: list[dict[str, Json]] = field(default_factory=list)  # the earlier attempts' events
    state: str = ""
    value: Json = None
    tokens: dict[str, float] = field(default_factory=dict)  # client token -> when it was used

    def begin(self, events: list[dict[str, Json]], state: str, value: Json, at: float) -> None:
        self.prior, self.state, self.value = events, state, value
        self.count, self.date = self.count + 1, at

    def remember(self, token: str | None, now: float) -> None:
        if token:
            self.tokens[token] = now
            while len(self.tokens) > _TOKENS:
                self.tokens.pop(next(iter(self.tokens)))

    def answered(self, token: str | None, now: float) -> bool:
        """Whether `token` already redrove this execution (an idempotent retry of the request)."""
        used = self.tokens.get(token or "")
        return used is not None and now - used < _TOKEN_SECONDS

    def resumed(
        self, model: StateMachine, context: dict[str, Json], record: ExecutionRecord
    ) -> tuple[StateMachine, Json]:
        """The machine starting at the redriven state, and that state's input; `context` gets
        the execution's own input and start, and its redrive count and time."""
        context["Execution"].update(
            {"Input": json.loads(record.input), "StartTime": iso(record.start),
             "RedriveCount": self.count, "RedriveTime": iso(self.date or record.start)}
        )  # fmt: skip
        return model.model_copy(update={"start_at": self.state}), self.value

    def spliced(self, events: list[dict[str, Json]]) -> list[dict[str, Json]]:
        """The whole history: earlier attempts, `ExecutionRedriven`, then this attempt's events
        past its own ExecutionStarted, numbered on from there."""
        base = len(self.prior)
        redriven = {
            "id": base + 1,
            "previousEventId": base,
            "timestamp": datetime.fromtimestamp(self.date or 0, UTC).isoformat(timespec="milliseconds"),
            "type": "ExecutionRedriven",
            "executionRedrivenEventDetails": {"redriveCount": self.count},
        }
        # The attempt's first state follows event 0 (ExecutionStarted's place): here the redrive.
        shifted = [
            {**e, "id": base + e["id"], "previousEventId": base + max(e["previousEventId"], 1)}
            for e in events[1:]
        ]
        return [*self.prior, redriven, *shifted]

    def described(self) -> dict[str, Json]:
        """`redriveCount` (0 until redriven) and, once redriven, `redriveDate`."""
        out: dict[str, Json] = {"redriveCount": self.count}
        if self.date is not None:
            out["redriveDate"] = when(self.date)
        return out


class RedriveActions(ExecutionActions):
    """RedriveExecution and the redrive status DescribeExecution reports (see `Service`)."""

    machines: dict[str, MachineRecord]

    def redrive_execution(self, **params: Any) -> dict[str, Json]:
        record = self._execution(required(params, "executionArn"))
        token = params.get("clientToken")
        with self.lock:
            now = time.time()
            if record.redrive.answered(token, now):
                return {"redriveDate": when(record.redrive.date or now)}
            point = self._redrive_point(record)
            if isinstance(point, str):
                raise fail("ExecutionNotRedrivable", point)
            record.restart(*point, max(round(now, 3), record.stop_date or 0))
            record.redrive.remember(token, now)
        threading.Thread(target=record.run, name=f"flowdsl {record.name}", daemon=True).start()
        return {"redriveDate": when(record.redrive.date or now)}

    def redrive_refusal(self, record: ExecutionRecord) -> str | None:
        """Why RedriveExecution would refuse `record` now, or None when it would redrive it."""
        point = self._redrive_point(record)
        return point if isinstance(point, str) else None

    def _redrive_point(self, record: ExecutionRecord) -> tuple[str, Json] | str:
        """The state to redrive and its input, or the reason there is none."""
        if record.status not in _REDRIVABLE:
            return f"Execution is {record.status} and cannot be redriven"
        if record.machine.type != "STANDARD" or record.map_run is not None:
            what = "an EXPRESS state machine's" if record.map_run is None else "a Map Run's child"
            return f"RedriveExecution does not redrive {what} executions"
        now = time.time()
        if record.machine.arn not in self.machines:
            return "State machine is in DELETING status"
        events = record.events()
        if len(events) >= MAX_EVENTS:
            return "Execution history event limit exceeded"
        if now - record.start > MAX_OPEN_SECONDS:
            return "Execution has exceeded the max execution time"
        if now - (record.stop_date or now) > WINDOW_SECONDS:
            return "Execution redrivable period exceeded"
        return _unsuccessful_state(record.machine.model, events)


def _unsuccessful_state(model: StateMachine, events: list[dict[str, Json]]) -> tuple[str, Json] | str:
    """The top-level state entered and not exited, with its input (from its Entered event)."""
    open_states: dict[str, Json] = {}
    for event in events:
        entered, exited = event.get("stateEnteredEventDetails"), event.get("stateExitedEventDetails")
        if entered is not None and entered["name"] in model.states:
            open_states[entered["name"]] = entered.get("input", "{}")
        elif exited is not None:
            if exited.get("assignedVariables"):
                return (
                    "flowdsl serve does not redrive an execution whose states assigned variables "
                    f"(state '{exited['name']}' did)"
                )
            open_states.pop(exited["name"], None)
    if not open_states:
        return "no state of the execution was left unsuccessful"
    name, text = list(open_states.items())[-1]
    if isinstance(model.states[name], ParallelState | MapState):
        return (
            f"flowdsl serve does not redrive inside a Parallel or Map state yet ('{name}' failed); "
            "it redrives a failed top-level state of another type"
        )
    return name, json.loads(text)
