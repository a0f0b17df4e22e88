"""The call-center as straight-line Python: a floor under what any engine written in CPython can run it at.

Issue 15 asks for the call-center through `flowdsl.run` at 1.5x aws-local-stepfunctions while
keeping what each Lambda call guarantees: the handler gets a private copy of its event, its
result is copied back and written as JSON (what Lambda marshals, and refuses when it is not
JSON; its size against the 256 KiB quota), and a handler that never returns is stopped at its
deadline (issue 11). These two functions do only that, in a fixed order, with no engine at all:
no definition is read, no data-flow field, retry or catcher looked at, no context object built;
the history is tuples appended to a list. Whatever rate they reach, an interpreter of the
definition reaches less.

- `bare`: each call as a hand-written minimum: copy in, the timer armed and disarmed around
  the handler, copy out and JSON text.
- `invoke`: each call through flowdsl's own `lambda_.invoke` and `LambdaContext` (what the
  engine's Task calls), so the gap between the two is that code's own overhead.
"""

from __future__ import annotations

import importlib
import signal
import time
from collections.abc import Callable, Mapping
from typing import Any

from flowdsl.engine import lambda_
from flowdsl.engine.plain import plain_copy
from flowdsl.engine.runtime import _random_uuid

Handler = Callable[[Any, Any], Any]
Call = Callable[[str, Handler, Any], Any]
_signal: Any = importlib.import_module("_signal")  # `signal.signal` without its enum conversions
SIGALRM = getattr(signal, "SIGALRM", 14)
TIMER = getattr(signal, "ITIMER_REAL", 0)
PATH = ("OpenCaseFunction", "AssignCaseFunction", "WorkOnCaseFunction")


class _Context:
    __slots__ = ("aws_request_id", "function_name")

    def __init__(self, function_name: str, request_id: str) -> None:
        self.function_name = function_name
        self.aws_request_id = request_id


def _expired(signum: int, frame: object) -> None:
    raise TimeoutError


def _bare(name: str, handler: Handler, value: Any) -> Any:
    event = plain_copy(value)
    context = _Context(name, _random_uuid())
    _signal.signal(SIGALRM, _expired)
    signal.setitimer(TIMER, 60.0, 0.05)
    try:
        result = handler(event, context)
    finally:
        signal.setitimer(TIMER, 0)
        _signal.signal(SIGALRM, _signal.SIG_DFL)
    copy = plain_copy(result)
    len(lambda_.encode(copy))
    return copy


def _invoke(name: str, handler: Handler, value: Any) -> Any:
    context = lambda_.LambdaContext(name, "us-east-1", "123456789012", _random_uuid(), 60_000)
    return lambda_.invoke(handler, value, context, name)[0]


def runner(handlers: Mapping[str, Handler], payload: Any, call: Call) -> Callable[[], Any]:
    """One straight-line call-center execution (the resolved path), each Lambda call by `call`."""
    sequence = [(name, handlers[name]) for name in PATH]
    close, escalate = handlers["CloseCaseFunction"], handlers["EscalateCaseFunction"]

    def once() -> Any:
        history: list[tuple[Any, ...]] = [("ExecutionStarted", _random_uuid(), time.time(), payload)]
        value = plain_copy(payload)
        for name, handler in sequence:
            value = _task(history, call, name, handler, value)
        history.append(("ChoiceStateEntered", "Is Case Resolved", value))
        status = value.get("Status")
        resolved = type(status) is int and status == 1
        history.append(("ChoiceStateExited", "Is Case Resolved", value))
        last = ("CloseCaseFunction", close) if resolved else ("EscalateCaseFunction", escalate)
        value = _task(history, call, *last, value)
        history.append(("ExecutionSucceeded", value))
        return value

    return once


def _task(history: list[tuple[Any, ...]], call: Call, name: str, handler: Handler, value: Any) -> Any:
    """One Lambda Task: its five events around the call."""
    history.append(("TaskStateEntered", name, value))
    history.append(("LambdaFunctionScheduled", name))
    history.append(("LambdaFunctionStarted", name))
    value = call(name, handler, value)
    history.append(("LambdaFunctionSucceeded", name, value))
    history.append(("TaskStateExited", name, value))
    return value


FLOORS: dict[str, Call] = {"bare": _bare, "invoke": _invoke}
