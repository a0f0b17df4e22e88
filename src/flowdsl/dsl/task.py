"""Task: runs work: a Lambda function (optionally wrapping its Python handler) or any Resource."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Unpack

from flowdsl.dsl.errors import DslError
from flowdsl.dsl.handling import Recoverable, Recovery
from flowdsl.dsl.options import Common, Filters, Payload, Results, Variables, takes
from flowdsl.dsl.paths import Path
from flowdsl.model.resources import LAMBDA_INVOKE
from flowdsl.source import Handler

if TYPE_CHECKING:
    from flowdsl.dsl.workflow import Workflow


class TaskOptions(Common, Filters, Variables, Payload, Results, Recovery, total=False):
    """Options of `Task`: its target, credentials and timeouts, besides the shared groups."""

    resource: str | Mapping[str, Any] | None
    credentials: Mapping[str, Any] | None
    timeout_seconds: int | str | Path | None
    timeout_seconds_path: str | Path | None
    heartbeat_seconds: int | str | Path | None
    heartbeat_seconds_path: str | Path | None


class Task(Recoverable):
    """A Task state.

    Give either `resource` (any ARN or integration, written as is) or `function_name` (a
    Lambda function, written per the compiler's resource scheme: `${OpenCaseFunctionArn}`
    by default). `handler` is the function's Python handler, used by the local runner and
    packaged by deploy: `Task("Open Case", handler=open_case.handler,
    function_name="OpenCaseFunction")`.

    With the Lambda integration (`resource="arn:aws:states:::lambda:invoke"`, AWS's
    recommended form) a `handler` may be given too: the function is `function_name`, else the
    payload's literal `FunctionName`, else named after the handler (`open_case` ->
    `OpenCaseFunction`), and the compiler writes it as the payload's `FunctionName`.
    """

    TYPE = "Task"

    @takes(TaskOptions)
    def __init__(
        self,
        name: str,
        *,
        function_name: str | None = None,
        handler: Handler | None = None,
        input_model: Any = None,
        output_model: Any = None,
        **options: Unpack[TaskOptions],
    ) -> None:
        super().__init__(name, options)
        resource = options.get("resource")
        self.invokes = (
            isinstance(resource, str) and resource.removesuffix(".waitForTaskToken") == LAMBDA_INVOKE
        )
        """The Lambda integration: the function goes in the payload's `FunctionName`."""
        self.payload_follows_language = False
        """Set by the typed integrations: `parameters` is written `Arguments` in JSONata."""
        if self.invokes and handler is not None and function_name is None:
            payload = options.get("parameters")
            function_name = _invoked_name(options.get("arguments") if payload is None else payload, handler)
        # With lambda:invoke, resource= and function_name= go together.
        _check_target(name, None if self.invokes and function_name else resource, function_name, handler)
        self.function_name = function_name
        self.handler = handler
        # What the task is given and returns (docs/types.md); default: the handler's annotations.
        self.input_model, self.output_model = input_model, output_model
        self.starts: Workflow | None = None
        """Set by `start_execution` given a Workflow: the nested workflow this task starts."""


def _invoked_name(payload: Any, handler: Handler) -> str:
    written = payload.get("FunctionName") if isinstance(payload, Mapping) else None
    if isinstance(written, str) and not isinstance(written, Path) and not written.startswith("{%"):
        return written
    words = str(getattr(handler, "__name__", "handler")).split("_")
    return "".join(word[:1].upper() + word[1:] for word in words) + "Function"


def _check_target(name: str, resource: object, function_name: str | None, handler: Handler | None) -> None:
    if (resource is None) == (function_name is None):
        raise DslError(
            "task-target",
            f"task '{name}' needs exactly one of resource=... or function_name=...",
        )
    if handler is not None and function_name is None:
        raise DslError("task-target", f"task '{name}' wraps a handler, so it needs function_name=...")
    if handler is not None and (not callable(handler) or isinstance(handler, Path)):
        raise DslError("task-target", f"task '{name}': handler must be callable (event, context)")
    if handler is not None and not _takes_event_and_context(handler):
        raise DslError(
            "task-target",
            f"task '{name}': handler '{getattr(handler, '__name__', handler)}' cannot be called "
            "as handler(event, context), the way Lambda calls it",
        )


def _takes_event_and_context(handler: Handler) -> bool:
    try:
        inspect.signature(handler).bind(None, None)
    except TypeError:
        return False
    except ValueError:  # no signature to inspect (some builtins): let the call decide
        return True
    return True
