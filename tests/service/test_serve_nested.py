"""`flowdsl serve parent.py`, a file defining a parent Workflow and the child it starts: both are
served, and boto3 sees the child's executions, run on our engine with the child's handler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]

import flowdsl
from tests.service.test_serve_cli import _free_port

WORKFLOWS = """
from flowdsl import S, Task, Workflow
from flowdsl.integrations import start_execution

child = Workflow("Child", Task("Double", function_name="DoubleFunction"))  # lambdas/double.py
parent = Workflow(
    "Parent",
    start_execution("Run Child", child, input={"n": S.n}, sync=True, timeout_seconds=60, result_path=S.sync)
    >> start_execution("Fire Child", child, input={"n": 1}, result_path=S.fired),
)
"""
HANDLER = 'def handler(event, context):\n    return {"n": event["n"] * 2}\n'
MACHINES = "arn:aws:states:us-east-1:123456789012:stateMachine:"


def _finished(sfn: Any, execution: str) -> dict[str, Any]:
    for _ in range(200):
        described: dict[str, Any] = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.05)
    raise AssertionError(f"{execution} still running")


def test_a_served_parent_runs_its_nested_workflow_on_our_engine(tmp_path: Path) -> None:
    (tmp_path / "lambdas").mkdir()
    (tmp_path / "lambdas" / "double.py").write_text(HANDLER)
    (tmp_path / "parent.py").write_text(WORKFLOWS)
    port = _free_port()
    command = [str(Path(sys.executable).with_name("flowdsl")), "serve", "--port", str(port), "parent.py"]
    # Run from the workflow's folder, with the flowdsl under test (a relative PYTHONPATH would not be).
    paths = [str(Path(flowdsl.__file__).parents[1]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert " on " in banner, banner + process.stdout.read()
        url = banner.split(" on ")[1].split(" ")[0]
        sfn = boto3.client(
            "stepfunctions", endpoint_url=url, region_name="us-east-1",
            aws_access_key_id="testing", aws_secret_access_key="testing",
        )  # fmt: skip
        names = sorted(m["name"] for m in sfn.list_state_machines()["stateMachines"])
        assert names == ["Child", "Parent"]
        served = json.loads(sfn.describe_state_machine(stateMachineArn=f"{MACHINES}Parent")["definition"])
        assert served["States"]["Run Child"]["Parameters"]["StateMachineArn"] == f"{MACHINES}Child"
        started = sfn.start_execution(stateMachineArn=f"{MACHINES}Parent", input='{"n": 3}')
        described = _finished(sfn, started["executionArn"])
        assert described["status"] == "SUCCEEDED", described
        output = json.loads(described["output"])
        assert output["sync"]["Output"] == {"n": 6}  # .sync:2: the child's output as JSON
        assert output["sync"]["Status"] == "SUCCEEDED"
        assert set(output["fired"]) == {"ExecutionArn", "StartDate"}
        _finished(sfn, output["fired"]["ExecutionArn"])
        children = sfn.list_executions(stateMachineArn=f"{MACHINES}Child")["executions"]
        assert {e["executionArn"] for e in children} == {
            output["sync"]["ExecutionArn"],
            output["fired"]["ExecutionArn"],
        }
        fired = sfn.describe_execution(executionArn=output["fired"]["ExecutionArn"])
        assert (fired["status"], json.loads(fired["output"])) == ("SUCCEEDED", {"n": 2})
    finally:
        process.terminate()
        process.wait(timeout=10)
