"""Statements declared with `Workflow(..., policy=[...])` reach the state machine role in deploy and
template, merged with `--policy FILE` in one place (`deploy.options.role_statements`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
import yaml  # type: ignore[import-untyped]
from click.testing import CliRunner

from flowdsl import Pass, Workflow
from flowdsl.cli.main import cli
from flowdsl.deploy import deploy
from flowdsl.deploy.options import MachineOptions
from flowdsl.deploy.template import render_template, template_warnings
from flowdsl.integrations import sns_publish
from flowdsl.source import Source
from tests.deploy.test_deploy_template import _cfn_lint

KMS = {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:key/k"}
DENY = {
    "Sid": "NoOtherRegions",
    "Effect": "Deny",
    "NotAction": "sns:Publish",
    "Resource": "*",
    "Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}},
}
FILE_ONLY = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::reports/*"]}
TOPIC = "arn:aws:sns:us-east-1:123456789012:orders"
PUBLISH = {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [TOPIC]}


def _source(*policy: dict[str, Any]) -> Source:
    notify = sns_publish("Notify", topic_arn=TOPIC, message="hello")
    return Workflow("Declared", notify >> Pass("Done"), policy=list(policy)).compile()


def _role_statements(role: str) -> list[dict[str, Any]]:
    iam = boto3.client("iam", region_name="us-east-1")
    names = iam.list_role_policies(RoleName=role)["PolicyNames"]
    assert names == ["flowdsl-invoke-functions"]
    document = iam.get_role_policy(RoleName=role, PolicyName=names[0])["PolicyDocument"]
    return list(document["Statement"])


def test_deploy_adds_the_workflows_statements_after_the_integrations(aws_env: str) -> None:
    report = deploy(_source(KMS, DENY), name="declared")
    assert report.warnings == []
    assert _role_statements("declared-states") == [PUBLISH, KMS, DENY]


def test_deploy_merges_them_with_the_policy_option_once_each(aws_env: str) -> None:
    options = MachineOptions(statements=(DENY, FILE_ONLY))
    deploy(_source(KMS, DENY), name="merged", options=options)
    assert _role_statements("merged-states") == [PUBLISH, KMS, DENY, FILE_ONLY]


def test_redeploying_without_them_removes_them(aws_env: str) -> None:
    deploy(_source(KMS), name="shrinks")
    deploy(_source(), name="shrinks")
    assert _role_statements("shrinks-states") == [PUBLISH]


def test_an_existing_role_gets_none_and_says_so(aws_env: str) -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    trust = {"Version": "2012-10-17", "Statement": []}
    role = iam.create_role(RoleName="theirs", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    report = deploy(_source(KMS), name="own", options=MachineOptions(role_arn=role))
    assert report.warnings == [
        f"the state machine uses the existing role '{role}', so the extra policy statements "
        "(Workflow(policy=...), --policy) are not applied: add them to that role"
    ]
    assert iam.list_role_policies(RoleName="theirs")["PolicyNames"] == []
    assert template_warnings(_source(KMS), MachineOptions(role_arn=role)) == report.warnings


@pytest.mark.parametrize("fmt", ["sam", "cloudformation"])
def test_the_template_role_has_them_and_passes_cfn_lint(tmp_path: Path, fmt: Any) -> None:
    path = tmp_path / "template.yaml"
    options = MachineOptions(statements=(FILE_ONLY,))
    path.write_text(render_template(_source(KMS, DENY), fmt=fmt, base_dir=tmp_path, options=options))
    result = _cfn_lint(path)
    assert result.returncode == 0, result.stdout + result.stderr
    role = yaml.safe_load(path.read_text())["Resources"]["StatesExecutionRole"]["Properties"]
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert statements == [PUBLISH, KMS, DENY, FILE_ONLY]


def test_a_bad_statement_in_a_policy_file_is_located_at_the_file(tmp_path: Path) -> None:
    policy = tmp_path / "p.json"
    policy.write_text(json.dumps({"Version": "2012-10-17", "Statement": [KMS, {**KMS, "Effect": "Permit"}]}))
    source = tmp_path / "w.py"
    source.write_text("from flowdsl import Pass, Workflow\nworkflow = Workflow('W', Pass('P'))\n")
    result = CliRunner().invoke(cli, ["template", str(source), "--policy", str(policy)])
    assert result.exit_code == 1
    assert result.output == (
        f"flowdsl: error: policy statement 2 has Effect 'Permit': it is 'Allow' or 'Deny' [{policy}]\n"
    )


def test_a_bad_workflow_statement_fails_the_cli_at_its_line(tmp_path: Path) -> None:
    source = tmp_path / "w.py"
    source.write_text(
        "from flowdsl import Pass, Workflow\n"
        "\n"
        "workflow = Workflow('W', Pass('P'), policy=[{'Effect': 'Allow', 'Action': 'kms:Decrypt'}])\n"
    )
    for command in (["validate", str(source)], ["template", str(source)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1
        assert result.output == (
            "flowdsl: error: workflow 'W': policy statement 1 needs exactly one of Resource and NotResource "
            f"[{source}:3]\n"
        )
