"""Small things a new user trips over (issue #10, "Friction")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import flowdsl
from flowdsl.cli.main import cli
from flowdsl.diagnostics import error

PASS = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def test_str_of_a_diagnostic_is_its_one_line_message() -> None:
    diagnostic = error("unknown-target", "state 'A' -> Next 'B' does not exist", "/States/A/Next")
    assert str(diagnostic) == "error: state 'A' -> Next 'B' does not exist [/States/A/Next]"
    assert repr(diagnostic).startswith("Diagnostic(code='unknown-target'")


def test_template_dash_o_dash_prints_to_stdout(
    repo_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["template", str(repo_root / "examples" / "callcenter.py"), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "AWS::Serverless::StateMachine" in result.stdout
    assert not (tmp_path / "-").exists()


def test_version_names_the_package_version() -> None:
    from importlib.metadata import version  # noqa: PLC0415

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"flowdsl, version {version('flowdsl')}"


@pytest.mark.parametrize(("given", "expected"), [((), {}), ((None,), None), (({},), {}), ((0,), 0)])
def test_the_python_api_tells_no_input_from_json_null(given: tuple[Any, ...], expected: Any) -> None:
    assert flowdsl.run(PASS, *given).output == expected
    assert flowdsl.run(PASS, **({"input": given[0]} if given else {})).output == expected


def test_cli_input_null_is_json_null(tmp_path: Path) -> None:
    path = tmp_path / "p.asl.json"
    path.write_text(json.dumps(PASS))
    result = CliRunner().invoke(cli, ["run", str(path), "--input", "null", "--format", "json"])
    assert json.loads(result.stdout)["output"] is None
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "json"])
    assert json.loads(result.stdout)["output"] == {}


def test_a_successful_text_run_prints_no_error_or_cause(tmp_path: Path) -> None:
    path = tmp_path / "p.asl.json"
    path.write_text(json.dumps(PASS))
    result = CliRunner().invoke(cli, ["run", str(path), "--input", '{"a": 1}'])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "SUCCEEDED" in lines
    assert not [line for line in lines if line.startswith(("error:", "cause:"))]


def test_one_history_shape_for_the_file_and_the_python_api(tmp_path: Path) -> None:
    path = tmp_path / "p.asl.json"
    path.write_text(json.dumps(PASS))
    written = tmp_path / "history.json"
    result = CliRunner().invoke(cli, ["run", str(path), "--history", str(written)])
    assert result.exit_code == 0, result.output
    from_file = json.loads(written.read_text())
    execution = flowdsl.run(PASS)
    from_python = json.loads(json.dumps(execution.history_document, default=str))
    assert set(from_file) == set(from_python) == {"events"}
    assert [e["type"] for e in from_file["events"]] == [e["type"] for e in from_python["events"]]
    assert execution.history_document["events"] is execution.history
