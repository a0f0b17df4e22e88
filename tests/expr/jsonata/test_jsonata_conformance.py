"""The JSONata cases of the shared conformance data that this layer can run alone.

A single JSONata Pass state is its Assign and Output evaluated over the execution input; every
other case needs the engine (tests/conformance runs them all) and is skipped with that reason.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.jsonata import evaluate_template


def _cases_file() -> Path:
    # Parametrization happens at collection, before fixtures: the same lookup as the
    # `conformance_dir` fixture in tests/conftest.py.
    configured = os.environ.get("FLOWDSL_CONFORMANCE_DIR")
    root = Path(configured) if configured else Path(__file__).resolve().parents[4] / "shared" / "conformance"
    return root / "execution" / "cases.jsonl"


def _jsonata_cases() -> list[dict[str, Any]]:
    path = _cases_file()
    if not path.is_file():
        return []
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [case for case in cases if case["query_language"] == "JSONata"]


def _why_not_runnable(case: dict[str, Any]) -> str | None:
    if "skip" in case:
        return f"unrunnable as recorded: {case['skip']}"
    definition = case["definition"]
    states = list(definition["States"].values())
    if len(states) != 1 or states[0]["Type"] != "Pass":
        types = ", ".join(state["Type"] for state in states)
        return f"needs the engine (states: {types})"
    if (states[0].get("QueryLanguage") or definition.get("QueryLanguage")) != "JSONata":
        return "the Pass state itself is JSONPath"
    return None


def _run_pass(state: dict[str, Any], state_input: Any) -> Any:
    states = {"input": state_input, "context": {"State": {"Name": "State_0"}}}
    # Assign is evaluated before Output, both over the state's input (AWS, "Passing data
    # between states with variables"): a single state never reads its own assignments.
    evaluate_template(state.get("Assign", {}), states=states, variables={}, field="Assign")
    if "Output" not in state:
        return state_input
    return evaluate_template(state["Output"], states=states, variables={}, field="Output")


CASES = _jsonata_cases()


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_conformance_case(case: dict[str, Any]) -> None:
    reason = _why_not_runnable(case)
    if reason:
        pytest.skip(reason)
    state = next(iter(case["definition"]["States"].values()))
    expected = case["expected"]
    try:
        output = _run_pass(state, case["input"])
    except AslRuntimeError as error:
        assert expected["status"] == "FAILED", error.cause
        assert error.error == expected["error"]
        # AWS prefixes the state and event id (the engine's part); the rest is this layer's.
        assert expected["cause"].endswith(error.cause)
        return
    assert expected["status"] == "SUCCEEDED"
    assert output == expected["output"]


def test_there_are_jsonata_cases(conformance_dir: Path) -> None:
    assert len(_jsonata_cases()) >= 36
