"""flowdsl (engine and public API) against aws-local-stepfunctions and moto, in one run (not a test).

    .venv/bin/python -m bench.run.bench_run [--seconds 3] [--no-moto] [--no-node] [--write-docs] [--profile]

Machines: (a) the call-center workflow with its handlers (the Work on Case coin fixed to
"resolved"), (b) a 10-state Pass/Choice/Wait(0)/Parallel/Map machine, a 1-Pass floor (the
fixed cost of one execution), (c) a Map over 1,000 items and (d) a chain of 100 Pass states.
Each runs on flowdsl's engine (`flowdsl.engine.execute`, definition parsed once), through
`flowdsl.run` (what users call: the Workflow object for (a), the document otherwise), on
aws-local-stepfunctions (Node 22; `local_sfn.py` installs it, and a Node 22 runtime when the
system's is older, from the npm registry; JavaScript twins of the handlers for (a)) and on
moto (`execute_state_machine`, polling `describe_execution`; (a), (b) and the floor only).
Then the Map's cost per item at 100, 1,000 and 6,000 items (interleaved rounds, best of
each), and the CPU time of `flowdsl --help` and `flowdsl run examples/callcenter.py` against
`local-sfn --help`, with the floor under the latter: a Python process importing pydantic and
building one model class. And the floor under the call-center (`floor.py`): the same calls in
straight-line Python, with no engine, against local-sfn's call-center.
`--write-docs` puts the ratios table into docs/performance.md; `--profile` prints cProfile's
top entries for flowdsl's runs.

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
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.run import floor, local_sfn
from bench.run.machines import (
    CHAIN,
    MAP,
    MAP_ITEMS,
    ONE_PASS,
    TEN_STATES,
    TEN_STATES_INPUT,
    TEN_STATES_OUTPUT,
    items,
)
from bench.run.table import markdown, ratio, write_docs
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


MAP_SIZES = (100, 1000, 6000)
"""Items of the Maps timed per item: 6,000 is the largest inline Map whose history (4 events
per item) fits the 25,000-event quota; 10,000 items fail with States.Runtime, as on AWS."""


def map_item_costs(seconds: float, rounds: int = 5) -> dict[int, float]:
    """CPU microseconds per item of the Map over each of MAP_SIZES items: the best of `rounds`
    rounds that each time every size in turn, so load from other processes on a shared
    machine lands on all sizes alike rather than on whichever one it overlaps."""
    runners = {n: flowdsl_runner(MAP, items(n)) for n in MAP_SIZES}
    best = dict.fromkeys(MAP_SIZES, float("inf"))
    for _ in range(rounds):
        for n, run_once in runners.items():
            best[n] = min(best[n], 1e6 / (rate(run_once, seconds / rounds) * n))
    return best


PYDANTIC_FLOOR = "from pydantic import BaseModel\nclass Model(BaseModel):\n    x: int\n"
"""What any process that builds a pydantic model pays first: the floor under `flowdsl run`,
whose model (`flowdsl.model`) is pydantic classes."""


def cli_startup(arguments: list[str], repeat: int = 5) -> float:
    """Best CPU time in seconds of `flowdsl ARGUMENTS` as a fresh process."""
    return local_sfn.startup_cpu([str(Path(sys.executable).parent / "flowdsl"), *arguments], repeat)


def rate(run_once: Callable[[], object], seconds: float) -> float:
    """Executions per CPU second of `run_once`, over at least `seconds` and 5 runs (after 1 warm-up).

    CPU time, not wall time: the machines this runs on are shared, and other processes' load
    would otherwise land in whichever measurement it overlaps. (moto's polling sleeps are not
    counted, which only flatters moto.)
    """
    run_once()
    count, start = 0, time.process_time()
    while count < 5 or time.process_time() - start < seconds:
        run_once()
        count += 1
    return count / (time.process_time() - start)


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
    parser.add_argument("--no-moto", action="store_true", help="leave moto out")
    parser.add_argument("--no-node", action="store_true", help="leave aws-local-stepfunctions out")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/performance.md")
    args = parser.parse_args(argv)

    definition, source = callcenter()
    cases = _cases(definition, source)
    ours = {label: flowdsl_runner(d, payload, handlers) for label, (d, payload, handlers, _) in cases.items()}
    outputs = {label: getattr(run(), "output", None) for label, run in ours.items()}
    assert outputs["(b) 10-state"] == TEN_STATES_OUTPUT, outputs["(b) 10-state"]
    engine = {label: rate(run, args.seconds) for label, run in ours.items()}
    api = {
        label: rate(api_runner(_public(label, d), payload), args.seconds)
        for label, (d, payload, _, _) in cases.items()
    }
    # Before moto: importing and running it doubles this process's heap, and the cyclic
    # collector's passes over a large Map's surviving objects grow with the heap (measured:
    # 6,000 / 100 items 1.21x alone, 1.35x with moto imported), as they would in any process
    # that large; every flowdsl figure here is taken in the same, smaller process.
    floors = _floor_rates(source, outputs["(a) call-center"], args.seconds)
    extras = _extras(args)
    node = {} if args.no_node else local_sfn.rates(_node_cases(cases, outputs), args.seconds)
    extras += _floor_rows(floors, node.get("(a) call-center"))
    moto = {} if args.no_moto else _moto_rates(definition, source, outputs, args.seconds)
    _report(engine, moto)
    table = markdown(engine, api, node, moto, extras)
    print(f"\n{table}")
    if args.write_docs:
        write_docs(table, "python -m bench.run.bench_run --write-docs" + (f" --seconds {args.seconds:g}"))
    if args.profile:
        for label in ("(b) 10-state", "(a) call-center"):
            profile(label, ours[label])
    return 0


Case = tuple[dict[str, Any], Any, Any, bool]  # definition, input, Python handlers, JS handlers?


def _cases(definition: dict[str, Any], source: Source) -> dict[str, Case]:
    return {
        "(a) call-center": (definition, CALLCENTER_INPUT, source.handlers, True),
        "(b) 10-state": (TEN_STATES, TEN_STATES_INPUT, None, False),
        "floor (1 Pass)": (ONE_PASS, {}, None, False),
        "(c) Map 1,000": (MAP, items(MAP_ITEMS), None, False),
        "(d) 100 states": (CHAIN, {}, None, False),
    }


def _public(label: str, definition: dict[str, Any]) -> Any:
    """What a user hands `flowdsl.run`: the call-center's Workflow object, the other documents."""
    return callcenter_workflow() if label == "(a) call-center" else definition


