"""Executions per second of flowdsl's engine against moto's, in the same run (not a test).

    .venv/bin/python bench/run/bench_run.py [--seconds 3] [--profile] [--no-moto]

Measures (a) the call-center workflow with its Python handlers, (b) a 10-state
Pass/Choice/Wait(0)/Parallel/Map machine, (c) a Map over 1,000 items and (d) a chain of 100
Pass states, each on flowdsl (`flowdsl.engine.execute`, virtual
clock, definition parsed once) and on moto (`mock_aws` with `execute_state_machine`,
`start_execution` then polling `describe_execution`), and reports the ratios. A 1-state Pass
machine gives the floor: the fixed cost of one execution. It then measures `flowdsl.run` (the
public API, validation and planning included) against the engine alone, the Map's cost per
item at 100, 1,000 and 5,000 items, and `flowdsl --help` start-up. `--profile` prints cProfile's top
entries for flowdsl's runs, to say where the time goes.

moto cannot run Python handlers (its Lambda needs Docker), so for (a) it uses its
Docker-free Lambda backend, fed the very results flowdsl's handlers returned for the same
input: both engines walk the same path with the same data.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flowdsl.engine import execute
from flowdsl.loader import load_source
from flowdsl.model import parse_machine, to_asl
from flowdsl.source import Source

ROOT = Path(__file__).resolve().parents[2]
CALLCENTER = ROOT / "examples" / "callcenter.py"
CALLCENTER_INPUT = {"inputCaseID": "001"}
# The tutorial's Work on Case resolves at random; the resolved path keeps every run (and moto's replay) alike.
os.environ.setdefault("FLOWDSL_WORK_ON_CASE_STATUS", "1")
REGION, ACCOUNT = "us-east-1", "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/bench"

# Ten states: Init, Check, Pause, Fan (with Left and Right), Each (with Double), Shape, Done.
TEN_STATES: dict[str, Any] = {
    "Comment": "Every control-flow state type once, with no Task, so only the interpreter is measured",
    "StartAt": "Init",
    "States": {
        "Init": {
            "Type": "Pass",
            "Result": {"items": [1, 2, 3], "n": 2},
            "ResultPath": "$.init",
            "Next": "Check",
        },
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.init.n", "NumericGreaterThan": 1, "Next": "Pause"}],
            "Default": "Done",
        },
        "Pause": {"Type": "Wait", "Seconds": 0, "Next": "Fan"},
        "Fan": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "Left",
                    "States": {"Left": {"Type": "Pass", "Parameters": {"side": "left"}, "End": True}},
                },
                {
                    "StartAt": "Right",
                    "States": {"Right": {"Type": "Pass", "InputPath": "$.init", "End": True}},
                },
            ],
            "ResultPath": "$.fan",
            "Next": "Each",
        },
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.init.items",
            "MaxConcurrency": 2,
            # $$.Map.Item is defined in ItemSelector only, not inside the iteration's states.
            "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "Double",
                "States": {
                    "Double": {
                        "Type": "Pass",
                        "Parameters": {"value.$": "$.value", "at.$": "$.index"},
                        "End": True,
                    }
                },
            },
            "ResultPath": "$.each",
            "Next": "Shape",
        },
        "Shape": {
            "Type": "Pass",
            "Parameters": {"count.$": "States.ArrayLength($.each)", "left.$": "$.fan[0].side"},
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
    },
}

TEN_STATES_INPUT: dict[str, Any] = {"order": "A-1"}
TEN_STATES_OUTPUT: dict[str, Any] = {"count": 3, "left": "left"}

# The floor: one Pass state, i.e. what an execution costs before any state does real work.
ONE_PASS: dict[str, Any] = {"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": True}}}


# A Map over 1,000 items, and a chain of 100 Pass states: per-item and per-state costs.
MAP_ITEMS = 1000
MAP: dict[str, Any] = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "StartAt": "Tag",
                "States": {"Tag": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": True}},
            },
            "End": True,
        }
    },
}
CHAIN: dict[str, Any] = {
    "StartAt": "S0",
    "States": {
        f"S{i}": {
            "Type": "Pass",
            "Result": i,
            "ResultPath": "$.last",
            **({"Next": f"S{i + 1}"} if i < 99 else {"End": True}),
        }
        for i in range(100)
    },
}


def api_runner(definition: Any, payload: Any) -> Callable[[], object]:
    """One `flowdsl.run(definition, payload)`: what users call (validation and planning included)."""
    import flowdsl  # noqa: PLC0415

    def once() -> object:
        execution = flowdsl.run(definition, payload)
        if execution.status != "SUCCEEDED":
            raise SystemExit(f"flowdsl.run failed: {execution.error}: {execution.cause}")
        return execution

    return once


def callcenter_workflow() -> Any:
    """The call-center `Workflow` object itself, as a user passes it to `flowdsl.run`."""
    from flowdsl.dsl import Workflow  # noqa: PLC0415
    from flowdsl.loader import import_file  # noqa: PLC0415

    return next(value for value in import_file(CALLCENTER).values() if isinstance(value, Workflow))


def map_item_costs(seconds: float) -> dict[int, float]:
    """Microseconds per item of the Map over 100, 1,000 and 5,000 items (10,000 would pass the
    25,000-event history quota, which fails the execution as on AWS)."""
    return {
        n: 1e6 / (rate(flowdsl_runner(MAP, {"items": list(range(n))}), seconds) * n)
        for n in (100, 1000, 5000)
    }


def cli_startup(repeat: int = 5) -> float:
    """Best wall time in seconds of `flowdsl --help` as a fresh process."""
    import subprocess  # noqa: PLC0415

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "flowdsl"), "--help"], capture_output=True, check=True
        )
        best = min(best, time.perf_counter() - start)
    return best


def rate(run_once: Callable[[], object], seconds: float) -> float:
    """Executions per second of `run_once`, over at least `seconds` and 5 runs (after 1 warm-up)."""
    run_once()
    count, start = 0, time.perf_counter()
    while count < 5 or time.perf_counter() - start < seconds:
        run_once()
        count += 1
    return count / (time.perf_counter() - start)


def flowdsl_runner(definition: dict[str, Any], payload: Any, handlers: Any = None) -> Callable[[], object]:
    """One local execution, checked to succeed (a failing benchmark measures nothing)."""
    machine = parse_machine(definition)

    def once() -> object:
        execution = execute(machine, payload, handlers=handlers or {})
        if execution.status != "SUCCEEDED":
            raise SystemExit(f"flowdsl run failed: {execution.error}: {execution.cause}")
        return execution

    return once


def callcenter() -> tuple[dict[str, Any], Source]:
    """The call-center definition (Lambda resources as placeholders) and its Source."""
    source = load_source(CALLCENTER)
    return to_asl(source.definition), source


def lambda_results(source: Source, payload: Any) -> list[str]:
    """The results flowdsl's handlers return for `payload`, in call order (moto replays them)."""
    execution = execute(source.definition, payload, handlers=source.handlers)
    return [
        event["lambdaFunctionSucceededEventDetails"]["output"]
        for event in execution.history
        if event["type"] == "LambdaFunctionSucceeded"
    ]


