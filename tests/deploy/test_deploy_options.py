"""Deploy and template options: type, an existing role, extra statements, logging, X-Ray."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
import yaml  # type: ignore[import-untyped]
from click.testing import CliRunner

from flowdsl.cli.main import cli
from flowdsl.deploy import deploy
from flowdsl.deploy.options import LOG_DELIVERY_ACTIONS, XRAY_ACTIONS, MachineOptions
from flowdsl.deploy.plan import trust_policy
from flowdsl.deploy.template import build_template
from flowdsl.diagnostics import FlowdslError
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.source import Source
from tests.deploy.test_deploy_template import _cfn_lint

DATA = Path(__file__).parent / "data" / "integrations.asl.json"
KMS = {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:key/k"}
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/flowdsl/w:*"


def _pass_machine() -> Source:
    doc = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    return Source("Express", parse_machine(doc))


def _policy(role: str) -> dict[str, Any]:
    iam = boto3.client("iam", region_name="us-east-1")
    return dict(iam.get_role_policy(RoleName=role, PolicyName="flowdsl-invoke-functions")["PolicyDocument"])


def test_express_with_logging_tracing_and_extra_statements(aws_env: str) -> None:
    options = MachineOptions(
        type="EXPRESS", statements=(KMS,), log_level="ERROR", log_group_arn=LOG_GROUP, tracing=True
    )
    report = deploy(_pass_machine(), name="express", options=options)
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    described = sfn.describe_state_machine(stateMachineArn=report.state_machine_arn)
    assert described["type"] == "EXPRESS"
    assert described["tracingConfiguration"] == {"enabled": True}
    assert described["loggingConfiguration"]["level"] == "ERROR"
    statements = _policy("express-states")["Statement"]
    assert KMS in statements
    granted = {
        a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    }
    assert granted == {"kms:Decrypt", *LOG_DELIVERY_ACTIONS, *XRAY_ACTIONS}


def test_an_existing_role_is_used_and_none_is_created(aws_env: str) -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    trust = json.dumps(trust_policy("states.amazonaws.com", "123456789012"))
    role = iam.create_role(RoleName="mine", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    report = deploy(_pass_machine(), name="own", options=MachineOptions(role_arn=role))
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    assert sfn.describe_state_machine(stateMachineArn=report.state_machine_arn)["roleArn"] == role
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["mine"]


def test_the_type_of_a_deployed_machine_cannot_change(aws_env: str) -> None:
    deploy(_pass_machine(), name="typed")
    with pytest.raises(FlowdslError) as caught:
        deploy(_pass_machine(), name="typed", options=MachineOptions(type="EXPRESS"))
    assert caught.value.diagnostics[0].code == "state-machine-type-changed"


def test_express_refuses_waiting_tasks_before_any_aws_call(no_aws: None) -> None:
    with pytest.raises(FlowdslError) as caught:
        deploy(load_source(DATA), options=MachineOptions(type="EXPRESS"))
    assert [d.code for d in caught.value.diagnostics] == ["express-unsupported-pattern"] * 2


@pytest.mark.parametrize("fmt", ["sam", "cloudformation"])
def test_template_options_pass_cfn_lint(tmp_path: Path, fmt: str) -> None:
    policy = tmp_path / "extra.json"
    policy.write_text('[{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]')
    out = tmp_path / "t.yaml"
    args = ["template", str(DATA), "--format", fmt, "-o", str(out), "--log-level", "ALL", "--tracing"]
    result = CliRunner().invoke(cli, [*args, "--policy", str(policy), "--log-execution-data"])
    assert result.exit_code == 0, result.output
    lint = _cfn_lint(out)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    resources = yaml.safe_load(out.read_text())["Resources"]
    assert resources["StateMachineLogGroup"]["Type"] == "AWS::Logs::LogGroup"
    properties = resources["StateMachine"]["Properties"]
    tracing = properties["Tracing" if fmt == "sam" else "TracingConfiguration"]
    assert tracing == {"Enabled": True}


def test_a_template_with_a_role_arn_makes_no_role(tmp_path: Path) -> None:
    role = "arn:aws:iam::123456789012:role/mine"
    template = build_template(
        load_source(DATA), fmt="cloudformation", base_dir=tmp_path, options=MachineOptions(role_arn=role)
    )
    assert list(template["Resources"]) == ["StateMachine"]
    assert template["Resources"]["StateMachine"]["Properties"]["RoleArn"] == role


def test_a_bad_policy_file_is_one_located_error(tmp_path: Path) -> None:
    policy = tmp_path / "p.json"
    policy.write_text('{"not": "statements"}')
    result = CliRunner().invoke(cli, ["template", str(DATA), "--policy", str(policy)])
    assert result.exit_code == 1
    assert f"[{policy}]" in result.output


def test_template_warns_about_run_time_resources(tmp_path: Path) -> None:
    doc = {
        "StartAt": "Save",
        "States": {
            "Save": {
                "Type": "Task",
                "Resource": "arn:aws:states:::dynamodb:putItem",
                "Parameters": {"TableName.$": "$.table", "Item": {}},
                "End": True,
            }
        },
    }
    path = tmp_path / "w.asl.json"
    path.write_text(json.dumps(doc))
    result = CliRunner().invoke(cli, ["template", str(path), "-o", str(tmp_path / "t.yaml")])
    assert result.exit_code == 0, result.output
    assert (
        "flowdsl: warning: state 'Save': 'TableName' is only known at run time, so the role allows it on "
        "'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*'"
    ) in result.output
