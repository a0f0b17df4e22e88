"""One served execution: the engine run on its own thread, observable and stoppable while it runs."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import Execution, RealClock, VirtualClock, execute
from flowdsl.engine.clock import Lane
from flowdsl.engine.errors import ExecutionAbortError
from flowdsl.engine.history import History
from flowdsl.engine.runtime import Run
from flowdsl.service.dispatch import Dispatcher
from flowdsl.service.distributed import DistributedMap
from flowdsl.service.machines import MachineVersion
from flowdsl.service.nested import NestedOnly
from flowdsl.service.paging import Span
from flowdsl.service.redrive import Redrive
from flowdsl.service.tokens import Pending

if TYPE_CHECKING:
    from flowdsl.service.core import Service
    from flowdsl.service.mapruns import MapRun

Json = Any


class _Stoppable:
    """Lets a Wait (real or virtual) end early when StopExecution arrives."""

    record: ExecutionRecord

    def _stop_check(self) -> None:
        stop = self.record.stop_request
        if stop is not None:
            raise ExecutionAbortError("ABORTED", stop[0], stop[1])  # type: ignore[arg-type]


class ServiceClock(VirtualClock, _Stoppable):
    """The virtual clock (waits take no real time) that a StopExecution can interrupt.

    Branches and iterations still run on threads (`real` is what the engine asks for that), as
    on AWS: two callbacks in two Parallel branches are both waiting at once, so a test can
    answer them in any order.
    """

    real = True

    def __init__(self, record: ExecutionRecord) -> None:
        super().__init__(record.attempt_start)
        self.record = record

    def sleep(self, lane: Lane, seconds: float) -> None:
        self._stop_check()
        super().sleep(lane, seconds)


class ServiceRealClock(RealClock, _Stoppable):
    """Real time; a Wait sleeps until its end or a StopExecution, whichever comes first."""

    def __init__(self, record: ExecutionRecord) -> None:
        super().__init__()
        self.start = record.attempt_start
        self.record = record

    def sleep(self, lane: Lane, seconds: float) -> None:
        self._stop_check()
        if seconds > 0:
            self.record.stopped.wait(seconds)
            self._stop_check()
        lane.now = max(lane.now + seconds, time.time())


@dataclass(eq=False)
class ExecutionRecord(Span):
    """An execution of a served state machine: RUNNING until the engine's `Execution` comes back."""

    service: Service
    arn: str
    name: str
    machine: MachineVersion
    input: str
    result: Execution | None = None
    stop_request: tuple[str | None, str | None] | None = None
    waiting: set[Pending] = field(default_factory=set)
    stopped: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    failure: tuple[str, str] | None = None
    mocks: dict[str, Any] = field(default_factory=dict)
    parent: str | None = None
    children: list[ExecutionRecord] = field(default_factory=list)
    map_run: str | None = None  # the Map Run that started this child execution
    item_count: int | None = None  # how many of the Map Run's items it got
    map_runs: list[MapRun] = field(default_factory=list)  # the Map Runs this execution started
    item_data: str | None = None  # TestState's mapItemReaderData: the ItemReader's items, given
    version_arn: str | None = None  # the version it runs, when started on a version or an alias
    alias_arn: str | None = None  # the alias it was started on
    redrive: Redrive = field(default_factory=Redrive)  # its redrives (RedriveExecution)
    _history: History | None = None

    def attach(self, run: Run) -> None:
        """Remember the running engine's history, so GetExecutionHistory can read it mid-run."""
        self._history = run.history

    @property
    def attempt_start(self) -> float:
        """When this attempt began: the start, or the last redrive."""
        return self.redrive.date or self.start

    @property
    def redrive_count(self) -> int:
        return self.redrive.count

    def run(self) -> None:
        """Run to the end on the calling thread (a worker thread, or StartSyncExecution's)."""
        clock = ServiceRealClock(self) if self.service.real_time else ServiceClock(self)
        context = {
            "Execution": {"Id": self.arn, "Name": self.name, "RoleArn": self.machine.role_arn},
            "StateMachine": {"Id": self.machine.arn, "Name": self.machine.name},
        }
        model, payload = self.machine.model, json.loads(self.input)
        if self.redrive.count:  # a redrive: from the unsuccessful state, on that state's input
            model, payload = self.redrive.resumed(model, context, self)
        try:
            self.result = execute(
                model,
                payload,
                handlers=self.service.handlers,
                mocks=self.mocks,
                clock=clock,
                context=context,
                name=self.name,
                seed=self.service.new_seed(),
                task_hook=NestedOnly(self) if self.service.local else Dispatcher(self),
                map_hook=None if self.service.local else DistributedMap(self),
            )
            self.status = self.result.status
        except FlowdslError as exc:  # a Task nothing can run: the run cannot go on
            self.status, self.failure = "FAILED", ("States.Runtime", str(exc.diagnostics[0].message))
        except Exception as exc:  # never leave an execution RUNNING because the server broke
            self.status, self.failure = "FAILED", ("States.Runtime", f"flowdsl internal error: {exc!r}")
        self.stop_date = _stop_date(self)
        self.done.set()

    def stop(self, error: str | None, cause: str | None) -> None:
        """Ask the run to stop: a paused task, a Wait or the next task it reaches ends it ABORTED."""
        self.stop_request = (error, cause)
        self.stopped.set()
        for run in self.map_runs:  # a Map Run starts no more children once its parent stops
            run.halt()
        for child in self.children:  # a .sync child stops with its parent, as on AWS
            if child.status == "RUNNING":
                child.stop(error, cause)
        for pending in list(self.waiting):
            with pending.changed:
                pending.changed.notify_all()

    @property
    def error(self) -> str | None:
        if self.result is not None:
            return self.result.error
        return self.failure[0] if self.failure else None

    @property
    def cause(self) -> str | None:
        if self.result is not None:
            return self.result.cause
        return self.failure[1] if self.failure else None

    def events(self) -> list[dict[str, Json]]:
        """The history so far, as the engine records it (timestamps as ISO text); after a
        redrive, the earlier attempts' events, `ExecutionRedriven`, then this attempt's."""
        if self.result is not None:
            events = self.result.history
        else:
            events = self._history.events() if self._history is not None else []
        if self.redrive.count:
            return self.redrive.spliced(events)
        if self.version_arn is not None and events:  # ExecutionStarted names the version and alias
            events = [{**events[0], "executionStartedEventDetails": self._started(events[0])}, *events[1:]]
        return events

    def last_timestamp(self) -> str | None:
        """The `timestamp` of the last of `events()`, without building them: this attempt's
        last, else (an attempt with none yet) the last of those before it."""
        if self.result is not None:
            last = self.result.last_timestamp
        else:
            last = self._history.last_timestamp() if self._history is not None else None
        if last is None and self.redrive.count:
            events = self.events()
            return str(events[-1]["timestamp"]) if events else None
        return last

    def _started(self, event: dict[str, Json]) -> dict[str, Json]:
        details = dict(event["executionStartedEventDetails"])
        if self.alias_arn is not None:
            details["stateMachineAliasArn"] = self.alias_arn
        details["stateMachineVersionArn"] = self.version_arn
        return details

    def restart(self, name: str, value: Json, when: float) -> None:
        """Make the ended execution RUNNING again, to run from state `name` on `value`."""
        self.redrive.begin(self.events(), name, value, when)
        self.result, self._history, self.failure = None, None, None
        self.status, self.stop_date, self.stop_request = "RUNNING", None, None
        self.stopped.clear()
        self.done.clear()

    def describe(self) -> dict[str, Json]:
        """DescribeExecution's response (AWS API reference): error and cause only when set."""
        out: dict[str, Json] = {
            "executionArn": self.arn,
            "stateMachineArn": self.machine.arn,
            "name": self.name,
            "status": self.status,
            **self.dates(),
        }
        out["input"] = self.input
        out["inputDetails"] = {"included": True}
        if self.map_run is not None:
            out["mapRunArn"] = self.map_run
        if self.status == "SUCCEEDED" and self.result is not None:
            out["output"] = json.dumps(self.result.output, ensure_ascii=False, separators=(",", ":"))
            out["outputDetails"] = {"included": True}
        # A timed-out execution's States.Timeout is only in its history (recorded against AWS).
        if self.status in ("FAILED", "ABORTED"):
            out.update({k: v for k, v in (("error", self.error), ("cause", self.cause)) if v is not None})
        out.update(self._qualifiers())
        out.update(self.redrive.described())
        reason = self.service.redrive_refusal(self)  # NOT_REDRIVABLE exactly when RedriveExecution refuses
        out["redriveStatus"] = "NOT_REDRIVABLE" if reason else "REDRIVABLE"
        if reason:
            out["redriveStatusReason"] = reason
        return out

    def list_item(self) -> dict[str, Json]:
        """ListExecutions' entry (AWS API reference, ExecutionListItem)."""
        item = {"executionArn": self.arn, "stateMachineArn": self.machine.arn, "name": self.name,
                "status": self.status, **self.dates()}  # fmt: skip
        if self.map_run is not None:
            item["mapRunArn"], item["itemCount"] = self.map_run, self.item_count or 1
        item.update(self._qualifiers())
        item.update(self.redrive.described())
        return item

    def _qualifiers(self) -> dict[str, str]:
        """`stateMachineVersionArn` and `stateMachineAliasArn`, when it ran one."""
        out = {}
        if self.version_arn is not None:
            out["stateMachineVersionArn"] = self.version_arn
        if self.alias_arn is not None:
            out["stateMachineAliasArn"] = self.alias_arn
        return out


def _stop_date(record: ExecutionRecord) -> float:
    """The time of the last event (the engine's clock), else now."""
    last = record.last_timestamp()
    return time.time() if last is None else datetime.fromisoformat(last).timestamp()