@contextmanager
def moto_sfn() -> Iterator[Any]:
    """A Step Functions client on moto's engine, with the Docker-free Lambda backend."""
    import boto3  # type: ignore[import-untyped]  # noqa: PLC0415 - bench-only dependencies
    from moto import mock_aws  # noqa: PLC0415

    config: Any = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    with mock_aws(config=config):
        yield boto3.client("stepfunctions", region_name=REGION)


def moto_runner(
    sfn: Any, definition: dict[str, Any], payload: Any, queue: list[str] | None = None
) -> Callable[[], object]:
    """One moto execution: start, poll until it ends; `queue` feeds the Lambda results per call."""
    arn = sfn.create_state_machine(
        name=f"m{time.monotonic_ns()}", definition=json.dumps(definition), roleArn=ROLE
    )
    counter = iter(range(10**9))
    backend = _lambda_backend() if queue is not None else None

    def once() -> object:
        if backend is not None:
            backend.lambda_simple_results_queue.extend(queue or [])
        started = sfn.start_execution(
            stateMachineArn=arn["stateMachineArn"], name=f"e{next(counter)}", input=json.dumps(payload)
        )
        while (described := sfn.describe_execution(executionArn=started["executionArn"]))[
            "status"
        ] == "RUNNING":
            time.sleep(0.0005)
        if described["status"] != "SUCCEEDED":
            raise SystemExit(f"moto run failed: {described.get('error')}: {described.get('cause')}")
        return json.loads(described["output"])

    return once


