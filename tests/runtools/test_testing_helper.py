"""The pytest helper: one-line path assertions, readable failures, and the plugin's fixture."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from flowdsl.engine.mocks import Return, Throw
from flowdsl.testing import assert_path, path_of

pytest_plugins = ["pytester"]

APPROVAL: dict[str, Any] = {
    "StartAt": "Score",
    "States": {
        "Score": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Next": "Decide"},
        "Decide": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.score", "NumericGreaterThanEquals": 700, "Next": "Approve"}],
            "Default": "Review",
        },
        "Approve": {"Type": "Pass", "Result": "approved", "End": True},
        "Review": {"Type": "Fail", "Error": "NeedsReview", "Cause": "score too low"},
    },
}


def test_assert_path_passes_and_returns_the_execution() -> None:
    execution = assert_path(
        APPROVAL, {}, ["Score", "Decide", "Approve"], mocks={"Score": Return({"score": 720})}
    )
    assert execution.output == "approved"


def test_status_is_checked_when_given() -> None:
    assert_path(
        APPROVAL, {}, ["Score", "Decide", "Review"], status="FAILED", mocks={"Score": Return({"score": 1})}
    )


def test_mismatch_shows_expected_actual_and_where_they_part() -> None:
    with pytest.raises(pytest.fail.Exception) as caught:
        assert_path(APPROVAL, {}, ["Score", "Decide", "Approve"], mocks={"Score": Return({"score": 1})})
    message = str(caught.value)
    assert "expected path: Score -> Decide -> Approve" in message
    assert "actual path:   Score -> Decide -> Review" in message
    assert "first difference at step 3: expected 'Approve', got 'Review'" in message
    assert "execution ended FAILED: error='NeedsReview' cause='score too low'" in message


def test_shorter_path_reports_the_end() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"expected 'Decide', got '\(end\)'"):
        assert_path(APPROVAL, {}, ["Score", "Decide"], mocks={"Score": Throw("Boom", "down")})


def test_path_of_lists_every_entered_state(flowdsl_run: Callable[..., Any]) -> None:
    execution = flowdsl_run(APPROVAL, {}, mocks={"Score": Return({"score": 900})})
    assert path_of(execution) == ["Score", "Decide", "Approve"]


def test_plugin_fixture_is_available_without_imports(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_uses_fixture(flowdsl_run):
            machine = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": True}}}
            assert flowdsl_run(machine, {}).output == 1
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)  # loaded through the pytest11 entry point
