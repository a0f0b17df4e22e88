"""`flowdsl run --format json` prints exactly one JSON object on stdout for every outcome,
refusals included (status ERROR with the diagnostics), and nothing on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.runtools.cases import invoke

BROKEN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Bee"}, "B": {"Type": "Succeed"}}}
BAD_MOCKS = {
    "StateMachines": {"Order": {"TestCases": {"Happy": {"Charge": "Missing"}}}},
    "MockedResponses": {"Twice": {"0": {"Return": 1}, "0-1": {"Return": 2}}},
}

# id -> (extra arguments, the diagnostic codes expected); `{dir}` is the order fixture's folder.
REFUSALS: dict[str, tuple[list[str], list[str]]] = {
    "input-not-json": (["--input", "{'a': 1}"], ["input-not-json"]),
    "input-nested-too-deeply": (["--input", "[" * 100_000 + "]" * 100_000], ["input-not-json"]),
    "input-unreadable": (["--input-file", "{dir}/absent.json"], ["input-unreadable"]),
    "handler-missing": ([], ["handler-missing"]),
    "handler-binding-invalid": (["--handlers", "charge=ChargeFunction"], ["handler-binding-invalid"]),
    "test-case-unknown": (
        ["--mock", "{dir}/MockConfigFile.json", "--test-case", "Hapy"],
        ["mock-test-case-unknown"],
    ),
    "mock-file-mistakes": (["--mock", "{dir}/bad.json"], ["mock-config-invalid", "mock-config-invalid"]),
}


def _only_object(result: Result) -> dict[str, Any]:
    """The single JSON object on stdout (json.loads rejects anything after it)."""
    assert result.stderr == ""
    assert "Traceback" not in result.stdout
    value = json.loads(result.stdout)
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize(("args", "codes"), REFUSALS.values(), ids=REFUSALS.keys())
def test_a_refused_run_is_one_error_object(
    order: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    codes: list[str],
) -> None:
    folder = order[0].parent
    (folder / "bad.json").write_text(json.dumps(BAD_MOCKS), encoding="utf-8")
    monkeypatch.chdir(folder)  # no lambdas/ folder here, so ChargeFunction has no handler
    result = invoke(str(order[0]), *(arg.replace("{dir}", str(folder)) for arg in args), "--format", "json")
    assert result.exit_code == 1
    report = _only_object(result)
    assert {key: report[key] for key in ("status", "output", "error", "cause")} == {
        "status": "ERROR",
        "output": None,
        "error": None,
        "cause": None,
    }
    assert sorted(d["code"] for d in report["diagnostics"]) == codes
    assert all(set(d) == {"code", "severity", "message", "location"} for d in report["diagnostics"])


def test_an_invalid_definition_lists_every_diagnostic_with_its_location(tmp_path: Path) -> None:
    broken = tmp_path / "broken.asl.json"
    broken.write_text(json.dumps(BROKEN, indent=2), encoding="utf-8")
    result = invoke(str(broken), "--format", "json")
    assert result.exit_code == 1
    diagnostics = _only_object(result)["diagnostics"]
    assert len(diagnostics) >= 2
    assert {d["severity"] for d in diagnostics} == {"error"}
    assert any("'Bee'" in d["message"] and d["location"].startswith(f"{broken}:") for d in diagnostics)


def test_a_failed_execution_is_not_an_error_object(order: tuple[Path, Path]) -> None:
    definition = order[0].parent / "fail.asl.json"
    definition.write_text(
        json.dumps({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}),
        encoding="utf-8",
    )
    result = invoke(str(definition), "--format", "json")
    assert result.exit_code == 1
    assert _only_object(result) == {"status": "FAILED", "output": None, "error": "E", "cause": "c"}


def test_usage_errors_leave_stdout_empty(order: tuple[Path, Path]) -> None:
    result = invoke(str(order[0]), "--format", "json", "--test-case", "Happy")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--test-case needs --mock" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_what_handlers_print_goes_to_stderr_like_lambda_logs(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "noisy.py").write_text(
        "print('imported')\n\ndef handler(event, context):\n    print('handling', event)\n    return event\n",
        encoding="utf-8",
    )
    definition = tmp_path / "noisy.asl.json"
    definition.write_text(
        json.dumps(
            {
                "StartAt": "T",
                "States": {
                    "T": {
                        "Type": "Task",
                        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Noisy",
                        "End": True,
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    binding = f"{tmp_path / 'noisy.py'}:handler=Noisy"
    result = invoke(str(definition), "--handlers", binding, "--input", '{"n": 1}', "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stderr == "imported\nhandling {'n': 1}\n"
    assert "handling" not in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["output"] == {"n": 1}
