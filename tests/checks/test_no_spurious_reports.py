"""One mistake, one report: no follow-on diagnostics for what is already said (issue #10)."""

from __future__ import annotations

import flowdsl
from flowdsl import Parallel, Pass, Workflow


def test_a_state_named_empty_is_reachable_through_next_empty() -> None:
    data = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": ""}, "": {"Type": "Succeed"}}}
    assert [d.code for d in flowdsl.validate(data)] == ["invalid-state-name"]


def test_a_state_shared_by_a_branch_and_the_main_chain_is_one_error() -> None:
    shared = Pass("Shared")
    workflow = Workflow("W", Parallel("P", branches=[shared]) >> shared)
    assert [d.code for d in flowdsl.validate(workflow)] == ["state-in-two-scopes"]


def test_an_empty_branch_in_asl_is_still_reported() -> None:
    data = {
        "StartAt": "P",
        "States": {"P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {}}], "End": True}},
    }
    assert "empty-states" in [d.code for d in flowdsl.validate(data)]
