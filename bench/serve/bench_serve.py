"""StartExecution-to-SUCCEEDED executions per second: flowdsl serve, the in-process client, moto.

    .venv/bin/python bench/serve/bench_serve.py [--seconds 2] [--no-moto]

Each loop starts one execution and polls DescribeExecution until it is no longer RUNNING, the
way a test drives Step Functions. Three targets, in the same run on the same machine:

- `flowdsl serve` started as a subprocess on a free loopback port, driven by boto3;
- the in-process client (`flowdsl.service.Client`), no HTTP at all;
- `moto_server` (moto's Step Functions with `execute_state_machine`) as a subprocess, by boto3.

The machine has five states (Pass, Choice, Pass, Wait 0, Succeed): the interpreter's cost is
small, so what is measured is the service round trip.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]

from flowdsl.service import Client

ROLE = "arn:aws:iam::123456789012:role/bench"
MACHINE = {
    "StartAt": "Init",
    "States": {
        "Init": {"Type": "Pass", "Result": {"n": 2}, "ResultPath": "$.init", "Next": "Check"},
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.init.n", "NumericGreaterThan": 1, "Next": "Shape"}],
            "Default": "Done",
        },
        "Shape": {"Type": "Pass", "Parameters": {"n.$": "$.init.n"}, "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 0, "Next": "Done"},
        "Done": {"Type": "Succeed"},
    },
}


def rate(once: Callable[[], str], seconds: float) -> float:
    """Executions per second of `once` (which must end SUCCEEDED) over about `seconds`."""
    once()  # warm up
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        status = once()
        if status != "SUCCEEDED":
            raise SystemExit(f"an execution ended {status}")
        count += 1
    return count / elapsed


def driver(sfn: Any, poll: float) -> Callable[[], str]:
    arn = sfn.create_state_machine(name="bench", definition=json.dumps(MACHINE), roleArn=ROLE)[
        "stateMachineArn"
    ]

    def once() -> str:
        # Named explicitly: moto_server names every unnamed execution "None".
        execution = sfn.start_execution(stateMachineArn=arn, name=uuid.uuid4().hex, input="{}")[
            "executionArn"
        ]
        while True:
            status: str = sfn.describe_execution(executionArn=execution)["status"]
            if status != "RUNNING":
                return status
            time.sleep(poll)

    return once


def boto(url: str) -> Any:
    return boto3.client(
        "stepfunctions", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip


@contextmanager
def server(command: list[str], url: str, ready: Callable[[str], bool]) -> Iterator[str]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not ready(url):
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"{command[0]} did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # it answered (moto's root, or 501 for GET on flowdsl serve)
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _moto_configured(url: str) -> bool:
    if not _answers(url):
        return False
    body = json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()
    with urllib.request.urlopen(
        urllib.request.Request(f"{url}/moto-api/config", body, method="POST"), timeout=5
    ):
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--no-moto", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, float] = {}
    results["in-process client"] = rate(driver(Client(), 0.0005), args.seconds)
    bin_dir = Path(sys.executable).parent
    port = _free_port()
    serve = [str(bin_dir / "flowdsl"), "serve", "--port", str(port)]
    with server(serve, f"http://127.0.0.1:{port}", _answers) as url:
        results["flowdsl serve + boto3"] = rate(driver(boto(url), 0.001), args.seconds)
    if not args.no_moto:
        port = _free_port()
        moto = [str(bin_dir / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]
        with server(moto, f"http://127.0.0.1:{port}", _moto_configured) as url:
            results["moto_server + boto3"] = rate(driver(boto(url), 0.001), args.seconds)
    for label, value in results.items():
        print(f"{label:24} {value:9.1f} executions/s")
    if "moto_server + boto3" in results:
        moto_rate = results["moto_server + boto3"]
        print(f"flowdsl serve / moto_server: {results['flowdsl serve + boto3'] / moto_rate:.1f}x")
        print(f"in-process client / moto_server: {results['in-process client'] / moto_rate:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