def moto_callcenter(definition: dict[str, Any], source: Source) -> dict[str, Any]:
    """Create the call-center's functions on moto and point the definition's Resources at them."""
    import boto3  # noqa: PLC0415

    iam = boto3.client("iam", region_name=REGION)
    role = iam.create_role(RoleName="lambda-bench", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    client = boto3.client("lambda", region_name=REGION)
    text = json.dumps(definition)
    for name in source.handlers:
        arn = client.create_function(
            FunctionName=name, Runtime="python3.12", Role=role, Handler="h.handler", Code={"ZipFile": _zip()}
        )["FunctionArn"]
        text = text.replace(f"${{{name}Arn}}", arn)
    return dict(json.loads(text))


def _lambda_backend() -> Any:
    from moto.awslambda_simple.models import lambda_simple_backends  # noqa: PLC0415

    return lambda_simple_backends[ACCOUNT][REGION]


def _zip() -> bytes:
    import zipfile  # noqa: PLC0415

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("h.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def profile(label: str, run_once: Callable[[], object], count: int = 2000, top: int = 25) -> None:
    """cProfile `count` runs and print the top entries by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        run_once()
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        print(f"\n--- profile of {label}, {count} executions, by {order} ---")
        print(out.getvalue().split("\n", 4)[-1].strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement (default 3)")
    parser.add_argument("--profile", action="store_true", help="print cProfile top entries of flowdsl's runs")
    parser.add_argument("--no-moto", action="store_true", help="measure flowdsl only")
    args = parser.parse_args(argv)

    definition, source = callcenter()
    ours = {
        "(a) call-center": flowdsl_runner(definition, CALLCENTER_INPUT, source.handlers),
        "(b) 10-state": flowdsl_runner(TEN_STATES, TEN_STATES_INPUT),
        "floor (1 Pass)": flowdsl_runner(ONE_PASS, {}),
        "(c) Map 1,000": flowdsl_runner(MAP, {"items": list(range(MAP_ITEMS))}),
        "(d) 100 states": flowdsl_runner(CHAIN, {}),
    }
    api = {
        "(a) call-center": api_runner(callcenter_workflow(), CALLCENTER_INPUT),
        "(b) 10-state": api_runner(TEN_STATES, TEN_STATES_INPUT),
        "(d) 100 states": api_runner(CHAIN, {}),
    }
    outputs = {label: getattr(run(), "output", None) for label, run in ours.items()}
    assert outputs["(b) 10-state"] == TEN_STATES_OUTPUT, outputs["(b) 10-state"]
    results = {label: rate(run, args.seconds) for label, run in ours.items()}
    theirs: dict[str, float] = {}
    if not args.no_moto:
        with moto_sfn() as sfn:
            replay = lambda_results(source, CALLCENTER_INPUT)
            moto = {
                "(a) call-center": moto_runner(
                    sfn, moto_callcenter(definition, source), CALLCENTER_INPUT, replay
                ),
                "(b) 10-state": moto_runner(sfn, TEN_STATES, TEN_STATES_INPUT),
                "floor (1 Pass)": moto_runner(sfn, ONE_PASS, {}),
            }
            for label, run in moto.items():
                _compare(label, outputs[label], run())
                theirs[label] = rate(run, args.seconds)
    _report(results, theirs)
    print(f"\n{'flowdsl.run (public API)':<26} {'exec/s':>8} {'x engine':>9}")
    for label, run in api.items():
        value = rate(run, args.seconds)
        print(f"{label:<26} {value:8.0f} {value / results[label]:8.2f}x")
    costs = map_item_costs(args.seconds)
    print("\nMap cost per item: " + ", ".join(f"{n} items {c:.2f} us" for n, c in costs.items()))
    print(f"  5,000 vs 100 items: {costs[5000] / costs[100]:.2f}x")
    print(f"flowdsl --help: {cli_startup():.3f} s wall (best of 5)")
    if args.profile:
        for label in ("(b) 10-state", "(a) call-center"):
            profile(label, ours[label])
    return 0


def _compare(label: str, ours: Any, theirs: Any) -> None:
    """Say where moto's output differs from flowdsl's (the ratio compares the same work either way)."""
    if ours != theirs:
        print(f"note: {label}: moto's output {json.dumps(theirs)} differs from flowdsl's {json.dumps(ours)}")


def _report(ours: dict[str, float], theirs: dict[str, float]) -> None:
    print(f"python {sys.version.split()[0]}, one process, virtual clock")
    print(f"{'machine':<18} {'flowdsl exec/s':>15} {'moto exec/s':>12} {'ratio':>8}")
    for label, value in ours.items():
        other = theirs.get(label)
        moto = f"{other:12.1f}" if other else f"{'-':>12}"
        ratio = f"{value / other:7.0f}x" if other else f"{'-':>8}"
        print(f"{label:<18} {value:15.0f} {moto} {ratio}")


if __name__ == "__main__":
    sys.exit(main())
