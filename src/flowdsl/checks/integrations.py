"""Task integration rules: the service, action and pattern exist; the payload fits the API.

Read from the integration registry (flowdsl.model.integrations): AWS's optimized integrations
with their patterns, and every AWS SDK operation's input shape from botocore's models. Dynamic
values (`.$` paths, JSONata) are unknown and accepted, so a valid definition gets no error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from flowdsl.checks.catalogue import report
from flowdsl.checks.context import Context, StateRef
from flowdsl.checks.parameters import check_payload
from flowdsl.diagnostics import Diagnostic, did_you_mean
from flowdsl.model import TaskState
from flowdsl.model.integrations import (
    OPTIMIZED_SERVICES,
    PARTIAL_SERVICES,
    PATTERN_NAMES,
    REGISTRY,
    Call,
    integration,
    parse_call,
)
from flowdsl.model.integrations.entries import Integration
from flowdsl.model.integrations.shapes import Shape, input_shape, sdk_service, service_names

_TOKEN_MARKS = ("$$.Task.Token", "$states.context.Task.Token")
_TIMEOUT_FIELDS = ("timeout_seconds", "timeout_seconds_path", "heartbeat_seconds", "heartbeat_seconds_path")


def integration_calls(ctx: Context) -> Iterator[Diagnostic]:
    """Every Task calling an integration: known call, supported pattern, fitting payload."""
    for ref in ctx.states:
        state = ref.state
        if isinstance(state, TaskState):
            call = parse_call(state.resource)
            if call is not None:
                yield from _task(ref, state, call)


def _task(ref: StateRef, state: TaskState, call: Call) -> Iterator[Diagnostic]:
    resource = f"{ref.pointer}/Resource"
    found = _sdk(call, resource) if call.sdk else _optimized(call, resource)
    if isinstance(found, Diagnostic):
        yield found
        return
    payload = state.arguments if state.arguments is not None else state.parameters
    # No payload template: the state's input is the call's parameters, known at run time.
    if found is not None and payload is not None:
        shape, missing_code = found
        field = "Arguments" if state.arguments is not None else "Parameters"
        what = f"'{call.key}'"
        yield from check_payload(
            {} if payload is None else payload, shape, f"{ref.pointer}/{field}", what, missing_code
        )
    yield from _waiting(ref, state, call)


def _sdk(call: Call, resource: str) -> Diagnostic | tuple[Shape, str] | None:
    service = sdk_service(call.service)
    if service is None:
        hint = did_you_mean(call.service, service_names())
        return report(
            "unknown-integration", f"'aws-sdk:{call.service}' is no AWS SDK service{hint}", resource
        )
    operation = service.operation(call.action)
    if operation is None:
        hint = did_you_mean(call.action, list(service.operations))
        message = f"AWS SDK service '{call.service}' has no action '{call.action}'{hint}"
        return report("unknown-integration", message, resource)
    if call.pattern in (".sync", ".sync:2"):
        message = (
            f"'{call.key}' does not support '{call.pattern}': AWS SDK integrations support "
            "request-response and .waitForTaskToken only"
        )
        return report("unsupported-pattern", message, resource)
    return input_shape(call.service, operation), "missing-sdk-parameter"


def _optimized(call: Call, resource: str) -> Diagnostic | tuple[Shape, str] | None:
    entry = integration(call.service, call.action)
    if entry is None:
        return _unknown_optimized(call, resource)
    if call.pattern not in entry.patterns:
        supported = ", ".join(PATTERN_NAMES[p] for p in entry.patterns)
        message = f"'{call.key}' does not support '{call.pattern}' (it supports {supported})"
        return report("unsupported-pattern", message, resource)
    return _shape(entry), "missing-sdk-parameter" if entry.loose else "missing-parameter"


def _unknown_optimized(call: Call, resource: str) -> Diagnostic | None:
    if call.service in PARTIAL_SERVICES:
        return None  # an optimized action the registry does not model: no false alarm
    if call.service in OPTIMIZED_SERVICES:
        actions = [e.action for e in REGISTRY.values() if e.service == call.service]
        hint = did_you_mean(call.action, actions)
        message = f"the optimized '{call.service}' integration has no action '{call.action}'{hint}"
        return report("unknown-integration", message, resource)
    hint = did_you_mean(call.service, sorted(OPTIMIZED_SERVICES))
    sdk = f"; other services are called as 'arn:aws:states:::aws-sdk:{call.service}:{call.action}'"
    return report("unknown-integration", f"'{call.service}' is no optimized integration{hint}{sdk}", resource)


def _shape(entry: Integration) -> Shape:
    if entry.parameters is not None:
        shape = entry.parameters
    elif entry.operation is not None:
        shape = input_shape(*entry.operation)
    else:
        return Shape("structure")
    members = {
        name: Shape("structure") if name[:1].upper() + name[1:] in entry.json_fields else member
        for name, member in (shape.members or {}).items()
    }
    required = tuple(name for name in shape.required if name[:1].upper() + name[1:] not in entry.filled)
    return Shape("structure", members, required)


def _waiting(ref: StateRef, state: TaskState, call: Call) -> Iterator[Diagnostic]:
    if call.callback:
        payload = state.arguments if state.arguments is not None else state.parameters
        text = json.dumps(payload)
        if not any(mark in text for mark in _TOKEN_MARKS):
            token = "$states.context.Task.Token" if ref.jsonata else "$$.Task.Token"
            message = (
                f"state '{ref.name}' waits for a callback but its payload never passes the task token "
                f"('{token}'), so nothing can call SendTaskSuccess: the Task waits until it times out"
            )
            yield report("missing-task-token", message, f"{ref.pointer}/Resource")
    if call.waits and not any(vars(state).get(name) is not None for name in _TIMEOUT_FIELDS):
        message = (
            f"state '{ref.name}' waits ({call.pattern}) with no 'TimeoutSeconds' or 'HeartbeatSeconds': "
            "a lost job or callback waits until the execution ends, up to a year (AWS advises setting one)"
        )
        yield report("task-without-timeout", message, ref.pointer)


RULES = (integration_calls,)
