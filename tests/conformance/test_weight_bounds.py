"""The payload-size bounds the engine tracks (engine/weight.py) hold on every recorded execution.

The engine measures a state's output only when its bound passes the 256 KiB quota, so a bound
below an output's real size would let an oversized output through. Here every state's exit is
checked against the measured size, over every runnable conformance case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.engine import execute
from flowdsl.engine.lambda_ import payload_size
from flowdsl.engine.runtime import Scope
from flowdsl.engine.step import Step


def test_every_output_weighs_no_more_than_its_bound(
    conformance_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    violations: list[str] = []
    exit_state = Step.exit

    def checked(step: Step, output: Any, scope: Scope, *rest: Any) -> None:
        if payload_size(output) > scope.weight:
            violations.append(f"{step.name}: {payload_size(output)} > {scope.weight}")
        exit_state(step, output, scope, *rest)

    monkeypatch.setattr(Step, "exit", checked)
    lines = (conformance_dir / "execution" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    runnable = [case for case in cases if "skip" not in case]
    for case in runnable:
        execute(case["definition"], case["input"])
    assert len(runnable) > 600
    assert violations == []
