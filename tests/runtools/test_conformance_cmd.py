"""`python -m tools.conformance.executions`: scoring, known-failure bookkeeping, report shapes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tools.conformance.executions import json_equal, load_known_failures, main

PASS_ONE: dict[str, Any] = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 1, "End": True}}}
FAIL_BOOM: dict[str, Any] = {
    "StartAt": "F",
    "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "ours"}},
}


def _case(name: str, definition: dict[str, Any], expected: dict[str, Any], **extra: Any) -> dict[str, Any]:
    category = extra.pop("category", "base")
    language = extra.pop("language", "JSONPath")
    return {
        "id": name,
        "category": category,
        "query_language": language,
        "definition": definition,
        "input": {},
        "expected": expected,
        **extra,
    }


CASES = [
    _case("pass-ok", PASS_ONE, {"status": "SUCCEEDED", "output": 1}),
    _case("pass-wrong-output", PASS_ONE, {"status": "SUCCEEDED", "output": True}, category="scenarios"),
    _case("fail-ok-cause-differs", FAIL_BOOM, {"status": "FAILED", "error": "Boom", "cause": "theirs"}),
    _case("fail-wrong-error", FAIL_BOOM, {"status": "FAILED", "error": "Bang"}, language="JSONata"),
    _case("skipped", PASS_ONE, {"status": "SUCCEEDED", "output": 1}, skip="placeholders"),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "execution").mkdir()
    lines = "\n".join(json.dumps(case) for case in CASES)
    (tmp_path / "execution" / "cases.jsonl").write_text(lines + "\n", encoding="utf-8")
    return tmp_path


def _known(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "known.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_json_report_scores_by_the_readme_rule(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--dir", str(folder), "--format", "json", "--known-failures", str(_known(folder, {}))])
    report = json.loads(capsys.readouterr().out)
    assert (report["passed"], report["run"], report["skipped"]) == (2, 4, {"placeholders": 1})
    assert (report["causes_matched"], report["causes_judged"]) == (0, 1)
    assert report["by_category"]["scenarios"] == {"passed": 0, "run": 1}
    assert report["by_language"] == {"JSONPath": {"passed": 2, "run": 3}, "JSONata": {"passed": 0, "run": 1}}
    reasons = {failure["id"]: failure["reason"] for failure in report["new_failures"]}
    assert reasons == {
        "pass-wrong-output": "output 1, expected true",
        "fail-wrong-error": "error 'Boom', expected 'Bang'",
    }


def test_new_failures_exit_1_and_known_ones_exit_0(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dir", str(folder), "--known-failures", str(_known(folder, {}))]) == 1
    known = {"pass-wrong-output": "bool is not a number", "fail-wrong-error": "different error"}
    assert main(["--dir", str(folder), "--known-failures", str(_known(folder, known))]) == 0
    text = capsys.readouterr().out
    assert "conformance: 2/4 passed (50.0%), 1 skipped" in text
    assert "  pass-wrong-output: bool is not a number" in text
    assert "new failures (0):" in text


def test_a_known_failure_that_passes_asks_for_the_list_to_shrink(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    known = {"pass-wrong-output": "x", "fail-wrong-error": "y", "pass-ok": "was broken"}
    assert main(["--dir", str(folder), "--known-failures", str(_known(folder, known))]) == 1
    assert "known failures that now pass (1): pass-ok" in capsys.readouterr().out


def test_missing_data_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dir", str(tmp_path / "absent")]) == 2
    assert "no conformance cases at" in capsys.readouterr().err


def test_known_failures_accept_a_mapping_or_a_list(tmp_path: Path) -> None:
    assert load_known_failures(_known(tmp_path, {"a": "why"})) == {"a": "why"}
    assert load_known_failures(_known(tmp_path, [{"id": "a", "reason": "why"}])) == {"a": "why"}


def test_the_engines_list_is_found_by_default() -> None:
    assert isinstance(load_known_failures(), dict)


EQUALITY = {
    "key-order": ({"a": 1, "b": 2}, {"b": 2, "a": 1}, True),
    "int-float": ([1], [1.0], True),
    "bool-is-not-int": (True, 1, False),
    "nested-bool": ({"a": [0]}, {"a": [False]}, False),
    "null-vs-missing": ({"a": None}, {}, False),
    "string-vs-number": ("1", 1, False),
}


@pytest.mark.parametrize(("a", "b", "equal"), EQUALITY.values(), ids=EQUALITY.keys())
def test_json_equality(a: Any, b: Any, equal: bool) -> None:
    assert json_equal(a, b) is equal


def test_the_shared_data_runs_end_to_end(conformance_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--dir", str(conformance_dir), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["run"] + sum(report["skipped"].values()) == 710
    assert report["passed"] + len(report["known_failures"]) + len(report["new_failures"]) == report["run"]
