"""`flowdsl.validate` on every kind of input, never raising for a broken definition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import flowdsl
from flowdsl import Choice, FlowdslError, Pass, S, Succeed, Workflow
from flowdsl.model import parse_machine
from flowdsl.source import Source

BROKEN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}


def test_dict() -> None:
    assert [d.code for d in flowdsl.validate(BROKEN)] == ["no-terminal-path"]


def test_state_machine_and_source() -> None:
    machine = parse_machine(BROKEN)
    assert [d.code for d in flowdsl.validate(machine)] == ["no-terminal-path"]
    source = Source("x", machine, locations={"/States/A": "flow.py:3"})
    assert [d.location for d in flowdsl.validate(source)] == ["flow.py:3"]


def test_path_strings_and_paths(tmp_path: Path) -> None:
    path = tmp_path / "loop.asl.json"
    path.write_text(json.dumps(BROKEN, indent=2))
    (by_str,) = flowdsl.validate(str(path))
    (by_path,) = flowdsl.validate(path)
    assert by_str == by_path
    assert by_str.location == f"{path}:4 /States/A"


def test_bad_file_comes_back_as_a_diagnostic(tmp_path: Path) -> None:
    assert [d.code for d in flowdsl.validate(tmp_path / "missing.asl.json")] == ["file-not-found"]


def test_dsl_workflow_is_located_in_python() -> None:
    done = Succeed("Done")
    workflow = Workflow("w", Pass("Start") >> Choice("Check").when(S.ok == True, done))  # noqa: E712
    found = flowdsl.validate(workflow)
    assert [d.code for d in found] == ["missing-default"]
    assert "test_validate_api.py:" in found[0].location


@pytest.mark.parametrize("value", [42, None, [1], 1.5, True])
def test_json_that_is_not_an_object_is_not_an_object(value: float | list[int] | None) -> None:
    assert [d.code for d in flowdsl.validate(value)] == ["not-an-object"]


def test_other_objects_are_refused_with_a_flowdsl_error() -> None:
    # Only FlowdslError leaves the public API (issue #10), never a TypeError.
    with pytest.raises(FlowdslError, match="cannot validate a 'object'") as raised:
        flowdsl.validate(object())  # type: ignore[arg-type]
    assert [d.code for d in raised.value.diagnostics] == ["validate-target-type"]
