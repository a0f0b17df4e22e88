"""`flowdsl validate` against asl-validator's CLI on generated machines, end to end (not a test).

    .venv/bin/python bench/validate/bench_validate.py [--repeat 3] [--sizes 2000,10000]

Generates linear and branching machines of each size, times `flowdsl validate FILE` and
`asl-validator --json-path FILE` (node) as subprocesses in the same run, each the best of
`--repeat` runs, and prints the ratio and each tool's growth from the smallest to the largest
size (5x the states should cost about 5x the time), both overall and above each tool's start-up
cost (measured on a one-state machine). asl-validator is installed by this script
with npm into `bench/validate/node_modules` (git-ignored) on first use.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ASL_VALIDATOR_VERSION = "4.0.0"
ASL_VALIDATOR = HERE / "node_modules" / "asl-validator" / "dist" / "bin" / "asl-validator.js"
FLOWDSL = Path(sys.executable).parent / "flowdsl"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:Work"


def linear(count: int) -> dict[str, Any]:
    """A chain of Pass and Task states (every fifth a Task with Retry and a ResultPath)."""
    states: dict[str, Any] = {}
    for i in range(count):
        state: dict[str, Any] = {"Type": "Pass", "Result": {"step": i}, "ResultPath": "$.last"}
        if i % 5 == 4:
            state = {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": ["States.Timeout"]}]}
        states[f"S{i}"] = {**state, **({"End": True} if i == count - 1 else {"Next": f"S{i + 1}"})}
    return {"StartAt": "S0", "States": states}


def branching(count: int) -> dict[str, Any]:
    """Blocks of four: a Choice to a Task or a Pass (with Parameters), both joining a Pass."""
    blocks = count // 4
    states: dict[str, Any] = {}
    for b in range(blocks):
        after = {"End": True} if b == blocks - 1 else {"Next": f"C{b + 1}"}
        states[f"C{b}"] = {
            "Type": "Choice",
            "Choices": [{"Variable": "$.n", "NumericGreaterThan": b, "Next": f"L{b}"}],
            "Default": f"R{b}",
        }
        states[f"L{b}"] = {"Type": "Task", "Resource": LAMBDA, "Next": f"J{b}"}
        states[f"R{b}"] = {"Type": "Pass", "Parameters": {"n.$": "$.n", "b": b}, "Next": f"J{b}"}
        states[f"J{b}"] = {"Type": "Pass", **after}
    return {"StartAt": "C0", "States": states}


SHAPES: dict[str, Callable[[int], dict[str, Any]]] = {"linear": linear, "branching": branching}


def ensure_asl_validator() -> None:
    if ASL_VALIDATOR.exists():
        return
    print(
        f"installing asl-validator@{ASL_VALIDATOR_VERSION} into {HERE / 'node_modules'} ...", file=sys.stderr
    )
    subprocess.run(
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(HERE),
         f"asl-validator@{ASL_VALIDATOR_VERSION}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def best_time(command: list[str], repeat: int) -> tuple[float, int]:
    """The fastest wall time of `repeat` runs, and the exit code."""
    times = []
    code = 0
    for _ in range(repeat):
        start = time.perf_counter()
        code = subprocess.run(command, capture_output=True, check=False).returncode
        times.append(time.perf_counter() - start)
    return min(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="2000,10000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    ensure_asl_validator()
    timings: dict[tuple[str, str, int], float] = {}
    print(f"{'shape':<10} {'states':>6} {'flowdsl s':>10} {'asl-validator s':>16} {'ratio':>7}  exits")
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "one-state.asl.json"
        tiny.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}))
        floor = {
            "flowdsl": best_time([str(FLOWDSL), "validate", str(tiny)], args.repeat)[0],
            "asl-validator": best_time(["node", str(ASL_VALIDATOR), "--json-path", str(tiny)], args.repeat)[
                0
            ],
        }
        print(f"{'one-state':<10} {1:>6} {floor['flowdsl']:>10.3f} {floor['asl-validator']:>16.3f}")
        for shape, build in SHAPES.items():
            for size in sizes:
                path = Path(tmp) / f"{shape}-{size}.asl.json"
                path.write_text(json.dumps(build(size), indent=2))
                ours, our_exit = best_time([str(FLOWDSL), "validate", str(path)], args.repeat)
                theirs, their_exit = best_time(
                    ["node", str(ASL_VALIDATOR), "--json-path", str(path)], args.repeat
                )
                timings[("flowdsl", shape, size)] = ours
                timings[("asl-validator", shape, size)] = theirs
                print(
                    f"{shape:<10} {size:>6} {ours:>10.3f} {theirs:>16.3f} {theirs / ours:>6.2f}x"
                    f"  flowdsl={our_exit} asl-validator={their_exit}"
                )
    low, high = min(sizes), max(sizes)
    for tool in ("flowdsl", "asl-validator"):
        growth = ", ".join(
            _growth(timings, tool, shape, sizes=(low, high), floor=floor[tool]) for shape in SHAPES
        )
        print(f"{tool} growth {low} -> {high} states ({high / low:.0f}x the states): {growth}")


def _growth(
    timings: dict[tuple[str, str, int], float], tool: str, shape: str, *, sizes: tuple[int, int], floor: float
) -> str:
    low, high = sizes
    small, large = timings[(tool, shape, low)], timings[(tool, shape, high)]
    above = (large - floor) / max(small - floor, 1e-9)
    return f"{shape} {large / small:.2f}x ({above:.2f}x above start-up)"


if __name__ == "__main__":
    main()
