"""States own their graph: each state type says where it can go and whether it ends its scope."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.model import STATE_CLASSES, STATE_TYPES, parse_machine

STATES: dict[str, Any] = {
    "T": {
        "Type": "Task",
        "Resource": "arn:aws:states:::sns:publish",
        "Next": "C",
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}, {"ErrorEquals": ["X"], "Next": ""}],
    },
    "C": {
        "Type": "Choice",
        "Choices": [{"Variable": "$.x", "IsNull": True, "Next": "W"}, {"Variable": "$.y", "IsNull": True}],
        "Default": "S",
    },
    "W": {"Type": "Wait", "Seconds": 1, "End": True},
    "S": {"Type": "Succeed"},
    "F": {"Type": "Fail"},
    "": {"Type": "Pass", "End": True},
}


@pytest.mark.parametrize(
    ("name", "links"),
    [
        ("T", [("C", "/Next", "next"), ("F", "/Catch/0/Next", "catch"), ("", "/Catch/1/Next", "catch")]),
        ("C", [("W", "/Choices/0/Next", "rule"), ("S", "/Default", "default")]),
        ("W", []),
        ("S", []),
    ],
)
def test_transitions_in_document_order(name: str, links: list[tuple[str, str, str]]) -> None:
    machine = parse_machine({"StartAt": "T", "States": STATES})
    found = machine.states[name].transitions()
    assert [(link.target, link.pointer, link.kind) for link in found] == links


@pytest.mark.parametrize(
    ("name", "terminal"), [("T", False), ("C", False), ("W", True), ("S", True), ("F", True)]
)
def test_is_terminal(name: str, terminal: bool) -> None:
    machine = parse_machine({"StartAt": "T", "States": STATES})
    assert machine.states[name].is_terminal is terminal


def test_the_registry_names_every_state_type_by_its_type_field() -> None:
    assert STATE_TYPES == ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
    assert all(cls.model_fields["type"].default == name for name, cls in STATE_CLASSES.items())
