"""TestState: one state run on its own, reporting its output and the state it would go to next.

AWS API reference, TestState: `status` is SUCCEEDED, FAILED or CAUGHT_ERROR, `nextState` the
transition taken. The state runs in a one-state machine whose transitions lead to Succeed
stubs, so the engine's own data flow, Choice rules and Catchers decide both.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from flowdsl.engine.mocks import Return, Throw
from flowdsl.model import parse_machine
from flowdsl.service.errors import fail
from flowdsl.service.executions import ExecutionRecord
from flowdsl.service.machines import MachineVersion

if TYPE_CHECKING:
    from flowdsl.service.core import Service

Json = Any
_TESTED = "TestState"


def test_state(service: Service, params: dict[str, Any]) -> dict[str, Json]:
    state = _state(params)
    stubs = {target: {"Type": "Succeed"} for target in _targets(state) if target != _TESTED}
    if state.get("Type") not in ("Choice", "Succeed", "Fail") and "Next" not in state:
        state = {**state, "End": True}
    document = {"StartAt": _TESTED, "States": {_TESTED: state, **stubs}}
    try:
        model = parse_machine(document)
    except Exception as exc:
        raise fail("InvalidDefinition", f"Invalid State Machine Definition: '{exc}'") from None
    version = MachineVersion("arn:aws:states:::stateMachine:TestState", _TESTED, "STANDARD",
                             json.dumps(document), model, params.get("roleArn", ""), 0.0)  # fmt: skip
    record = ExecutionRecord(service, "arn:aws:states:::execution:TestState:test", "test", version,
                             params.get("input") or "{}")  # fmt: skip
    record.mocks = _mock(params.get("mock"))
    record.item_data = _item_data(params)
    record.run()
    return _report(record, set(stubs))


def _state(params: dict[str, Any]) -> dict[str, Json]:
    try:
        definition = json.loads(params.get("definition") or "")
    except ValueError:
        raise fail("InvalidDefinition", "Invalid State Machine Definition: 'the state is not JSON'") from None
    if isinstance(definition, dict) and "States" in definition:
        name = params.get("stateName") or definition.get("StartAt")
        definition = definition["States"].get(name)
    if not isinstance(definition, dict):
        raise fail("InvalidDefinition", "Invalid State Machine Definition: 'the state is not an object'")
    return definition


def _item_data(params: dict[str, Any]) -> str | None:
    """`stateConfiguration.mapItemReaderData`: text, as the API model declares it."""
    configuration = params.get("stateConfiguration") or {}
    data = configuration.get("mapItemReaderData") if isinstance(configuration, dict) else None
    if data is not None and not isinstance(data, str):
        raise fail("ValidationException", "Value at 'stateConfiguration.mapItemReaderData' must be a string")
    return data


def _targets(state: dict[str, Json]) -> list[str]:
    found = [state.get("Next"), state.get("Default")]
    found += [c.get("Next") for c in state.get("Choices", []) if isinstance(c, dict)]
    found += [c.get("Next") for c in state.get("Catch", []) if isinstance(c, dict)]
    return [t for t in found if isinstance(t, str)]


def _mock(mock: Any) -> dict[str, Any]:
    if not isinstance(mock, dict):
        return {}
    if "result" in mock:
        return {_TESTED: Return(json.loads(mock["result"]))}
    error = mock.get("errorOutput") or {}
    return {_TESTED: Throw(error.get("error", "States.TaskFailed"), error.get("cause"))}


def _report(record: ExecutionRecord, stubs: set[str]) -> dict[str, Json]:
    entered = [
        e["stateEnteredEventDetails"]["name"] for e in record.events() if "stateEnteredEventDetails" in e
    ]
    following = next((name for name in entered if name in stubs), None)
    caught = any(e["type"] == "TaskFailed" or e["type"].endswith("Failed") for e in record.events())
    out: dict[str, Json] = {}
    if record.status == "SUCCEEDED" and record.result is not None:
        out["output"] = json.dumps(record.result.output, ensure_ascii=False, separators=(",", ":"))
        out["status"] = "CAUGHT_ERROR" if caught and following else "SUCCEEDED"
    else:
        out.update({"error": record.error or "", "cause": record.cause or "", "status": "FAILED"})
    if following is not None:
        out["nextState"] = following
    return out
