"""`execute()`: run a state machine locally and report what AWS Step Functions would have reported."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypedDict, cast

from flowdsl.diagnostics import FlowdslError, did_you_mean, error
from flowdsl.engine.clock import Lane, VirtualClock, iso
from flowdsl.engine.errors import TOO_DEEP, ExecutionAbortError, StateError, engine_error
from flowdsl.engine.history import History
from flowdsl.engine.lambda_ import PAYLOAD_LIMIT, encode, private
from flowdsl.engine.mocks import MockSpec
from flowdsl.engine.plan import plan
from flowdsl.engine.runtime import Run, Scope
from flowdsl.model import StateMachine, parse_machine
from flowdsl.source import Handler

Json = Any
DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_MACHINE_NAME = "flowdsl-local"


@dataclass
class Execution:
    """The outcome of one run.

    - `status`: "SUCCEEDED", "FAILED" or "TIMED_OUT" ("ABORTED" when a task hook stopped it);
    - `output`: the execution output (None unless SUCCEEDED);
    - `error`, `cause`: the ASL error name and cause of a failed or timed-out run;
    - `history`: GetExecutionHistory-shaped events (built on first access); `history_document`
      is the whole response, `{"events": [...]}`, as `--history FILE` writes it;
    - `visited`: state name -> "succeeded" | "failed" | "caught", for diagram colouring
      (`flowdsl.render.mermaid(machine, highlight=execution.visited)`);
    - `context`: the `Execution`/`StateMachine` part of the context object this run used;
    - `machine`: the definition that ran, for `report()`.
    """

    status: str
    output: Json
    error: str | None
    cause: str | None
    visited: dict[str, str]
    context: dict[str, Json]
    _events: History = field(repr=False)
    _history: list[dict[str, Json]] | None = field(default=None, repr=False)
    machine: StateMachine | None = field(default=None, repr=False)

    @property
    def history(self) -> list[dict[str, Json]]:
        """The `events` of the GetExecutionHistory response, oldest first."""
        if self._history is None:
            self._history = self._events.events()
        return self._history

    @property
    def last_timestamp(self) -> str | None:
        """The `timestamp` of the history's last event (when the execution ended, once it has),
        read without building the history."""
        return self._events.last_timestamp()

    @property
    def history_document(self) -> dict[str, Json]:
        """The history in GetExecutionHistory's response shape, `{"events": [...]}`: what
        `flowdsl run --history FILE` writes, so a saved history reads the same either way."""
        return {"events": self.history}

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    def report(self, path: str | os.PathLike[str] | None = None, *, title: str | None = None) -> str:
        """The run report: one standalone, offline HTML page (see docs/diagrams.md), returned and,
        with `path`, written there. Raises FlowdslError when the file cannot be written."""
        from flowdsl.render.report import write_report  # noqa: PLC0415 - templates load only when asked

        if self.machine is None:
            raise engine_error("report-without-machine", "this Execution does not know its machine")
        return write_report(self.machine, self, path, title=title or self.context["StateMachine"]["Name"])


class _NoInput:
    """The type of `NO_INPUT`."""

    def __repr__(self) -> str:
        return "NO_INPUT"


NO_INPUT: Any = _NoInput()
"""The default `input`: no input given, which StartExecution takes as `{}`. Pass `None` for
JSON `null` (until 0.2.0, `None` also meant `{}`; CHANGELOG.md)."""


class EngineOptions(TypedDict, total=False):
    """The keyword options of `execute` past handlers and mocks, which `flowdsl.run` passes on.

    Spelled once here so that `flowdsl.run(..., clok=...)` is refused by mypy and at run time
    (`checked_options`); a test keeps the keys equal to `execute`'s parameters.
    """

    clock: VirtualClock | None
    context: Mapping[str, Json] | None
    name: str | None
    seed: int | None
    task_hook: Any
    map_hook: Any
    result_checks: Mapping[str, Callable[[Json], None]] | None


def checked_options(given: Mapping[str, object]) -> EngineOptions:
    """`given` as engine options; FlowdslError `run-option-unknown` names any other keyword."""
    known = sorted(EngineOptions.__optional_keys__)
    unknown = [
        error("run-option-unknown", f"unknown engine option '{key}'{did_you_mean(key, known)}")
        for key in given
        if key not in EngineOptions.__optional_keys__
    ]
    if unknown:
        raise FlowdslError(unknown)
    return cast(EngineOptions, dict(given))


def execute(
    machine: StateMachine | Mapping[str, Json],
    input: Json = NO_INPUT,
    *,
    handlers: Mapping[str, Handler] | None = None,
    mocks: Mapping[str, MockSpec] | None = None,
    clock: VirtualClock | None = None,
    context: Mapping[str, Json] | None = None,
    name: str | None = None,
    seed: int | None = None,
    task_hook: Any = None,
    map_hook: Any = None,
    result_checks: Mapping[str, Callable[[Json], None]] | None = None,
) -> Execution:
    """Run `machine` on `input` and return its `Execution`.

    - `input`: any JSON value, `None` being JSON `null`; not given, `{}` (as StartExecution).

    - `handlers`: Lambda function name (or the exact Task `Resource`) -> `handler(event, context)`;
      `Source.handlers` fits as is.
    - `mocks`: state name -> `flowdsl.engine.mocks` spec; a mocked state never calls its handler.
    - `clock`: `VirtualClock(start)` (default: starts now, waits take no real time) or `RealClock()`.
    - `context`: overrides merged into the context object's `Execution` and `StateMachine`
      (e.g. `{"Execution": {"Id": ...}}`) so recorded outputs can be reproduced.
    - `name`: the execution name (default: a UUID); `seed` drives jitter and the ids (execution
      name, Lambda request ids, task tokens). Without `seed` jitter is seeded with 0 (repeatable)
      and ids are unique to this execution, so concurrent runs never share a name or request id;
      with `seed` every id repeats run to run.
    - `task_hook`: asked first for every unmocked Task (`Run.task_hook`); `flowdsl.service` uses
      it for callbacks, activities and real integrations, and stops a run by raising
      `ExecutionAbortError("ABORTED", ...)` from it; `map_hook` runs a Map that has an
      ItemReader (`Run.map_hook`), which the engine alone refuses.
    - `result_checks`: state name -> `check(result)`, called with a Map's or Parallel's result
      before ResultSelector; a StateError it raises fails the state (`--check-types`).

    A definition error the run meets (a Task with no handler or mock) raises `FlowdslError`;
    everything Step Functions would report as a failed execution is an `Execution` instead.
    """
    if not isinstance(machine, StateMachine):
        machine = parse_machine(machine)
    body = plan(machine)
    payload, size = _checked_input({} if input is NO_INPUT else input)
    clock = clock or VirtualClock()
    run = Run(clock, handlers or {}, mocks or {}, machine.timeout_seconds, seed or 0, seeded=seed is not None)
    run.task_hook, run.map_hook = task_hook, map_hook
    run.result_checks = result_checks or {}
    run_context = _context(run, payload, clock, name, context)
    run.execution, run.machine = run_context["Execution"], run_context["StateMachine"]
    run.region = _region(run.machine["Id"])
    lane = Lane(clock.start)
    history = run.history
    started = {"input": payload, "roleArn": run.execution["RoleArn"]}
    history.add(lane, "ExecutionStarted", "executionStartedEventDetails", started)
    # AWS records the first state's entry with previousEventId 0, not 1.
    lane.last_event = 0
    scope = Scope(run, lane, {}, size)
    try:
        output = body.run(payload, scope)
        if scope.weight > sys.getrecursionlimit():  # inlined: the usual output costs nothing
            _check_depth(output)
    except StateError as failure:
        execution = _finish(run, lane, run_context, None, failure)
    except ExecutionAbortError as stop:
        execution = _finish(run, lane, run_context, None, stop)
    else:
        execution = _finish(run, lane, run_context, output, None)
    execution.machine = machine
    return execution


# StopExecution ends a run with ExecutionAborted (AWS API reference, HistoryEvent).
_FINAL_EVENT = {"TIMED_OUT": "ExecutionTimedOut", "ABORTED": "ExecutionAborted"}


def _check_depth(output: Json) -> None:
    """Fail the execution when its output is nested too deeply to serialise (errors.TOO_DEEP).

    Nesting `d` levels takes at least `2 d` bytes and the lane's weight bounds the output's
    size, so an output weighing less than the recursion limit nests at most half as deep as
    Python can go, and needs no check.
    """
    try:
        encode(output)
    except RecursionError:
        raise StateError("States.Runtime", TOO_DEEP) from None
    except ValueError:
        pass  # not a depth problem: a NaN a Python mock returned (Return values are not checked)


def _finish(
    run: Run,
    lane: Lane,
    context: dict[str, Json],
    output: Json,
    failure: StateError | ExecutionAbortError | None,
) -> Execution:
    if failure is None:
        run.history.add(lane, "ExecutionSucceeded", "executionSucceededEventDetails", {"output": output})
        return Execution("SUCCEEDED", output, None, None, run.visited, context, run.history)
    status = failure.status if isinstance(failure, ExecutionAbortError) else "FAILED"
    kind = _FINAL_EVENT.get(status, "ExecutionFailed")
    details = {"error": failure.error, "cause": failure.cause}
    if status == "ABORTED":  # StopExecution without error/cause writes `{}` (measured on AWS)
        details = {key: value for key, value in details.items() if value is not None}
    run.history.add(lane, kind, f"{kind[0].lower()}{kind[1:]}EventDetails", details)
    return Execution(status, None, failure.error, failure.cause, run.visited, context, run.history)


def _checked_input(value: Json) -> tuple[Json, int]:
    """A private copy of the input and its size; refuses what AWS's StartExecution would refuse."""
    try:
        # NaN and infinities (also what `1e400` decodes to) are not JSON (RFC 8259 section 6).
        text = encode(value)
        size = len(text.encode())
    except (TypeError, ValueError, RecursionError) as exc:
        # UnicodeEncodeError (a lone surrogate, which UTF-8 cannot carry) is a ValueError.
        raise engine_error("input-not-json", f"execution input is not JSON: {_reason(exc)}") from None
    if size > PAYLOAD_LIMIT:
        raise engine_error(
            "input-too-large", f"execution input is over Step Functions' {PAYLOAD_LIMIT} byte limit"
        )
    return private(value, text), size if size > 1 else 2  # a weight is at least 2 (weight.py)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    if isinstance(exc, UnicodeEncodeError):
        return "it holds a lone surrogate, which is not Unicode text"
    if isinstance(exc, ValueError) and "Out of range float" in str(exc):
        return "it holds NaN or an infinite number (a number too large for a double, such as 1e400)"
    return str(exc)


