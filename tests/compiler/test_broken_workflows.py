"""Broken workflows as a newcomer writes them: every problem reported, once, at its line.

Each file in `heldout/` is a workflow with the mistakes people make (typos, a state reused in
two scopes, `and` between conditions, a loop with no exit, a syntax error...). A trailing
`# expect: code, code` comment names the diagnostics located at that line, and
`# expect-file: code` one located at the file itself (which workflow to pick, none defined).
A case with no comment must load cleanly. The files are data: ruff and mypy skip the folder.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import flowdsl
from flowdsl.cli.main import cli

HELDOUT = Path(__file__).parent / "heldout"
CASES = sorted(HELDOUT.glob("*.py"))
_EXPECT = re.compile(r"#\s*expect(-file)?:\s*(.+)$")

Located = tuple[str, int | None]


def expected(case: Path) -> Counter[Located]:
    """(code, line) pairs from the case's `# expect:` comments (line None for `expect-file`)."""
    found: Counter[Located] = Counter()
    for number, line in enumerate(case.read_text(encoding="utf-8").splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            codes = [code.strip() for code in match.group(2).split(",")]
            found.update((code, None if match.group(1) else number) for code in codes)
    return found


def located(diagnostic: flowdsl.Diagnostic, case: Path) -> Located:
    """The diagnostic's code and line, after checking it points into the case file."""
    where, _, line = diagnostic.location.rpartition(":")
    if not line.isdigit():
        where, line = diagnostic.location, ""
    assert Path(where).resolve() == case.resolve(), diagnostic.format()
    return diagnostic.code, int(line) if line else None


@pytest.fixture(autouse=True)
def _in_heldout(monkeypatch: pytest.MonkeyPatch) -> None:
    # Locations are shown relative to the working directory, as a user running there sees them.
    monkeypatch.chdir(HELDOUT)


def test_there_are_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_every_problem_is_reported_once_at_its_line(case: Path) -> None:
    diagnostics = flowdsl.validate(case.name)
    assert Counter(located(d, case) for d in diagnostics) == expected(case)


@pytest.mark.parametrize("command", ["compile", "validate", "diagram", "run"])
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_commands_answer_in_located_lines_with_a_documented_exit_code(case: Path, command: str) -> None:
    options = {"compile": ["-o", "-"], "diagram": ["-o", "-"], "run": ["--input", "{}"]}
    result = CliRunner().invoke(cli, [command, case.name, *options.get(command, [])])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("flowdsl: ")]
    for line in problems:
        if " error: " in line or " warning: " in line:
            assert re.search(rf"\[{re.escape(case.name)}(:\d+)?\]$", line), line


@pytest.mark.parametrize("command", ["compile", "validate"])
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_checking_commands_fail_exactly_when_there_are_errors(case: Path, command: str) -> None:
    options = ["-o", "-"] if command == "compile" else []
    result = CliRunner().invoke(cli, [command, case.name, *options])
    diagnostics = flowdsl.validate(case.name)
    assert result.exit_code == (1 if any(d.is_error for d in diagnostics) else 0), result.stderr
    lines = result.stderr.splitlines()
    for diagnostic in diagnostics:  # each on a line of its own, even with a newline in a name
        assert f"flowdsl: {diagnostic.format()}" in lines
    reported = [line for line in lines if re.match(r"flowdsl: (error|warning): ", line)]
    assert len(reported) == sum(expected(case).values())
