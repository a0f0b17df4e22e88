"""`flowdsl import --arn`: a deployed state machine (read with DescribeStateMachine) as DSL code,
against the local moto server."""

from __future__ import annotations

import json
from pathlib import Path

import boto3  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from flowdsl.cli.main import cli
from flowdsl.loader import load_python
from flowdsl.model import to_asl
from tests.deploy.conftest import REGION

DEFINITION = {
    "Comment": "deployed",
    "StartAt": "Wait",
    "States": {"Wait": {"Type": "Wait", "Seconds": 5, "Next": "Done"}, "Done": {"Type": "Succeed"}},
}


def _deploy(name: str) -> str:
    client = boto3.client("stepfunctions", region_name=REGION)
    created = client.create_state_machine(
        name=name, definition=json.dumps(DEFINITION), roleArn="arn:aws:iam::123456789012:role/sfn"
    )
    arn: str = created["stateMachineArn"]
    return arn


def test_arn_imports_the_deployed_definition(
    aws_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = _deploy("Deployed-Orders")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["import", "--arn", arn])
    assert result.exit_code == 0, result.output
    target = tmp_path / "deployed_orders.py"
    text = target.read_text(encoding="utf-8")
    assert 'workflow = Workflow("Deployed-Orders", wait >> done, comment="deployed")' in text
    assert to_asl(load_python(target).definition) == DEFINITION


def test_unknown_arn_is_one_aws_error(aws_env: str) -> None:
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Missing"
    result = CliRunner().invoke(cli, ["import", "--arn", arn, "-o", "-"])
    assert result.exit_code == 1
    assert result.output.startswith("flowdsl: error: aws refused reading state machine 'Missing'")


def test_not_a_state_machine_arn(aws_env: str) -> None:
    result = CliRunner().invoke(cli, ["import", "--arn", "arn:aws:s3:::bucket"])
    assert result.exit_code == 1
    assert "is not a state machine ARN" in result.output