def _context(
    run: Run, payload: Json, clock: VirtualClock, name: str | None, overrides: Mapping[str, Json] | None
) -> dict[str, Json]:
    """The fixed part of the context object: `$$.Execution` and `$$.StateMachine`.

    Keys come in AWS's order (visible through `States.JsonToString($$.Execution)`), as
    LocalStack's AWS-validated snapshot `context_object/test_context_object` records them;
    the dicts are built in that order (this runs once per execution, so no reordering pass).
    """
    extra = overrides or _NO_OVERRIDES
    given_machine, given = extra.get("StateMachine", _NO_OVERRIDES), extra.get("Execution", _NO_OVERRIDES)
    machine_name = given_machine.get("Name", DEFAULT_MACHINE_NAME)
    machine_id = given_machine["Id"] if "Id" in given_machine else _machine_arn(machine_name)
    machine = {"Id": machine_id, "Name": machine_name, **given_machine}
    prefix, role = _arns(machine_id)
    # An execution named by the overrides draws no id for a name it does not use.
    execution_name = given["Name"] if "Name" in given else name or run.new_id()
    execution = {
        "Id": f"{prefix}:execution:{machine_name}:{execution_name}",
        "Input": payload,
        "StartTime": iso(clock.start),
        "Name": execution_name,
        "RoleArn": role,
        "RedriveCount": 0,
        **given,
    }
    return {"Execution": execution, "StateMachine": machine}


_NO_OVERRIDES: Mapping[str, Json] = {}
"""Read only (a plain dict: merging a MappingProxyType into a dict costs three times more)."""


@lru_cache(maxsize=256)
def _machine_arn(machine_name: str) -> str:
    return f"arn:aws:states:{DEFAULT_REGION}:{DEFAULT_ACCOUNT}:stateMachine:{machine_name}"


@lru_cache(maxsize=256)
def _region(machine_id: str) -> str:
    return machine_id.split(":")[3] or DEFAULT_REGION


@lru_cache(maxsize=256)
def _arns(machine_id: str) -> tuple[str, str]:
    """What a state machine's ARN gives every execution of it: the ARN prefix and the role ARN
    (remembered: most runs are of a handful of machines)."""
    prefix = machine_id.rsplit(":stateMachine:", 1)[0]
    account = prefix.split(":")[4] if prefix.count(":") >= 4 else DEFAULT_ACCOUNT
    return prefix, f"arn:aws:iam::{account}:role/{DEFAULT_MACHINE_NAME}"
