"""`flowdsl serve` as users start it: a subprocess on a free loopback port, driven by boto3."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3  # type: ignore[import-untyped]
import pytest
from botocore.config import Config  # type: ignore[import-untyped]
from click.testing import CliRunner

from flowdsl.cli.main import cli
from tests.service.conftest import ROLE


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    machine = tmp_path / "hello.asl.json"
    machine.write_text(json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
    port = _free_port()
    command = [str(Path(sys.executable).with_name("flowdsl")), "serve", "--port", str(port), str(machine)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        yield banner, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_says_it_is_a_development_server_and_answers_boto3(
    serve: tuple[str, subprocess.Popen[str]],
) -> None:
    banner, _ = serve
    assert "development server" in banner and "http://127.0.0.1:" in banner
    url = banner.split(" on ")[1].split(" ")[0]
    sfn = boto3.client(
        "stepfunctions", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip
    arn = sfn.list_state_machines()["stateMachines"][0]["stateMachineArn"]
    assert arn.endswith(":stateMachine:hello")
    execution = sfn.start_execution(stateMachineArn=arn, input='{"a": 1}')["executionArn"]
    for _ in range(100):
        described = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            break
        time.sleep(0.05)
    assert (described["status"], described["output"]) == ("SUCCEEDED", '{"a":1}')
    with pytest.raises(sfn.exceptions.InvalidDefinition, match="empty-states"):
        sfn.create_state_machine(name="again", definition='{"StartAt": "X", "States": {}}', roleArn=ROLE)


def test_a_broken_definition_at_start_is_a_located_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.asl.json"
    broken.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}')
    result = CliRunner().invoke(cli, ["serve", "--port", "0", str(broken)])
    assert result.exit_code == 1
    assert "broken.asl.json:1 /States/A/Next" in result.output


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_the_aws_cli_drives_it(serve: tuple[str, subprocess.Popen[str]], tmp_path: Path) -> None:
    url = serve[0].split(" on ")[1].split(" ")[0]
    env = {
        "PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
    }  # fmt: skip
    aws = ["aws", "--endpoint-url", url, "--output", "json", "stepfunctions"]
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:hello"
    started = subprocess.run(
        [*aws, "start-execution", "--state-machine-arn", arn, "--name", "cli", "--input", '{"k": 2}'],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    execution = json.loads(started.stdout)["executionArn"]
    time.sleep(0.3)
    described = subprocess.run(
        [*aws, "describe-execution", "--execution-arn", execution],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert json.loads(json.loads(described.stdout)["output"]) == {"k": 2}
    again = subprocess.run(
        [*aws, "start-execution", "--state-machine-arn", arn, "--name", "cli"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert again.returncode != 0 and "ExecutionAlreadyExists" in again.stderr


def test_a_python_workflow_is_served_with_its_handlers() -> None:
    port = _free_port()
    flowdsl = str(Path(sys.executable).with_name("flowdsl"))
    env = {**os.environ, "FLOWDSL_WORK_ON_CASE_STATUS": "1"}
    command = [flowdsl, "serve", "--port", str(port), "examples/callcenter.py"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split(" on ")[1].split(" ")[0]
        sfn = boto3.client(
            "stepfunctions", endpoint_url=url, region_name="us-east-1",
            aws_access_key_id="testing", aws_secret_access_key="testing",
        )  # fmt: skip
        arn = sfn.list_state_machines()["stateMachines"][0]["stateMachineArn"]
        started = sfn.start_execution(stateMachineArn=arn, input='{"inputCaseID": "001"}')["executionArn"]
        for _ in range(100):
            described = sfn.describe_execution(executionArn=started)
            if described["status"] != "RUNNING":
                break
            time.sleep(0.05)
        assert described["status"] == "SUCCEEDED"
        assert (
            json.loads(described["output"])["Message"] == "Case 001: opened...assigned...resolved...closed."
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_start_sync_execution_over_the_wire_without_the_host_prefix(flowdsl_serve: str) -> None:
    sfn = boto3.client(
        "stepfunctions", endpoint_url=flowdsl_serve, region_name="us-east-1",
        aws_access_key_id="x", aws_secret_access_key="x", config=Config(inject_host_prefix=False),
    )  # fmt: skip
    definition = '{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 7, "End": true}}}'
    arn = sfn.create_state_machine(name="e", type="EXPRESS", definition=definition, roleArn=ROLE)
    response = sfn.start_sync_execution(stateMachineArn=arn["stateMachineArn"], input="{}")
    assert (response["status"], response["output"]) == ("SUCCEEDED", "7")
