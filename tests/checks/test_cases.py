"""One small invalid ASL file per diagnostic code: each yields exactly its code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flowdsl.checks import CODES, check_document
from flowdsl.checks.api import validate_file

CASES = Path(__file__).parent / "cases"
# Codes whose input cannot be a small data file: a definition over the 1 MB quota is built here;
# the data-type codes need Python models, so tests/typeflow has a case for each.
GENERATED = {
    "definition-too-large",
    "nesting-too-deep",
    "path-not-in-input",
    "choice-type-mismatch",
    "task-input-mismatch",
    "execution-input-mismatch",
    "items-not-array",
    "field-on-some-paths",
}


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.asl.json"))


def test_every_code_has_a_case() -> None:
    have = {path.name.removesuffix(".asl.json") for path in case_files()}
    assert sorted(set(CODES) - have - GENERATED) == []
    assert sorted(have - set(CODES)) == []


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.name.removesuffix(".asl.json"))
def test_case_yields_exactly_its_code(path: Path) -> None:
    code = path.name.removesuffix(".asl.json")
    found = check_document(json.loads(path.read_text()))
    assert {d.code for d in found} == {code}, [d.format() for d in found]
    assert all(d.severity is CODES[code][0] for d in found)


def test_absurd_nesting_is_one_error() -> None:
    deep: dict[str, object] = {"x": 1}
    for _ in range(5000):
        deep = {"x": deep}
    doc = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": deep, "Bogus": 1, "End": True}}}
    assert [d.code for d in check_document(doc)] == ["nesting-too-deep"]


def test_definition_over_the_quota_is_reported() -> None:
    states = {f"S{i}": {"Type": "Pass", "Comment": "x" * 200, "Next": f"S{i + 1}"} for i in range(6000)}
    states["S6000"] = {"Type": "Succeed"}
    found = check_document({"StartAt": "S0", "States": states})
    assert [d.code for d in found] == ["definition-too-large"]


@pytest.mark.parametrize("code", sorted(CODES))
def test_codes_are_kebab_case(code: str) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code)


def test_docs_list_every_code(repo_root: Path) -> None:
    text = (repo_root / "docs" / "validation.md").read_text()
    assert [code for code in CODES if f"`{code}`" not in text] == []


VALID = Path(__file__).parent / "valid"


@pytest.mark.parametrize(
    "path", sorted(VALID.glob("*.asl.json")), ids=lambda p: p.name.removesuffix(".asl.json")
)
def test_valid_samples_have_no_diagnostics(path: Path) -> None:
    assert [d.format() for d in check_document(json.loads(path.read_text()))] == []


def test_the_documented_report_is_what_flowdsl_prints(repo_root: Path) -> None:
    """docs/validation.md shows the report for tests/checks/broken-callcenter.asl.json."""
    path = Path(__file__).parent / "broken-callcenter.asl.json"
    lines = [f"flowdsl: {d.format()}".replace(str(path), "broken.asl.json") for d in validate_file(path)]
    docs = (repo_root / "docs" / "validation.md").read_text()
    assert len(lines) == 5
    assert all(line in docs for line in lines), lines
