"""`run` and `validate` list an ASL file's problems in the same (reading) order (issue #10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from flowdsl.cli.main import cli

STATES = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "Missing"},
    "B": {"Type": "TYPE"},
    "C": {"Type": "Task", "Resource": "my-function", "End": true},
    "D": {"Type": "Pass", "InputPath": "$[", "End": true}
  }
}
"""


@pytest.mark.parametrize("b_type", ["Bogus", "Succeed"], ids=["structure-error", "rules-only"])
def test_run_and_validate_report_in_the_same_order(tmp_path: Path, b_type: str) -> None:
    path = tmp_path / "m.asl.json"
    path.write_text(STATES.replace("TYPE", b_type))
    validated = CliRunner().invoke(cli, ["validate", str(path)]).stderr.splitlines()
    ran = CliRunner().invoke(cli, ["run", str(path)]).stderr.splitlines()
    assert len(validated) >= 4
    assert ran == validated
    lines = [int(line.rsplit(":", 1)[1].split()[0]) for line in ran]
    assert lines == sorted(lines)
