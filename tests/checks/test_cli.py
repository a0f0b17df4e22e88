"""`flowdsl validate` through click's CliRunner, plus one real subprocess of the console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowdsl.cli.main import cli

CASES = Path(__file__).parent / "cases"
CLEAN = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "ok.asl.json"
    path.write_text(CLEAN)
    code, out, err = run(str(path))
    assert (code, out) == (0, "")
    assert "no problems found in 1 source(s)" in err


def test_errors_exit_one_with_file_line_and_pointer() -> None:
    code, _, err = run(str(CASES / "unknown-target.asl.json"))
    assert code == 1
    line = err.strip().splitlines()[0]
    assert line.startswith("flowdsl: error: state 'Open Case' -> Next 'Asign Case' does not exist")
    assert line.endswith(f"[{CASES / 'unknown-target.asl.json'}:6 /States/Open Case/Next]")


def test_warnings_alone_exit_zero_unless_promoted() -> None:
    path = str(CASES / "missing-default.asl.json")
    assert run(path)[0] == 0
    code, _, err = run("--warnings-as-errors", path)
    assert code == 1
    assert "flowdsl: error: choice state 'C' has no 'Default'" in err


def test_json_format_lists_code_severity_message_location() -> None:
    code, out, _ = run("--format", "json", str(CASES / "unreachable-state.asl.json"))
    assert code == 1
    (item,) = json.loads(out)
    assert set(item) == {"code", "severity", "message", "location"}
    assert (item["code"], item["severity"]) == ("unreachable-state", "error")


def test_ignore_drops_codes() -> None:
    assert run("--ignore", "unreachable-state", str(CASES / "unreachable-state.asl.json"))[0] == 0


def test_ignore_warns_about_unknown_codes() -> None:
    _, _, err = run("--ignore", "unreachable-stat", str(CASES / "unreachable-state.asl.json"))
    assert "'unreachable-stat' is not a flowdsl code (did you mean 'unreachable-state'?)" in err


def test_several_sources_and_the_text_limit(tmp_path: Path) -> None:
    states = {f"S{i}": {"Type": "Pass", "End": True} for i in range(30)}
    path = tmp_path / "many.asl.json"
    path.write_text(json.dumps({"StartAt": "S0", "States": states}))
    code, _, err = run(str(path), str(CASES / "unknown-target.asl.json"))
    lines = err.strip().splitlines()
    assert code == 1
    assert len(lines) == 21
    assert lines[-1] == "flowdsl: ... and 10 more"


def test_bad_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text("StartAt: A\nStates: {}\n")
    code, _, err = run(str(path))
    assert code == 1
    assert err.strip() == f"flowdsl: error: this looks like YAML: ASL files are JSON [{path}]"


def test_usage_errors_exit_two() -> None:
    assert run()[0] == 2
    assert run("--format", "xml", "x.json")[0] == 2


def test_python_workflow_is_located_in_the_python_file(tmp_path: Path) -> None:
    path = tmp_path / "flow.py"
    path.write_text(
        "from flowdsl import Choice, Pass, S, Succeed, Workflow\n"
        "done = Succeed('Done')\n"
        "check = Choice('Check').when(S.ok == True, done)\n"
        "flow = Workflow('flow', Pass('Start') >> check)\n"
    )
    code, _, err = run(str(path))
    assert code == 0
    assert err.strip().startswith("flowdsl: warning: choice state 'Check' has no 'Default'")
    assert err.strip().endswith("flow.py:3]")


SCRIPT = Path(sys.executable).parent / "flowdsl"


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed beside the interpreter")
def test_console_script_smoke() -> None:
    done = subprocess.run(
        [str(SCRIPT), "validate", "--format", "json", str(CASES / "empty-choices.asl.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert [item["code"] for item in json.loads(done.stdout)] == ["empty-choices"]


def test_duplicate_names_name_both_lines() -> None:
    _, _, err = run(str(CASES / "duplicate-state-name.asl.json"))
    assert "state name 'Done' is used twice: also at line 18 (/States/Done);" in err
    assert err.strip().endswith("duplicate-state-name.asl.json:10 /States/P/Branches/0/States/Done]")
