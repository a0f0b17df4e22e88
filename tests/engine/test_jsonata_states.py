"""JSONata inside states: the clock expressions read, and how their failures are reported."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.engine.mocks import Return
from tests.engine.helpers import START, run, single


def jsonata_machine(states: dict[str, Any], start: str) -> dict[str, Any]:
    return {"QueryLanguage": "JSONata", "StartAt": start, "States": states}


def test_now_and_millis_read_the_virtual_clock_the_history_shows() -> None:
    after_wait = START.timestamp() + 90
    machine = jsonata_machine(
        {
            "Pause": {"Type": "Wait", "Seconds": 90, "Next": "Check"},
            "Check": {
                "Type": "Choice",
                "Choices": [{"Condition": f"{{% $millis() = {after_wait * 1000:.0f} %}}", "Next": "Stamp"}],
                "Default": "Wrong",
            },
            "Wrong": {"Type": "Fail", "Error": "ClockNotVirtual"},
            "Stamp": {"Type": "Pass", "Output": "{% {'now': $now(), 'millis': $millis()} %}", "End": True},
        },
        "Pause",
    )
    execution = run(machine)
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == {"now": "2024-01-01T00:01:30.000Z", "millis": after_wait * 1000}
    entered = next(e for e in execution.history if e["type"] == "PassStateEntered")
    assert entered["timestamp"] == "2024-01-01T00:01:30.000+00:00"


@pytest.mark.parametrize("failing", ["Error", "Cause"])
def test_a_failing_fail_field_names_itself_in_the_cause(failing: str) -> None:
    fields = {"Error": "Boom", "Cause": "because", failing: "{% $states.input.n / 'x' %}"}
    execution = run(jsonata_machine({"Stop": {"Type": "Fail", **fields}}, "Stop"), {"n": 1})
    assert execution.error == "States.QueryEvaluationError"
    assert f"specified for the field '{failing}' threw an error" in (execution.cause or "")


def _map(**fields: Any) -> dict[str, Any]:
    processor = {"StartAt": "Each", "States": {"Each": {"Type": "Pass", "End": True}}}
    return {"Type": "Map", "Items": "{% $states.input.items %}", "ItemProcessor": processor, **fields}


def _task(**fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", **fields}


def _mocks(state: dict[str, Any]) -> dict[str, Any]:
    """A canned result for a Task (a mocked Map would skip what is under test)."""
    return {"S": Return({})} if state["Type"] == "Task" else {}


READ_V = "{% $states.input.v %}"
# (id, state, the value `v` the expression returns, the field named, what the cause says it expected)
WRONG_TYPES = [
    ("wait-seconds-string", {"Type": "Wait", "Seconds": READ_V}, "10", "Seconds", "non-negative integer"),
    ("wait-seconds-negative", {"Type": "Wait", "Seconds": READ_V}, -1, "Seconds", "non-negative integer"),
    ("wait-seconds-fraction", {"Type": "Wait", "Seconds": READ_V}, 1.5, "Seconds", "non-negative integer"),
    (
        "wait-timestamp-number",
        {"Type": "Wait", "Timestamp": READ_V},
        5,
        "Timestamp",
        "RFC 3339 timestamp string",
    ),
    (
        "wait-timestamp-text",
        {"Type": "Wait", "Timestamp": READ_V},
        "soon",
        "Timestamp",
        "RFC 3339 timestamp string",
    ),
    ("task-timeout-string", _task(TimeoutSeconds=READ_V), "60", "TimeoutSeconds", "positive integer"),
    ("task-timeout-null", _task(TimeoutSeconds=READ_V), None, "TimeoutSeconds", "positive integer"),
    ("task-heartbeat-zero", _task(HeartbeatSeconds=READ_V), 0, "HeartbeatSeconds", "positive integer"),
    ("map-items-string", _map(Items=READ_V), "abc", "Items", "array"),
    ("map-concurrency-string", _map(MaxConcurrency=READ_V), "2", "MaxConcurrency", "integer"),
    ("map-concurrency-negative", _map(MaxConcurrency=READ_V), -1, "MaxConcurrency", "non-negative integer"),
    (
        "map-tolerated-count",
        _map(ToleratedFailureCount=READ_V),
        "1",
        "ToleratedFailureCount",
        "non-negative number",
    ),
    (
        "map-tolerated-percentage",
        _map(ToleratedFailurePercentage=READ_V),
        None,
        "ToleratedFailurePercentage",
        "non-negative number",
    ),
]


@pytest.mark.parametrize(
    ("state", "value", "name", "expected"), [c[1:] for c in WRONG_TYPES], ids=[c[0] for c in WRONG_TYPES]
)
def test_a_jsonata_field_of_the_wrong_type_is_a_query_evaluation_error(
    state: dict[str, Any], value: Any, name: str, expected: str
) -> None:
    # ASL spec, Appendix A: States.QueryEvaluationError covers "an incorrectly typed result".
    machine = jsonata_machine({"S": {**state, "End": True}}, "S")
    execution = run(machine, {"v": value, "items": [1]}, mocks=_mocks(state))
    assert (execution.status, execution.error) == ("FAILED", "States.QueryEvaluationError"), execution.cause
    assert f"The JSONata expression '$states.input.v' specified for the field '{name}' returned an " in (
        execution.cause or ""
    )
    assert f"Expected '{expected}'" in (execution.cause or "")


def test_a_wrongly_typed_jsonata_timeout_can_be_caught() -> None:
    catch = [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Handled"}]
    states = {
        "S": _task(TimeoutSeconds=READ_V, Catch=catch, End=True),
        "Handled": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": True},
    }
    execution = run(jsonata_machine(states, "S"), {"v": "60"}, mocks={"S": Return({})})
    assert (execution.status, execution.output) == ("SUCCEEDED", "States.QueryEvaluationError")


# The same values read through JSONPath `*Path` fields stay States.Runtime.
PATH_TYPES = [
    ("timeout-path-string", _task(TimeoutSecondsPath="$.v"), "60"),
    ("concurrency-path-text", _map(Items=None, ItemsPath="$.items", MaxConcurrencyPath="$.v"), "two"),
    ("tolerated-count-path", _map(Items=None, ItemsPath="$.items", ToleratedFailureCountPath="$.v"), -1),
]


@pytest.mark.parametrize(("state", "value"), [c[1:] for c in PATH_TYPES], ids=[c[0] for c in PATH_TYPES])
def test_a_jsonpath_field_of_the_wrong_type_stays_a_runtime_error(state: dict[str, Any], value: Any) -> None:
    state = {key: item for key, item in state.items() if item is not None}
    execution = run(single(state), {"v": value, "items": [1]}, mocks=_mocks(state))
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime"), execution.cause
