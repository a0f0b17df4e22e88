"""The frequent events store their details as a pair of values; the history reads them as AWS writes them."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.engine.clock import Lane
from flowdsl.engine.history import FIELDS, History


def _pair(key: str, first: Any, second: Any) -> Any:
    history = History()
    history.pair(Lane(0.0), "Kind", key, first, second)
    return history.events()[0][key]


def _dict(key: str, details: dict[str, Any]) -> Any:
    history = History()
    history.add(Lane(0.0), "Kind", key, details)
    return history.events()[0][key]


@pytest.mark.parametrize("key", sorted(FIELDS))
def test_pair_details_read_as_the_dict_they_stand_for(key: str) -> None:
    values = ("Step", {"n": 1}) if key.startswith("state") else ("Step", 3)
    assert _pair(key, *values) == _dict(key, dict(zip(FIELDS[key], values, strict=True)))


def test_a_state_entered_event_reads_as_aws_writes_it() -> None:
    assert _pair("stateEnteredEventDetails", "Step", {"n": 1}) == {
        "name": "Step",
        "input": '{"n":1}',
        "inputDetails": {"truncated": False},
    }
    assert _pair("mapIterationStartedEventDetails", "Each", 2) == {"name": "Each", "index": 2}


def test_events_chain_ids_and_times_in_the_order_recorded() -> None:
    history, first, second = History(), Lane(1.5), Lane(2.0)
    history.add(first, "ExecutionStarted", "executionStartedEventDetails", {"input": {}})
    history.pair(second, "PassStateEntered", "stateEnteredEventDetails", "P", None)
    history.add(first, "PassStateExited")
    events = history.events()
    assert [(e["id"], e["previousEventId"], e["type"]) for e in events] == [
        (1, 0, "ExecutionStarted"),
        (2, 0, "PassStateEntered"),
        (3, 1, "PassStateExited"),
    ]
    assert [e["timestamp"] for e in events] == [
        "1970-01-01T00:00:01.500+00:00",
        "1970-01-01T00:00:02.000+00:00",
        "1970-01-01T00:00:01.500+00:00",
    ]
    assert "stateExitedEventDetails" not in events[2] and len(history) == 3
    assert history.last_timestamp() == events[-1]["timestamp"]
