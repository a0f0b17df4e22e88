"""The one way every typed integration builds its Task, and the generic `aws_sdk` call."""

from __future__ import annotations

from typing import Any

from flowdsl.dsl.errors import DslError
from flowdsl.dsl.task import Task
from flowdsl.model.integrations import Pattern, integration, resource_arn

Value = Any  # a JSON literal, an `S`/context path, or a JSONata `expr`


def pattern_of(
    name: str, *, sync: bool = False, callback: bool = False, sync_form: Pattern = ".sync"
) -> Pattern:
    """The Resource suffix for the options `sync=` (run a job) and `callback=` (task token)."""
    if sync and callback:
        raise DslError("task-target", f"task '{name}': sync=True and callback=True exclude each other")
    if sync:
        return sync_form
    return ".waitForTaskToken" if callback else ""


def call_task(
    name: str,
    service: str,
    action: str,
    pattern: Pattern,
    payload: dict[str, Value],
    *,
    options: dict[str, Any],
) -> Task:
    """A Task calling an optimized integration; the registry must support the pattern."""
    entry = integration(service, action)
    if entry is not None and pattern not in entry.patterns:
        raise DslError("task-target", f"task '{name}': '{service}:{action}' does not support '{pattern}'")
    return _task(name, resource_arn(service, action, pattern), payload, options)


def params(**values: Value) -> dict[str, Value]:
    """The given (non-None) values, in the order given; keys are the API's names."""
    return {key: value for key, value in values.items() if value is not None}


def _task(name: str, resource: str, payload: dict[str, Value], options: dict[str, Any]) -> Task:
    if "parameters" in options or "arguments" in options:
        raise DslError("task-target", f"task '{name}': give the call's parameters as keyword arguments")
    task = Task(name, resource=resource, parameters=payload or None, **options)
    task.payload_follows_language = True
    return task


def aws_sdk(
    name: str,
    service: str,
    action: str,
    *,
    callback: bool = False,
    parameters: dict[str, Value] | None = None,
    **options: Any,
) -> Task:
    """`arn:aws:states:::aws-sdk:<service>:<action>`: any API action of any AWS SDK service.

    `service` is named as in the ARN (`s3`, `sfn`, `eventbridge`), `action` camelCase
    (`listObjectsV2`), `parameters` with the API's PascalCase names:
    `aws_sdk("List", "s3", "listObjectsV2", parameters={"Bucket": "reports"})`.
    AWS SDK integrations support request-response and `.waitForTaskToken`, not `.sync`.
    """
    resource = resource_arn(service, action, pattern_of(name, callback=callback), sdk=True)
    return _task(name, resource, dict(parameters or {}), options)
