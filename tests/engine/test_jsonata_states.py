"""JSONata inside states: the clock expressions read, and how their failures are reported."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.helpers import START, run


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
