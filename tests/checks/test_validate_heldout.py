"""A held-out style suite: definitions AWS accepts and the broken ones people actually write.

`heldout/valid/` holds definitions Step Functions accepts (AWS samples and documentation
examples, sources in `heldout/SOURCES.md`): none may get an error. `heldout/invalid/` holds
one mistake per file, named `<expected-code>__<slug>.asl.json`: the expected code must be
reported, and nothing else, so one mistake reads as one report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.checks import CODES, check_document
from flowdsl.diagnostics import Severity

HELDOUT = Path(__file__).parent / "heldout"
VALID = sorted((HELDOUT / "valid").glob("*.asl.json"))
INVALID = sorted((HELDOUT / "invalid").glob("*.asl.json"))

# Valid definitions flowdsl still rejects, each with why it is not fixed here.
KNOWN_FALSE_ALARMS: dict[str, str] = {}
# Mistakes whose one error still brings a knock-on report, with the reason it is accepted.
KNOWN_NOISE = {
    "invalid-type__next-is-number": "a numeric 'Next' names no state, so the state after it is unreachable",
    "transition-out-of-scope__into-branch": "the Parallel state the branch belongs to is really unreachable",
}


def _id(path: Path) -> str:
    return path.name.removesuffix(".asl.json")


def _valid_case(path: Path) -> object:
    reason = KNOWN_FALSE_ALARMS.get(_id(path))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(path, id=_id(path), marks=marks)


@pytest.mark.parametrize("path", [_valid_case(p) for p in VALID])
def test_valid_definition_has_no_error(path: Path) -> None:
    found = check_document(json.loads(path.read_text()))
    assert [d.format() for d in found if d.severity is Severity.ERROR] == []


@pytest.mark.parametrize("path", INVALID, ids=_id)
def test_broken_definition_reports_its_code(path: Path) -> None:
    expected = path.name.split("__")[0]
    found = check_document(json.loads(path.read_text()))
    assert expected in {d.code for d in found}, [d.format() for d in found]
    if _id(path) not in KNOWN_NOISE:
        assert {d.code for d in found} == {expected}, [d.format() for d in found]


def test_heldout_file_names_use_catalogued_codes() -> None:
    assert sorted({p.name.split("__")[0] for p in INVALID} - set(CODES)) == []
    assert len(VALID) >= 30
    assert len(INVALID) >= 40
