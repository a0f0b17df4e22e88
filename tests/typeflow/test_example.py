"""examples/callcenter_typed.py compiles clean, and each data-flow mistake planted in a copy is
reported with its code at the line of the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowdsl.checks import validate_source
from flowdsl.diagnostics import Diagnostic
from flowdsl.loader import load_source
from tests.conftest import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "callcenter_typed.py"
TEXT = EXAMPLE.read_text(encoding="utf-8")
NOTIFY = 'Map("Notify", items_path=S.Case, processor=Pass("Note"), result_path=None)'

# id -> (text replaced, replacement, expected code, text of the line it is reported at)
PLANTED = {
    "field-typo": ("S.Status == 1", "S.Staus == 1", "path-not-in-input", "Choice("),
    "string-vs-int": ("S.Status == 0", 'S.Status == "0"', "choice-type-mismatch", "Choice("),
    "result-path-moves-status": (
        'function_name="WorkOnCaseFunction")',
        'function_name="WorkOnCaseFunction", result_path="$.work")',
        "path-not-in-input",
        "Choice(",
    ),
    "parameters-typo": (
        'function_name="AssignCaseFunction")',
        'function_name="AssignCaseFunction", parameters={"Case": S.Cse, "Message": S.Message})',
        "path-not-in-input",
        'Task("Assign Case"',
    ),
    "map-over-string": (
        "open_step >> assign_step",
        f"open_step >> {NOTIFY} >> assign_step",
        "items-not-array",
        "open_step >> Map(",
    ),
    "task-input-missing-field": (
        'function_name="CloseCaseFunction")',
        'function_name="CloseCaseFunction", parameters={"Case": S.Case, "Message": S.Message})',
        "task-input-mismatch",
        'Task("Close Case"',
    ),
    "execution-input": (
        "input_model=case.CaseRequest",
        "input_model=case.OpenCase",
        "execution-input-mismatch",
        'Task("Open Case"',
    ),
}


def _check(path: Path) -> list[Diagnostic]:
    return [d for d in validate_source(load_source(path)) if d.is_error]


def test_the_typed_example_compiles_clean() -> None:
    assert _check(EXAMPLE) == []


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_each_planted_mistake_is_reported_at_its_line(planted: str, tmp_path: Path) -> None:
    old, new, code, marker = PLANTED[planted]
    assert old in TEXT
    text = TEXT.replace(old, new, 1).replace("from flowdsl import", "from flowdsl import Map, Pass,")
    copy = tmp_path / "callcenter_planted.py"
    copy.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)
    found = [(d.code, d.location) for d in _check(copy)]
    assert (code, f"{copy}:{line}") in found
    # Moving Status away also starves Close and Escalate of it: those are real mistakes too.
    others = {c for c in found if c != (code, f"{copy}:{line}")}
    allowed = {"task-input-mismatch"} if planted == "result-path-moves-status" else set()
    assert {c for c, _ in others} <= allowed
