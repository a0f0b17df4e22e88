"""The recorded `intrinsic_functions` cases of the shared conformance data, run through the
expression layer alone.

Most of them are a single Pass state whose Parameters call an intrinsic; `run_single_pass` below is
a test helper (not an engine) that applies InputPath -> Parameters -> ResultPath -> OutputPath to
such a state. Cases that need more (other state types, several states, JSONata) are skipped with the
reason; the engine's own conformance suite runs them.
Scoring follows the data's README: status equal; SUCCEEDED outputs equal as JSON; FAILED error names equal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.jsonpath import compile_path
from flowdsl.expr.payload import render
from flowdsl.expr.result_path import apply_result_path
from tests.conftest import conformance_path

CATEGORY = "intrinsic_functions"


def _load_cases() -> list[dict[str, Any]]:
    cases_file = conformance_path() / "execution" / "cases.jsonl"
    if not cases_file.is_file():
        return []
    with cases_file.open(encoding="utf-8") as lines:
        cases = [json.loads(line) for line in lines if line.strip()]
    return [case for case in cases if case["category"] == CATEGORY]


CASES = _load_cases()


def _why_not_runnable(case: dict[str, Any]) -> str | None:
    if "skip" in case:
        return f"recorded case cannot run as is: {case['skip']}"
    if case["query_language"] != "JSONPath":
        return "JSONata machine: covered by tests/expr/jsonata"
    states = case["definition"]["States"]
    if len(states) != 1 or next(iter(states.values()))["Type"] != "Pass":
        return "needs the engine: not a single Pass state"
    return None


def _context(case: dict[str, Any], state_name: str) -> dict[str, Any]:
    execution_id = "arn:aws:states:us-east-1:111111111111:execution:conformance:case"
    return {
        "Execution": {"Id": execution_id, "Input": case["input"], "Name": "case"},
        "State": {"Name": state_name, "EnteredTime": "2024-01-01T00:00:00.000Z", "RetryCount": 0},
        "StateMachine": {
            "Id": "arn:aws:states:us-east-1:111111111111:stateMachine:conformance",
            "Name": "conformance",
        },
    }


def _path_field(state: dict[str, Any], name: str) -> str | None:
    """A path field's value: "$" when absent, None when an explicit null."""
    value: str | None = state.get(name, "$")
    return value


def run_single_pass(case: dict[str, Any]) -> dict[str, Any]:
    """Test helper: the outcome of a one-Pass-state machine, shaped like the recorded `expected`."""
    state_name, state = next(iter(case["definition"]["States"].items()))
    context = _context(case, state_name)
    state_input = case["input"]
    try:
        input_path = _path_field(state, "InputPath")
        effective = {} if input_path is None else compile_path(input_path).select(state_input, context)
        result = state.get("Result", effective)
        if "Parameters" in state:
            result = render(state["Parameters"], effective, context)
        output = apply_result_path(state_input, _path_field(state, "ResultPath"), result)
        output_path = _path_field(state, "OutputPath")
        output = {} if output_path is None else compile_path(output_path).select(output, context)
    except AslRuntimeError as exc:
        return {"status": "FAILED", "error": exc.error, "cause": exc.cause}
    return {"status": "SUCCEEDED", "output": output}


def _canonical(value: Any) -> str:
    """Type-strict JSON equality (so `1` differs from `true` and `1.0`), object key order ignored."""
    return json.dumps(value, sort_keys=True)


def _matches(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    if actual["status"] != expected["status"]:
        return False
    if expected["status"] == "SUCCEEDED":
        return _canonical(actual["output"]) == _canonical(expected["output"])
    return bool(actual["error"] == expected.get("error"))


@pytest.mark.parametrize("case", CASES, ids=[case["id"].removeprefix(CATEGORY + "/") for case in CASES])
def test_recorded_case(case: dict[str, Any], conformance_dir: Path) -> None:
    reason = _why_not_runnable(case)
    if reason is not None:
        pytest.skip(reason)
    actual = run_single_pass(case)
    assert _matches(actual, case["expected"]), f"got {actual}, recorded {case['expected']}"


def test_intrinsic_cases_are_present(conformance_dir: Path) -> None:
    assert len(CASES) > 100, "the conformance data should hold the recorded intrinsic function cases"
