"""Diagnostics of a .py workflow come in reading order, whichever layer found them."""

from __future__ import annotations

from pathlib import Path

from flowdsl.checks import validate_source
from flowdsl.loader import load_source

WORKFLOW = """\
from flowdsl import Choice, Pass, S, Task, Workflow

slow = Task("Slow", resource="arn:aws:states:::lambda:invoke", timeout_seconds=5, heartbeat_seconds=9)
first = Pass("A")
again = Pass("A")
pick = Choice("Pick").when(S.x == 1, again)
wf = Workflow("order", slow >> first >> pick)
"""


def test_diagnostics_are_sorted_by_line(tmp_path: Path) -> None:
    source_file = tmp_path / "order.py"
    source_file.write_text(WORKFLOW)
    found = validate_source(load_source(source_file))
    lines = [int(d.location.rpartition(":")[2]) for d in found]
    assert len(found) >= 2
    assert lines == sorted(lines)
