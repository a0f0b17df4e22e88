"""Workflow: the top-level builder and its shortcuts to ASL, JSON, Mermaid and validation."""

from __future__ import annotations

import json

import pytest

from flowdsl import Choice, Pass, S, Task, Workflow
from flowdsl.dsl import DslError


def test_to_json_matches_to_asl() -> None:
    workflow = Workflow("W", Pass("A") >> Pass("B"), comment="c", timeout_seconds=30, version="1.0")
    assert json.loads(workflow.to_json()) == workflow.to_asl()
    assert list(workflow.to_asl()) == ["Comment", "StartAt", "TimeoutSeconds", "Version", "States"]


def test_to_mermaid_draws_every_state() -> None:
    text = Workflow(
        "W", Pass("First") >> Task("Second", resource="arn:aws:states:::sqs:sendMessage")
    ).to_mermaid()
    assert "\nflowchart TD\n" in text
    assert '"First"' in text
    assert '"Second<br>sqs:sendMessage"' in text


def test_validate_returns_every_problem_without_raising() -> None:
    found = Workflow("W", Choice("C").when(S.x == 1, Pass("Same") >> Pass("Same"))).validate()
    assert {d.code for d in found} >= {"duplicate-state-name", "missing-default"}


def test_validate_of_a_clean_workflow_is_empty() -> None:
    assert Workflow("W", Pass("A")).validate() == []


def test_validate_reports_structure_errors_too() -> None:
    found = Workflow("W", Task("T", resource=3)).validate()  # type: ignore[arg-type]
    assert [d.code for d in found] == ["invalid-type"]


@pytest.mark.parametrize("name", ["", 3], ids=["empty", "not a str"])
def test_workflow_needs_a_name(name: object) -> None:
    with pytest.raises(DslError):
        Workflow(name, Pass("A"))  # type: ignore[arg-type]
