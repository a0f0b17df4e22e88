"""Held-out cases: AWS's documented examples (and LocalStack's AWS-validated snapshots) as data.

Each `heldout/*.json` file is one execution: `definition`, `input`, `expected` (status, and the
output or the error and cause where the source gives them), the `source` it was taken from,
and optionally `mocks` (state -> `{"Return": v}`, `{"Throw": {"Error", "Cause"}}`, `{"Echo": true}`
for the effective input, or a list of those, one per call), `handlers` (Lambda function name ->
`{"Return": v}` or `{"Raise": [class name, message]}`), `context` (context object overrides)
and `timings` (event type -> the seconds after the start at which each such event happened).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.engine import Execution, Return, Throw
from flowdsl.engine.mocks import MockResponse, MockSpec
from tests.engine.helpers import run, seconds_at

CASES = sorted((Path(__file__).parent / "heldout").glob("*.json"))


def _response(spec: dict[str, Any]) -> MockResponse:
    if "Return" in spec:
        return Return(spec["Return"], spec.get("Seconds", 0.0))
    if "Throw" in spec:
        thrown = spec["Throw"]
        return Throw(thrown["Error"], thrown.get("Cause"), spec.get("Seconds", 0.0))
    return lambda effective: effective  # Echo: the task returns its effective input


def _mock(spec: dict[str, Any] | list[dict[str, Any]]) -> MockSpec:
    return [_response(item) for item in spec] if isinstance(spec, list) else _response(spec)


def _handler(spec: dict[str, Any]) -> Any:
    def handler(event: Any, context: Any) -> Any:
        if "Raise" in spec:
            name, message = spec["Raise"]
            raise type(name, (Exception,), {})(message)
        return event if spec.get("Echo") else spec["Return"]

    return handler


def _check(execution: Execution, expected: dict[str, Any]) -> None:
    assert execution.status == expected["status"], (execution.error, execution.cause)
    if "output" in expected:
        assert execution.output == expected["output"]
    if "error" in expected:
        assert execution.error == expected["error"]
    if "cause" in expected:
        assert execution.cause == expected["cause"]


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_heldout_case(path: Path) -> None:
    case = json.loads(path.read_text())
    execution = run(
        case["definition"],
        case["input"],
        mocks={name: _mock(spec) for name, spec in case.get("mocks", {}).items()},
        handlers={name: _handler(spec) for name, spec in case.get("handlers", {}).items()},
        context=case.get("context"),
    )
    _check(execution, case["expected"])
    for event_type, seconds in case.get("timings", {}).items():
        assert seconds_at(execution, event_type) == pytest.approx(seconds)


def test_every_case_names_its_source() -> None:
    for path in CASES:
        assert json.loads(path.read_text())["source"].startswith("https://"), path.name
