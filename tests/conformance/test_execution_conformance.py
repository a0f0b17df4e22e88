"""Every runnable recorded AWS execution in `conformance/execution/cases.jsonl`, run by the engine.

Scoring (conformance README): the status must match; a SUCCEEDED output must equal the
recorded one as JSON; a FAILED error name must match (cause texts are AWS's wording and only
reported). Cases marked `skip` in the data are skipped with their reason; cases listed in
`known_failures.json` are strict xfails, so both a fix and a regression show up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.engine import execute
from tests.conftest import conformance_path

KNOWN_FAILURES: dict[str, str] = json.loads((Path(__file__).parent / "known_failures.json").read_text())


def _cases() -> list[Any]:
    path = conformance_path() / "execution" / "cases.jsonl"
    if not path.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"conformance data not found at {path}"))]
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [pytest.param(case, id=case["id"], marks=_marks(case)) for case in cases]


def _marks(case: dict[str, Any]) -> list[pytest.MarkDecorator]:
    if "skip" in case:
        return [pytest.mark.skip(reason=case["skip"])]
    if case["id"] in KNOWN_FAILURES:
        return [pytest.mark.xfail(reason=KNOWN_FAILURES[case["id"]], strict=True)]
    return []


@pytest.mark.parametrize("case", _cases())
def test_recorded_execution(case: dict[str, Any]) -> None:
    execution = execute(case["definition"], case["input"])
    expected = case["expected"]
    assert execution.status == expected["status"], (execution.error, execution.cause)
    if expected["status"] == "SUCCEEDED":
        assert execution.output == expected["output"]
    else:
        assert execution.error == expected.get("error")


def test_known_failures_name_real_cases(conformance_dir: Path) -> None:
    lines = (conformance_dir / "execution" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    ids = {json.loads(line)["id"] for line in lines if line.strip()}
    assert sorted(set(KNOWN_FAILURES) - ids) == []
