"""The validators' fixtures: flowdsl agrees with each suite except the documented deviations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.checks import check_document
from tools.conformance.validators import DEVIATIONS, Verdict, disagreements, main, verdicts


@pytest.fixture(scope="module")
def results(conformance_dir: Path) -> list[Verdict]:
    return list(verdicts(conformance_dir / "validation"))


def test_disagreements_are_exactly_the_documented_deviations(results: list[Verdict]) -> None:
    found = {(v.suite, v.fixture) for v in disagreements(results)}
    assert found == set(DEVIATIONS)


def test_every_suite_fixture_has_a_verdict(results: list[Verdict]) -> None:
    counts = {
        suite: sum(v.suite == suite for v in results) for suite in ("asl-validator", "awslabs-statelint")
    }
    assert counts == {"asl-validator": 112, "awslabs-statelint": 69}


@pytest.mark.parametrize("fixture", ["has-dupes.json", "linked-parallel.json", "no-terminal.json"])
def test_statelint_graph_fixtures_without_expectations_are_invalid(
    conformance_dir: Path, fixture: str
) -> None:
    data = json.loads((conformance_dir / "validation" / "awslabs-statelint" / fixture).read_text())
    assert any(d.is_error for d in check_document(data))


def test_command_exits_zero_when_only_documented_deviations_remain(conformance_dir: Path) -> None:
    assert main([str(conformance_dir / "validation")]) == 0


def test_command_reports_a_missing_folder(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 2


def _executed_definitions(conformance_dir: Path) -> dict[str, object]:
    rows = [json.loads(line) for line in (conformance_dir / "execution" / "cases.jsonl").open()]
    unique: dict[str, object] = {}
    for row in rows:
        # Recording replaced some literals (timestamps) by placeholders: those are not AWS's text.
        if "placeholder" not in row.get("skip", ""):
            unique.setdefault(json.dumps(row["definition"], sort_keys=True), row["definition"])
    return unique


def test_definitions_aws_ran_have_no_errors(conformance_dir: Path) -> None:
    """Every definition in the execution recordings was accepted by Step Functions."""
    definitions = _executed_definitions(conformance_dir)
    errors = {
        key[:80]: [d.format() for d in check_document(data) if d.is_error]
        for key, data in definitions.items()
    }
    assert {key: found for key, found in errors.items() if found} == {}
    assert len(definitions) > 100


def test_warnings_on_definitions_aws_ran_are_the_expected_ones(conformance_dir: Path) -> None:
    """The recordings' templates put `key.$` in Pass Results on purpose and call one missing
    JSONata function to record the failure: those two warnings, and no others, are right."""
    found = {d.code for data in _executed_definitions(conformance_dir).values() for d in check_document(data)}
    assert found == {"pass-result-is-static", "unknown-jsonata-function"}