def _node_cases(cases: dict[str, Case], outputs: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "label": label,
            "definition": _concrete(d),
            "input": payload,
            "handlers": js,
            "output": outputs[label],
        }
        for label, (d, payload, _, js) in cases.items()
    ]


def _concrete(definition: dict[str, Any]) -> dict[str, Any]:
    """`${NameArn}` placeholders as Lambda ARNs: aws-local-stepfunctions' schema wants an ARN."""
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:\\1"
    return dict(json.loads(re.sub(r"\$\{(\w+)Arn\}", arn, json.dumps(definition))))


def _moto_rates(
    definition: dict[str, Any], source: Source, outputs: dict[str, Any], seconds: float
) -> dict[str, float]:
    """moto on the small machines only (a 1,000-item Map or 100 states take it minutes)."""
    rates: dict[str, float] = {}
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
            rates[label] = rate(run, seconds)
    return rates


def _extras(args: argparse.Namespace) -> list[tuple[str, str]]:
    costs = map_item_costs(args.seconds)
    ours_help, ours_run = (
        cli_startup(["--help"]),
        cli_startup(["run", str(CALLCENTER), "--input", json.dumps(CALLCENTER_INPUT)]),
    )
    floor = local_sfn.startup_cpu([sys.executable, "-c", PYDANTIC_FLOOR])
    theirs = None if args.no_node else local_sfn.cli_startup()
    return [
        ("Map cost per item, 1,000 items / 100 items", ratio(costs[1000], costs[100])),
        ("Map cost per item, 6,000 items / 100 items", ratio(costs[6000], costs[100])),
        ("`flowdsl --help` CPU time / `local-sfn --help` CPU time", ratio(ours_help, theirs)),
        (
            "`flowdsl run examples/callcenter.py` CPU time / `local-sfn --help` CPU time",
            ratio(ours_run, theirs),
        ),
        (
            "floor: `import pydantic` and one model class, CPU time / `local-sfn --help` CPU time",
            ratio(floor, theirs),
        ),
    ]


def _floor_rates(source: Source, output: Any, seconds: float) -> dict[str, float]:
    """The straight-line call-centers' rates, each checked to give the engine's output."""
    rates: dict[str, float] = {}
    for name, call in floor.FLOORS.items():
        run_once = floor.runner(source.handlers, CALLCENTER_INPUT, call)
        assert run_once() == output, (name, run_once())
        rates[name] = rate(run_once, seconds)
    return rates


def _floor_rows(floors: dict[str, float], theirs: float | None) -> list[tuple[str, str]]:
    """The call-center as straight-line Python (`floor.py`), against local-sfn's call-center."""
    return [
        (
            "floor: the call-center as straight-line Python, each call a bare copy, timer and JSON"
            " / local-sfn's call-center",
            ratio(floors["bare"], theirs),
        ),
        (
            "floor: the same, each call through flowdsl's `lambda_.invoke` / local-sfn's call-center",
            ratio(floors["invoke"], theirs),
        ),
    ]


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
