"""The JSONata call-center example end to end: it compiles to JSONata and runs both paths
exactly like the JSONPath version, with the same handlers (its goldens and build/ freshness
are checked with every example's in tests/examples)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flowdsl.engine import execute
from flowdsl.loader import load_source
from flowdsl.model import to_asl


def _run(repo_root: Path, example: str, status: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("FLOWDSL_WORK_ON_CASE_STATUS", status)
    source = load_source(repo_root / "examples" / example)
    return execute(source.definition, {"inputCaseID": "001"}, handlers=source.handlers)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        pytest.param(
            "1",
            (
                "SUCCEEDED",
                {"Case": "001", "Status": 1, "Message": "Case 001: opened...assigned...resolved...closed."},
            ),
            id="resolved",
        ),
        pytest.param("0", ("FAILED", None), id="escalated"),
    ],
)
def test_both_paths_match_the_jsonpath_version(
    repo_root: Path, status: str, expected: tuple[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    jsonata_run = _run(repo_root, "callcenter_jsonata.py", status, monkeypatch)
    jsonpath_run = _run(repo_root, "callcenter.py", status, monkeypatch)
    assert (jsonata_run.status, jsonata_run.output) == expected
    assert (jsonata_run.status, jsonata_run.output, jsonata_run.cause) == (
        jsonpath_run.status,
        jsonpath_run.output,
        jsonpath_run.cause,
    )
    assert jsonata_run.visited == jsonpath_run.visited


def test_conditions_compile_to_jsonata(repo_root: Path) -> None:
    definition = to_asl(load_source(repo_root / "examples" / "callcenter_jsonata.py").definition)
    assert definition["QueryLanguage"] == "JSONata"
    conditions = [rule["Condition"] for rule in definition["States"]["Is Case Resolved"]["Choices"]]
    assert conditions == ["{% $states.input.Status = 1 %}", "{% $states.input.Status = 0 %}"]
