"""`validate --ignore`: knows every code validate can report, and never hides an unchecked file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from flowdsl.cli.main import cli
from flowdsl.cli.validate_cmd import KNOWN_CODES
from tests.docs.test_diagnostics_doc import _SITES, DYNAMIC, SOURCE

# What `flowdsl validate` runs: reading, importing, the DSL, compiling, the model and the checks.
VALIDATE_LAYERS = ("aslfile.py", "loader.py", "compiler.py", "dsl/", "model/", "checks/")


def _codes_raised_by_validate_layers() -> set[str]:
    found = {code for where, codes in DYNAMIC.items() if where.startswith("dsl/") for code in codes}
    for path in SOURCE.rglob("*.py"):
        if str(path.relative_to(SOURCE)).startswith(VALIDATE_LAYERS):
            text = path.read_text(encoding="utf-8")
            found.update(code for pattern in _SITES.values() for code in pattern.findall(text))
    return found


def test_every_code_validate_can_report_is_known_to_ignore() -> None:
    assert _codes_raised_by_validate_layers() - KNOWN_CODES == set()


@pytest.mark.parametrize("code", ["file-not-found", "invalid-json"])
def test_ignoring_a_load_failure_does_not_make_the_file_clean(tmp_path: Path, code: str) -> None:
    target = tmp_path / "x.asl.json"
    if code == "invalid-json":
        target.write_text("{nope")
    result = CliRunner().invoke(cli, ["validate", str(target), "--ignore", code])
    assert result.exit_code == 1
    assert f"{target}" in result.stderr
    assert "no problems found" not in result.stderr


def test_real_codes_are_ignored_without_a_warning_and_typos_get_a_hint(tmp_path: Path) -> None:
    target = tmp_path / "x.asl.json"
    target.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}')
    quiet = CliRunner().invoke(cli, ["validate", str(target), "--ignore", "unused-state,path-misuse"])
    assert quiet.exit_code == 0
    assert "warning" not in quiet.stderr
    typo = CliRunner().invoke(cli, ["validate", str(target), "--ignore", "unreachabel-state"])
    assert "did you mean 'unreachable-state'" in typo.stderr
