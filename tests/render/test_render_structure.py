"""What the diagram says, read back from mermaid's own parse of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from flowdsl.model import parse_machine
from flowdsl.render import HIGHLIGHTS, mermaid
from flowdsl.render.notes import LAMBDA, TIMES
from tests.render.drawing import Drawer, Drawn, machine

TASK = "arn:aws:lambda:us-east-1:123456789012:function:Work"

CALLCENTER = machine(
    {
        "Open Case": {"Type": "Task", "Resource": TASK, "Next": "Assign Case"},
        "Assign Case": {"Type": "Task", "Resource": TASK, "Next": "Work on Case"},
        "Work on Case": {"Type": "Task", "Resource": TASK, "Next": "Is Case Resolved"},
        "Is Case Resolved": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.Status", "NumericEquals": 1, "Next": "Close Case"},
                {"Variable": "$.Status", "NumericEquals": 0, "Next": "Escalate Case"},
            ],
        },
        "Close Case": {"Type": "Task", "Resource": TASK, "End": True},
        "Escalate Case": {"Type": "Task", "Resource": TASK, "Next": "Fail"},
        "Fail": {"Type": "Fail", "Cause": "Engage Tier 2 Support."},
    }
)


def ids_by_label(drawn: Drawn) -> dict[str, str]:
    """Node ids by the first line of their label (the state name)."""
    return {text.split("\n")[0]: vid for vid, text in drawn.vertex_text().items()}


def test_callcenter_flows_from_start_to_end(draw: Drawer) -> None:
    drawn = draw(CALLCENTER)
    ids = ids_by_label(drawn)
    edges = {(s, e, label) for s, e, label, _ in drawn.edges()}
    assert ("start", ids["Open Case"], "") in edges
    assert (ids["Is Case Resolved"], ids["Close Case"], "$.Status == 1") in edges
    assert (ids["Is Case Resolved"], ids["Escalate Case"], "$.Status == 0") in edges
    assert (ids["Close Case"], "stop", "") in edges
    assert (ids["Fail"], "stop", "") in edges
    assert drawn.graph.vertices[ids["Is Case Resolved"]].type == "diamond"


def test_node_ids_are_generated_never_user_text(draw: Drawer) -> None:
    drawn = draw(CALLCENTER)
    state_ids = set(drawn.vertex_text()) - {"start", "stop"}
    assert state_ids == {f"s{i}" for i in range(7)}


def test_start_and_end_markers(draw: Drawer) -> None:
    graph = draw(CALLCENTER).graph
    assert graph.vertices["start"].type == "circle"
    assert graph.vertices["stop"].type == "doublecircle"
    assert graph.vertices["start"].classes == ("marker",)


def test_default_edge_is_marked(draw: Drawer) -> None:
    drawn = draw(
        machine(
            {
                "C": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.x", "BooleanEquals": True, "Next": "Yes"}],
                    "Default": "No",
                },
                "Yes": {"Type": "Succeed"},
                "No": {"Type": "Fail"},
            }
        )
    )
    ids = ids_by_label(drawn)
    assert (ids["C"], ids["No"], "default", "normal") in drawn.edges()
    assert (ids["C"], ids["Yes"], "$.x == true", "normal") in drawn.edges()


def test_succeed_and_fail_are_styled_as_ends(draw: Drawer) -> None:
    drawn = draw(
        machine(
            {
                "C": {"Type": "Choice", "Choices": [], "Default": "F"},
                "S": {"Type": "Succeed"},
                "F": {"Type": "Fail"},
            }
        )
    )
    ids = ids_by_label(drawn)
    vertices = drawn.graph.vertices
    assert (vertices[ids["S"]].type, vertices[ids["S"]].classes) == ("stadium", ("succeedEnd",))
    assert (vertices[ids["F"]].type, vertices[ids["F"]].classes) == ("stadium", ("failEnd",))
    assert {"succeedEnd", "failEnd"} <= set(drawn.graph.classes)


def test_catch_edges_are_dashed_and_name_their_errors(draw: Drawer) -> None:
    drawn = draw(
        machine(
            {
                "Work": {
                    "Type": "Task",
                    "Resource": TASK,
                    "End": True,
                    "Catch": [
                        {"ErrorEquals": ["States.Timeout", "Custom.Error"], "Next": "Recover"},
                        {"ErrorEquals": ["States.ALL"], "Next": "Give Up"},
                    ],
                },
                "Recover": {"Type": "Pass", "End": True},
                "Give Up": {"Type": "Fail"},
            }
        )
    )
    ids = ids_by_label(drawn)
    assert (ids["Work"], ids["Recover"], "States.Timeout, Custom.Error", "dotted") in drawn.edges()
    assert (ids["Work"], ids["Give Up"], "States.ALL", "dotted") in drawn.edges()
    assert (ids["Work"], "stop", "", "normal") in drawn.edges()


@pytest.mark.parametrize(
    ("retry", "note"),
    [
        ([{"ErrorEquals": ["States.ALL"]}], f"retry {TIMES}3"),
        (
            [{"ErrorEquals": ["A"], "MaxAttempts": 6}, {"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}],
            f"retry {TIMES}6, {TIMES}0",
        ),
    ],
    ids=["default-attempts", "two-retriers"],
)
def test_retry_is_noted_on_the_state(draw: Drawer, retry: list[dict[str, Any]], note: str) -> None:
    drawn = draw(machine({"Work": {"Type": "Task", "Resource": TASK, "End": True, "Retry": retry}}))
    assert drawn.vertex_text()["s0"] == f"Work\n{LAMBDA}Work\n{note}"


@pytest.mark.parametrize(
    ("fields", "note"),
    [
        ({"Seconds": 10}, "wait 10 s"),
        ({"SecondsPath": "$.delay"}, "wait $.delay s"),
        ({"Timestamp": "2026-01-01T00:00:00Z"}, "wait until 2026-01-01T00:00:00Z"),
        ({"TimestampPath": "$.when"}, "wait until $.when"),
        ({"Seconds": "{% $states.input.delay %}"}, "wait $states.input.delay s"),
    ],
    ids=["seconds", "seconds-path", "timestamp", "timestamp-path", "jsonata-seconds"],
)
def test_wait_says_how_long(draw: Drawer, fields: dict[str, Any], note: str) -> None:
    drawn = draw(machine({"Pause": {"Type": "Wait", "End": True, **fields}}))
    # A note longer than a label line wraps at a space, which it keeps ("wait until \n2026-...").
    assert drawn.vertex_text()["s0"].replace(" \n", " ") == f"Pause\n{note}"


PARALLEL_IN_MAP = machine(
    {
        "Fan Out": {
            "Type": "Map",
            "Next": "Done",
            "ItemProcessor": {
                "StartAt": "Both",
                "States": {
                    "Both": {
                        "Type": "Parallel",
                        "End": True,
                        "Branches": [
                            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}},
                            {
                                "StartAt": "Right",
                                "States": {
                                    "Right": {"Type": "Pass", "Next": "Inner"},
                                    "Inner": {
                                        "Type": "Map",
                                        "End": True,
                                        "Iterator": {
                                            "StartAt": "Leaf",
                                            "States": {"Leaf": {"Type": "Succeed"}},
                                        },
                                    },
                                },
                            },
                        ],
                    }
                },
            },
        },
        "Done": {"Type": "Succeed"},
    }
)


def test_parallel_and_map_nest_as_subgraphs_at_any_depth(draw: Drawer) -> None:
    drawn = draw(PARALLEL_IN_MAP, svg=True)
    assert drawn.svg is not None and drawn.svg.count('class="cluster') >= 5
    subgraphs = {s.title: s for s in drawn.graph.subgraphs.values()}
    ids = {**ids_by_label(drawn), **{title.split("\n")[0]: s.id for title, s in subgraphs.items()}}
    assert subgraphs["Fan Out\nmap"].nodes == (ids["Both"],)
    assert set(subgraphs["Both\nparallel"].nodes) == {f"{ids['Both']}_b0", f"{ids['Both']}_b1"}
    assert subgraphs["branch 1"].nodes == (ids["Left"],)
    assert set(subgraphs["branch 2"].nodes) == {ids["Right"], ids["Inner"]}
    assert subgraphs["Inner\nmap"].nodes == (ids["Leaf"],)
    edges = {(s, e) for s, e, _, _ in drawn.edges()}
    assert {("start", ids["Fan Out"]), (ids["Fan Out"], ids["Done"]), (ids["Right"], ids["Inner"])} <= edges


def test_distributed_map_says_so(draw: Drawer) -> None:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        "StartAt": "Item",
        "States": {"Item": {"Type": "Pass", "End": True}},
    }
    drawn = draw(machine({"Big": {"Type": "Map", "End": True, "ItemProcessor": processor}}))
    assert drawn.graph.subgraphs["s0"].title == "Big\ndistributed map"


def test_same_name_in_two_branches_links_within_its_own_branch(draw: Drawer) -> None:
    branch = {
        "StartAt": "Step",
        "States": {"Step": {"Type": "Pass", "Next": "Last"}, "Last": {"Type": "Succeed"}},
    }
    drawn = draw(machine({"P": {"Type": "Parallel", "End": True, "Branches": [branch, branch]}}))
    assert set(drawn.graph.subgraphs["s0_b0"].nodes) == {"s1", "s2"}
    assert set(drawn.graph.subgraphs["s0_b1"].nodes) == {"s3", "s4"}
    assert {(s, e) for s, e, _, _ in drawn.edges()} == {
        ("start", "s0"),
        ("s0", "stop"),
        ("s1", "s2"),
        ("s3", "s4"),
        ("s0_b0", "s0_b1"),  # invisible: it only puts branch 2 right of branch 1
    }
    assert ("s0_b0", "s0_b1", "", "invisible") in drawn.edges()


def test_missing_target_draws_a_placeholder(draw: Drawer) -> None:
    drawn = draw(machine({"A": {"Type": "Pass", "Next": "Nowhere"}}))
    placeholder = drawn.graph.vertices["s1"]
    assert (placeholder.text, placeholder.classes) == ("Nowhere", ("missing",))
    assert ("s0", "s1", "", "normal") in drawn.edges()


@pytest.mark.parametrize("status", HIGHLIGHTS)
def test_highlight_colours_states_and_subgraphs(draw: Drawer, status: str) -> None:
    drawn = draw(PARALLEL_IN_MAP, highlight={"Left": status, "Both": status, "Done": status})
    ids = ids_by_label(drawn)
    assert drawn.graph.vertices[ids["Left"]].classes == (status,)
    assert drawn.graph.vertices[ids["Done"]].classes == (status,)
    assert drawn.graph.subgraphs["s2"].classes == (status,)  # "Both", the Parallel inside "Fan Out"
    assert status in drawn.graph.classes


def test_highlight_colours_follow_the_console(draw: Drawer) -> None:
    classes = draw(
        CALLCENTER, highlight=dict.fromkeys(["Open Case", "Fail"], "failed") | {"Close Case": "succeeded"}
    ).graph.classes
    assert "fill:#d7f5d3" in classes["succeeded"]
    assert "fill:#fcdedb" in classes["failed"]


def test_highlight_rejects_an_unknown_status() -> None:
    with pytest.raises(ValueError, match="highlight of state 'Fail' is 'green'"):
        mermaid(parse_machine(CALLCENTER), highlight={"Fail": "green"})


@pytest.mark.parametrize("seed", ["1", "2"])
def test_output_is_the_same_in_any_process(seed: str) -> None:
    # Another interpreter with another hash seed: no set or hash order may leak into the text.
    script = (
        "import json, sys; from flowdsl.model import parse_machine; from flowdsl.render import mermaid; "
        "sys.stdout.write(mermaid(parse_machine(json.load(sys.stdin))))"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    other = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(PARALLEL_IN_MAP),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout == mermaid(parse_machine(PARALLEL_IN_MAP))
