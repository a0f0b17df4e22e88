"""`flowdsl run` through click's CliRunner: trace text, the JSON shape, exit codes, bad inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import flowdsl.deploy
from flowdsl.cli.main import cli
from flowdsl.engine import RealClock
from tests.runtools.cases import ORDER, invoke

REPO = Path(__file__).resolve().parents[2]
CALLCENTER = str(REPO / "examples" / "callcenter.py")
CASE_001 = '{"inputCaseID": "001"}'
STATUS = "FLOWDSL_WORK_ON_CASE_STATUS"  # lambdas/work_on_case.py's switch for its random outcome


def test_callcenter_resolved_path_succeeds_with_the_tutorial_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STATUS, "1")
    result = invoke(CALLCENTER, "--input", CASE_001)
    assert result.exit_code == 0, result.output + result.stderr
    states = [line.split()[0:2] for line in result.stdout.splitlines()[:5]]
    assert [s[0] for s in states] == ["Open", "Assign", "Work", "Is", "Close"]
    assert "SUCCEEDED" in result.stdout
    assert "Case 001: opened...assigned...resolved...closed." in result.stdout


def test_callcenter_unresolved_path_fails_with_tier_2_cause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STATUS, "0")
    result = invoke(CALLCENTER, "--input", CASE_001)
    assert result.exit_code == 1
    assert "Escalate Case" in result.stdout
    assert result.stdout.splitlines()[-3:] == ["FAILED", "error: null", "cause: Engage Tier 2 Support."]


def test_trace_lines_show_state_type_duration_and_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STATUS, "1")
    first = invoke(CALLCENTER, "--input", CASE_001).stdout.splitlines()[0].split()
    assert first[:3] == ["Open", "Case", "Task"]
    assert first[-1] == "succeeded"
    assert first[-2] in ("ms", "s")


def test_json_format_prints_exactly_one_object(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STATUS, "0")
    result = invoke(CALLCENTER, "--input", CASE_001, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "status": "FAILED",
        "output": None,
        "error": None,
        "cause": "Engage Tier 2 Support.",
    }


def test_mock_file_test_cases_drive_retry_and_catch(order: tuple[Path, Path]) -> None:
    definition, mocks = order
    happy = json.loads(
        invoke(str(definition), "--mock", str(mocks), "--test-case", "Happy", "--format", "json").stdout
    )
    assert happy == {"status": "SUCCEEDED", "output": {"MessageId": "m-1"}, "error": None, "cause": None}
    retried = invoke(str(definition), "--mock", str(mocks), "--test-case", "Order#Throttled")
    assert retried.exit_code == 0, retried.output
    charge = retried.stdout.splitlines()[0].split()
    assert charge[0] == "Charge"
    assert charge[-4:] == ["succeeded", "after", "2", "retries"]
    assert charge[2:4] == ["3.000", "s"]  # IntervalSeconds 1, BackoffRate 2: 1 s + 2 s of virtual time
    declined = invoke(str(definition), "--mock", str(mocks), "--test-case", "Declined", "--format", "json")
    assert json.loads(declined.stdout)["output"] == "refunded"


def test_caught_state_is_marked_caught_with_its_error_in_the_trace(order: tuple[Path, Path]) -> None:
    definition, mocks = order
    lines = invoke(str(definition), "--mock", str(mocks), "--test-case", "Declined").stdout.splitlines()
    assert lines[0].split()[0] == "Charge"
    assert lines[0].split()[-2:] == ["caught", "Card.Declined"]  # the error the Catch took over
    assert lines[1].split()[0] == "Refund"


def test_history_and_diagram_files_are_written(order: tuple[Path, Path], tmp_path: Path) -> None:
    definition, mocks = order
    history, diagram = tmp_path / "history.json", tmp_path / "path.mmd"
    args = [
        "--mock",
        str(mocks),
        "--test-case",
        "Happy",
        "--history",
        str(history),
        "--diagram",
        str(diagram),
    ]
    assert invoke(str(definition), *args).exit_code == 0
    events = json.loads(history.read_text(encoding="utf-8"))["events"]
    assert events[0]["type"] == "ExecutionStarted"
    assert events[-1]["type"] == "ExecutionSucceeded"
    assert "Charge" in diagram.read_text(encoding="utf-8")


USAGE_ERRORS = {
    "input-twice": (["--input", "{}", "--input-file", "x.json"], "not both"),
    "test-case-without-mock": (["--test-case", "Happy"], "--test-case needs --mock"),
    "remote-with-mock": (["--remote", "--mock", "m.json"], "local only"),
}


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_exit_2(order: tuple[Path, Path], args: list[str], message: str) -> None:
    result = invoke(str(order[0]), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def _one_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_invalid_json_input_is_one_line(order: tuple[Path, Path]) -> None:
    line = _one_error(invoke(str(order[0]), "--input", "{'a': 1}"))
    assert line.startswith(
        "flowdsl: error: input is not valid JSON: expecting property name enclosed in double quotes"
    )
    assert line.endswith("[--input]")


def test_input_file_dash_reads_stdin(tmp_path: Path) -> None:
    echo = tmp_path / "echo.asl.json"
    echo.write_text(
        json.dumps({"StartAt": "E", "States": {"E": {"Type": "Pass", "End": True}}}), encoding="utf-8"
    )
    args = ["run", str(echo), "--input-file", "-", "--format", "json"]
    result = CliRunner().invoke(cli, args, input='{"order": 1}')
    assert json.loads(result.stdout)["output"] == {"order": 1}


def test_unreadable_input_file_is_one_line(order: tuple[Path, Path], tmp_path: Path) -> None:
    line = _one_error(invoke(str(order[0]), "--input-file", str(tmp_path / "absent.json")))
    assert "cannot read input file: no such file or directory" in line


def test_missing_handler_binding_is_one_line(
    order: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(order[0].parent)
    line = _one_error(invoke(str(order[0])))
    assert "no handler for Lambda function 'ChargeFunction' used by state 'Charge'" in line


def test_unknown_test_case_is_one_line(order: tuple[Path, Path]) -> None:
    line = _one_error(invoke(str(order[0]), "--mock", str(order[1]), "--test-case", "Hapy"))
    assert "no test case 'Hapy' (did you mean 'Happy'?)" in line


def test_definition_failing_validation_is_refused_before_running(tmp_path: Path) -> None:
    broken = tmp_path / "broken.asl.json"
    broken.write_text(
        json.dumps(
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Bee"}, "B": {"Type": "Succeed"}}}
        ),
        encoding="utf-8",
    )
    result = invoke(str(broken))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "'Bee'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unserialisable_handler_result_fails_like_lambda(order: tuple[Path, Path]) -> None:
    handler = order[0].parent / "bad_charge.py"
    handler.write_text("def handler(event, context):\n    return {1, 2}\n", encoding="utf-8")
    args = ["--handlers", f"{handler}:handler=ChargeFunction", "--format", "json"]
    result = json.loads(
        invoke(str(order[0]), *args, "--mock", str(order[1]), "--test-case", "Declined").stdout
    )
    assert result["status"] == "SUCCEEDED"  # the mock, not the handler, answered: mocks win for their states
    charge = {k: v for k, v in ORDER["States"]["Charge"].items() if k not in ("Catch", "Next")}
    direct = {"StartAt": "Charge", "States": {"Charge": {**charge, "End": True}}}
    path = order[0].parent / "direct.asl.json"
    path.write_text(json.dumps(direct), encoding="utf-8")
    failed = json.loads(invoke(str(path), *args).stdout)
    assert (failed["status"], failed["error"]) == ("FAILED", "Runtime.MarshalError")
    assert "Unable to marshal response" in failed["cause"]


def test_remote_calls_deploy_run_remote(order: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake(source: Any, payload: Any, **options: Any) -> dict[str, Any]:
        seen.update(payload=payload, start_at=source.definition.start_at, **options)
        return {"status": "SUCCEEDED", "output": {"remote": True}, "error": None, "cause": None}

    monkeypatch.setattr(flowdsl.deploy, "run_remote", fake, raising=False)
    where = ["--stack", "order-test", "--region", "eu-west-1", "--profile", "dev"]
    result = invoke(str(order[0]), "--remote", "--input", '{"x": 1}', *where, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["output"] == {"remote": True}
    assert seen == {
        "payload": {"x": 1},
        "start_at": "Charge",
        "name": "order-test",  # run_remote's `name` is the stack, as deploy's
        "region": "eu-west-1",
        "profile": "dev",
    }


NESTED: dict[str, Any] = {
    "StartAt": "Pause",
    "States": {
        "Pause": {"Type": "Wait", "Seconds": 90, "Next": "Fan"},
        "Fan": {
            "Type": "Parallel",
            "Branches": [{"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": True}}}],
            "Next": "Each",
        },
        "Each": {
            "Type": "Map",
            "ItemsPath": "$[0].items",
            "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": True}}},
            "End": True,
        },
    },
}


def test_trace_indents_nested_states_and_shows_virtual_waits(tmp_path: Path) -> None:
    path = tmp_path / "nested.asl.json"
    path.write_text(json.dumps(NESTED), encoding="utf-8")
    result = invoke(str(path), "--input", '{"items": [1, 2]}')
    assert result.exit_code == 0, result.output
    rows = [line.rstrip() for line in result.stdout.splitlines()[:6]]
    names = [row[: len(row) - len(row.lstrip())] + row.split()[0] for row in rows]
    assert names == ["Pause", "Fan", "  Left", "Each", "  [0]", "  [1]"]  # Map rows name their item
    assert rows[0].split()[1:] == ["Wait", "1.5", "min", "succeeded"]


def test_installed_console_script_runs_the_callcenter() -> None:
    script = Path(sys.executable).with_name("flowdsl")
    env = {**os.environ, STATUS: "1"}
    done = subprocess.run(
        [str(script), "run", CALLCENTER, "--input", CASE_001, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["output"]["Message"] == "Case 001: opened...assigned...resolved...closed."


def test_remote_without_boto3_is_one_line(order: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # what an install without the aws extra looks like
    line = _one_error(invoke(str(order[0]), "--remote"))
    assert "boto3 is not installed: pip install 'flowdsl[aws]'" in line


def test_real_time_uses_the_real_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(RealClock, "sleep", lambda self, lane, seconds: slept.append(seconds))
    path = tmp_path / "wait.asl.json"
    path.write_text(
        json.dumps({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": True}}})
    )
    assert invoke(str(path), "--real-time").exit_code == 0
    assert slept == [5]
    assert invoke(str(path)).exit_code == 0
    assert slept == [5]  # the default virtual clock never sleeps
