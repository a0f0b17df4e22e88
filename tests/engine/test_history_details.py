"""The frequent events store their details as tuples; the history reads them as AWS writes them."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.engine.clock import Lane
from flowdsl.engine.history import FIELDS, History


def _details(key: str, details: Any) -> Any:
    history = History()
    history.add(Lane(0.0), "Kind", key, details)
    return history.events()[0][key]


@pytest.mark.parametrize("key", sorted(FIELDS))
def test_tuple_details_read_as_the_dict_they_stand_for(key: str) -> None:
    values = ("Step", {"n": 1}) if key.startswith("state") else ("Step", 3)
    assert _details(key, values) == _details(key, dict(zip(FIELDS[key], values, strict=True)))


def test_a_state_entered_event_reads_as_aws_writes_it() -> None:
    assert _details("stateEnteredEventDetails", ("Step", {"n": 1})) == {
        "name": "Step",
        "input": '{"n":1}',
        "inputDetails": {"truncated": False},
    }
    assert _details("mapIterationStartedEventDetails", ("Each", 2)) == {"name": "Each", "index": 2}
