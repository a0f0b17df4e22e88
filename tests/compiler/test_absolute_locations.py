"""Locations stay on the user's line when the workflow file has an absolute path."""

from __future__ import annotations

from pathlib import Path

from flowdsl.checks import validate_source
from flowdsl.loader import load_source

WORKFLOW = """\
from flowdsl import Pass, Workflow

first = Pass("A")
second = Pass("A")
wf = Workflow("dup", first >> second)
"""


def test_duplicate_name_is_reported_at_the_duplicate_line_of_an_absolute_path(tmp_path: Path) -> None:
    source_file = tmp_path / "dup.py"
    source_file.write_text(WORKFLOW)
    found = validate_source(load_source(source_file.resolve()))
    duplicates = [d for d in found if d.code == "duplicate-state-name"]
    assert [d.location for d in duplicates] == [f"{source_file.resolve()}:4"]
