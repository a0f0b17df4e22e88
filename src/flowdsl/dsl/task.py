"""Task: runs work: a Lambda function (optionally wrapping its Python handler) or any Resource."""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from flowdsl.dsl.errors import DslError
from flowdsl.dsl.handling import Catch, Recoverable, Retry
from flowdsl.dsl.paths import Path
from flowdsl.dsl.values import UNSET, Unset
from flowdsl.model import QueryLanguage
from flowdsl.model.resources import LAMBDA_INVOKE
from flowdsl.source import Handler


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

    def __init__(
        self,
        name: str,
        *,
        resource: str | Mapping[str, Any] | None = None,
        function_name: str | None = None,
        handler: Handler | None = None,
        parameters: Any = None,
        arguments: Any = None,
        credentials: Mapping[str, Any] | None = None,
        timeout_seconds: int | str | Path | None = None,
        timeout_seconds_path: str | Path | None = None,
        heartbeat_seconds: int | str | Path | None = None,
        heartbeat_seconds_path: str | Path | None = None,
        input_path: str | Path | Unset | None = UNSET,
        output_path: str | Path | Unset | None = UNSET,
        result_selector: Any = None,
        result_path: str | Path | Unset | None = UNSET,
        retry: Sequence[Retry] = (),
        catch: Sequence[Catch] = (),
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
        comment: str | None = None,
        query_language: QueryLanguage | None = None,
    ) -> None:
        super().__init__(name, comment=comment, query_language=query_language)
        self.invokes = (
            isinstance(resource, str) and resource.removesuffix(".waitForTaskToken") == LAMBDA_INVOKE
        )
        """The Lambda integration: the function goes in the payload's `FunctionName`."""
        self.payload_follows_language = False
        """Set by the typed integrations: `parameters` is written `Arguments` in JSONata."""
        if self.invokes and handler is not None and function_name is None:
            function_name = _invoked_name(arguments if parameters is None else parameters, handler)
        # With lambda:invoke, resource= and function_name= go together.
        _check_target(name, None if self.invokes and function_name else resource, function_name, handler)
        self.function_name = function_name
        self.handler = handler
        put = self.fields.put
        put("Resource", resource)
        put("Credentials", credentials)
        put("TimeoutSeconds", timeout_seconds)
        put("TimeoutSecondsPath", timeout_seconds_path)
        put("HeartbeatSeconds", heartbeat_seconds)
        put("HeartbeatSecondsPath", heartbeat_seconds_path)
        put("InputPath", input_path, nullable=True)
        put("Parameters", parameters)
        put("Arguments", arguments)
        put("ResultSelector", result_selector)
        put("ResultPath", result_path, nullable=True)
        put("OutputPath", output_path, nullable=True)
        put("Assign", assign)
        put("Output", output, nullable=True)
        self._recovery(retry, catch)


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
