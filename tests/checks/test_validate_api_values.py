"""flowdsl.validate on Python data that is not JSON: a located diagnostic, never an exception."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl


def _machine(result: Any) -> dict[str, Any]:
    return {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": result, "End": True}}}


@pytest.mark.parametrize(
    ("result", "pointer"),
    [
        pytest.param({1, 2}, "/States/A/Result", id="set"),
        pytest.param(b"x", "/States/A/Result", id="bytes"),
        pytest.param(float("nan"), "/States/A/Result", id="nan"),
        pytest.param({"k": [1, object()]}, "/States/A/Result/k/1", id="nested-object"),
        pytest.param({1: "x"}, "/States/A/Result", id="int-key"),
        pytest.param(10**5000, "/States/A/Result", id="huge-int"),
    ],
)
def test_non_json_values_are_reported_where_they_are(result: Any, pointer: str) -> None:
    found = flowdsl.validate(_machine(result))
    assert [(d.code, d.location) for d in found] == [("invalid-json", pointer)]


def test_json_values_pass_through_to_the_rules() -> None:
    assert [d for d in flowdsl.validate(_machine({"a": [1, 2.5, None, True]})) if d.is_error] == []
