"""Wait on the virtual clock, the real clock on request, and what execute() accepts as input."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import RealClock, execute
from tests.engine.helpers import run, seconds_at, single

WAITS = [
    ("seconds", {"Seconds": 90}, {}, 90),
    ("seconds-path", {"SecondsPath": "$.s"}, {"s": 30}, 30),
    ("timestamp", {"Timestamp": "2024-01-01T01:00:00Z"}, {}, 3600),
    ("timestamp-path-offset", {"TimestampPath": "$.t"}, {"t": "2024-01-01T02:00:00+01:00"}, 3600),
    ("timestamp-in-the-past", {"Timestamp": "2023-12-31T00:00:00Z"}, {}, 0),
    ("jsonata-seconds", {"QueryLanguage": "JSONata", "Seconds": "{% $states.input.s * 2 %}"}, {"s": 5}, 10),
]


@pytest.mark.parametrize(("fields", "payload", "waited"), [c[1:] for c in WAITS], ids=[c[0] for c in WAITS])
def test_wait_on_the_virtual_clock(fields: dict[str, Any], payload: Any, waited: float) -> None:
    execution = run(single({"Type": "Wait", **fields}), payload)
    assert execution.status == "SUCCEEDED"
    assert execution.output == payload
    assert seconds_at(execution, "WaitStateExited") == [waited]


@pytest.mark.parametrize(
    ("fields", "payload"),
    [
        ({"SecondsPath": "$.s"}, {"s": -1}),
        ({"SecondsPath": "$.s"}, {"s": "10"}),
        ({"TimestampPath": "$.t"}, {"t": "soon"}),
    ],
    ids=["negative", "string-seconds", "not-a-timestamp"],
)
def test_bad_wait_values_are_runtime_errors(fields: dict[str, Any], payload: Any) -> None:
    execution = run(single({"Type": "Wait", **fields}), payload)
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")


def test_real_clock_runs() -> None:
    execution = execute(single({"Type": "Wait", "Seconds": 0}), {"a": 1}, clock=RealClock())
    assert (execution.status, execution.output) == ("SUCCEEDED", {"a": 1})


def test_input_that_is_not_json_is_refused() -> None:
    with pytest.raises(FlowdslError) as raised:
        execute(single({"Type": "Pass"}), {"when": object()})
    assert raised.value.diagnostics[0].code == "input-not-json"


def test_caller_input_is_never_mutated_or_shared() -> None:
    payload = {"list": [1]}
    execution = run(single({"Type": "Pass"}), payload)
    execution.output["list"].append(2)
    assert payload == {"list": [1]}


def test_default_input_is_an_empty_object() -> None:
    assert execute(single({"Type": "Pass"})).output == {}
