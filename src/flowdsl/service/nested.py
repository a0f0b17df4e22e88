"""Nested workflows: `states:startExecution` runs the child on our own engine when it is served
(by `flowdsl serve`, or by `flowdsl.run` for the nested workflows a Workflow starts: `local.py`).

AWS Developer Guide, "Start a new AWS Step Functions state machine from a running execution":
the request-response form returns `ExecutionArn` and `StartDate` at once; `.sync` waits and
returns DescribeExecution's fields with `Output` as a JSON string; `.sync:2` returns `Output`
(and `Input`) as JSON. A child that does not succeed fails the task with `States.TaskFailed`
and DescribeExecution's fields as the cause.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

from flowdsl.engine.errors import StateError
from flowdsl.engine.runtime import Scope
from flowdsl.engine.task import UNHANDLED, TaskStep
from flowdsl.engine.weight import weight_of
from flowdsl.service.errors import SfnError
from flowdsl.service.versions import split_arn

if TYPE_CHECKING:
    from flowdsl.service.core import Service
    from flowdsl.service.executions import ExecutionRecord

Json = Any
START = "arn:aws:states:::states:startExecution"


class NestedOnly:
    """The task hook of a local run (`flowdsl.run`) of a workflow with nested workflows: a
    `startExecution` of a served child runs it here, with the task's events; every other task
    is left to the engine's handlers and mocks, as `flowdsl.run` always does."""

    def __init__(self, record: ExecutionRecord) -> None:
        self.record = record

    def __call__(self, step: TaskStep, effective: Json, scope: Scope, limits: Any, context: Json) -> Json:
        service = self.record.service
        if not serves(service, step.resource, effective):
            return UNHANDLED
        result = step.recorded(
            scope, effective, lambda: start(service, step.resource, effective, self.record, scope)
        )
        scope.result_weight = weight_of(result)
        return result


def serves(service: Service, resource: str, parameters: Json) -> bool:
    """Whether a Task's call is a nested start (request-response, `.sync`, `.sync:2`) of a
    state machine `service` holds: its ARN, or a version or alias ARN of it."""
    arn = parameters.get("StateMachineArn") if isinstance(parameters, dict) else None
    if _pattern(resource) is None or not isinstance(arn, str):
        return False
    return split_arn(arn.split("#")[0])[0] in service.machines


def start(service: Service, resource: str, parameters: Json, parent: ExecutionRecord, scope: Scope) -> Json:
    """The task result of a nested start, or UNHANDLED when the child is not a served machine."""
    pattern = _pattern(resource)
    if pattern is None or not serves(service, resource, parameters):
        return UNHANDLED
    child = _child(service, parameters["StateMachineArn"], parameters, parent)
    child.start = round(scope.lane.now, 3)  # the parent's time, virtual or real
    if pattern == "":
        started = {"ExecutionArn": child.arn, "StartDate": _millis(child.start)}
        if service.local:  # a local run ends with its children's, so tests see what they did
            child.run()
        else:
            threading.Thread(target=child.run, name=f"flowdsl {child.name}", daemon=True).start()
        return started
    parent.children.append(child)
    child.run()
    scope.lane.now = max(scope.lane.now, child.stop_date or child.start)  # the task waited for it
    described = _described(child, as_json=pattern == ".sync:2")
    if child.status != "SUCCEEDED":
        raise StateError(
            "States.TaskFailed", json.dumps(described, ensure_ascii=False, separators=(",", ":"))
        )
    return described


def _pattern(resource: str) -> str | None:
    if resource == START:
        return ""
    if resource.startswith(START) and resource[len(START) :] in (".sync", ".sync:2"):
        return resource[len(START) :]
    return None


def _child(
    service: Service, arn: str, parameters: dict[str, Json], parent: ExecutionRecord
) -> ExecutionRecord:
    payload = parameters.get("Input", {})
    # Step Functions passes a JSON Input on as compact text (what DescribeExecution shows).
    text = (
        payload
        if isinstance(payload, str)
        else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    )
    request: dict[str, Any] = {"stateMachineArn": arn, "input": text}
    if parameters.get("Name"):
        request["name"] = parameters["Name"]
    try:
        return service.start_child(request, parent)
    except SfnError as exc:  # the service's error, named as the integration names it
        raise StateError(f"StepFunctions.{exc.name}Exception", exc.message) from None


def _described(child: ExecutionRecord, *, as_json: bool) -> dict[str, Json]:
    """DescribeExecution's fields as the integration returns them (PascalCase, epoch-millisecond dates)."""
    d = child.describe()
    out: dict[str, Json] = {
        "ExecutionArn": d["executionArn"],
        "Input": json.loads(d["input"]) if as_json else d["input"],
        "InputDetails": {"Included": True},
        "Name": d["name"],
    }
    if "output" in d:
        out["Output"] = json.loads(d["output"]) if as_json else d["output"]
        out["OutputDetails"] = {"Included": True}
    out["RedriveCount"] = 0
    out["RedriveStatus"] = "NOT_REDRIVABLE"
    out["StartDate"] = _millis(child.start)
    out["StateMachineArn"] = d["stateMachineArn"]
    out["Status"] = d["status"]
    out["StopDate"] = _millis(child.stop_date or child.start)
    for key in ("error", "cause"):
        if key in d:
            out[key.capitalize()] = d[key]
    return out


def _millis(epoch: float) -> int:
    return round(epoch * 1000)
