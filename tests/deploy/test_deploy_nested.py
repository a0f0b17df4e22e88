"""Nested workflows given as Workflow objects, deployed against a local moto server: every state
machine of the stack, children first, each parent naming its child's real ARN and allowed to
start exactly it (AWS Step Functions Developer Guide, "IAM policies for AWS Step Functions");
destroy removes them all; the template says the same to CloudFormation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
import yaml  # type: ignore[import-untyped]

from flowdsl import Pass, Workflow
from flowdsl.deploy import deploy, destroy
from flowdsl.deploy.template import build_template, render_template
from flowdsl.integrations import start_execution
from flowdsl.loader import load_source
from tests.deploy.test_deploy_template import _cfn_lint
from tests.dsl.integrations import nested

REGION, ACCOUNT = "us-east-1", "123456789012"
MACHINE = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:"
EXECUTION = f"arn:aws:states:{REGION}:{ACCOUNT}:execution:"
RULE = f"arn:aws:events:{REGION}:{ACCOUNT}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"


def _client(service: str) -> Any:
    return boto3.client(service, region_name=REGION)


def _grants(role: str) -> set[tuple[str, str]]:
    iam = _client("iam")
    (name,) = iam.list_role_policies(RoleName=role)["PolicyNames"]
    statements = iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]["Statement"]
    assert all(s["Effect"] == "Allow" and "*" not in "".join(s["Action"]) for s in statements)
    return {
        (action, resource)
        for s in statements
        for action in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        for resource in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])
    }


def _sync(child: str) -> set[tuple[str, str]]:
    """What `.sync` and `.sync:2` add for starting `child` (the AWS page's "Synchronous" policy)."""
    polling = {(a, f"{EXECUTION}{child}:*") for a in ("states:DescribeExecution", "states:StopExecution")}
    return polling | {(a, RULE) for a in ("events:PutTargets", "events:PutRule", "events:DescribeRule")}


def test_deploy_creates_every_machine_and_wires_the_child_arns(aws_env: str) -> None:
    report = deploy(load_source(Path(nested.__file__)), name="nest")
    assert report.warnings == []
    created = [(a.kind, a.name) for a in report.actions if a.verb == "created"]
    machines = [name for kind, name in created if kind == "state machine"]
    assert machines == ["nest-Leaf", "nest-Child", "nest"]  # each before the workflows starting it
    sfn = _client("stepfunctions")
    parent = json.loads(sfn.describe_state_machine(stateMachineArn=report.state_machine_arn)["definition"])
    assert parent["States"]["Run Child"]["Parameters"]["StateMachineArn"] == f"{MACHINE}nest-Child"
    assert parent["States"]["Fire Leaf"]["Parameters"]["StateMachineArn"] == f"{MACHINE}nest-Leaf"
    child = json.loads(sfn.describe_state_machine(stateMachineArn=f"{MACHINE}nest-Child")["definition"])
    assert child["States"]["Run Leaf"]["Parameters"]["StateMachineArn"] == f"{MACHINE}nest-Leaf"
    leaf = json.loads(sfn.describe_state_machine(stateMachineArn=f"{MACHINE}nest-Leaf")["definition"])
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:nest-DoubleFunction"
    assert leaf["States"]["Double"]["Resource"] == function


def test_each_role_may_do_exactly_what_its_machine_does(aws_env: str) -> None:
    deploy(load_source(Path(nested.__file__)), name="nest")
    start = "states:StartExecution"
    assert _grants("nest-states") == {
        (start, f"{MACHINE}nest-Child"),
        (start, f"{MACHINE}nest-Leaf"),
        *_sync("nest-Child"),  # Run Child waits (.sync:2); Fire Leaf does not
    }
    assert _grants("nest-Child-states") == {(start, f"{MACHINE}nest-Leaf"), *_sync("nest-Leaf")}
    function = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:nest-DoubleFunction"
    invoke = "lambda:InvokeFunction"
    assert _grants("nest-Leaf-states") == {(invoke, function), (invoke, f"{function}:*")}
    sfn, iam = _client("stepfunctions"), _client("iam")
    role = sfn.describe_state_machine(stateMachineArn=f"{MACHINE}nest-Child")["roleArn"]
    assert role == iam.get_role(RoleName="nest-Child-states")["Role"]["Arn"]
    trust = iam.get_role(RoleName="nest-Child-states")["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Condition"]["ArnLike"] == {"aws:SourceArn": f"{MACHINE}nest-Child"}


def test_a_redeploy_changes_nothing_and_destroy_removes_everything(aws_env: str) -> None:
    source = load_source(Path(nested.__file__))
    deploy(source, name="nest")
    again = deploy(source, name="nest")
    assert {a.verb for a in again.actions} == {"unchanged"}
    assert len([a for a in again.actions if a.kind == "state machine"]) == 3
    removed = destroy(source, name="nest")
    deleted = {(a.kind, a.name) for a in removed.actions if a.verb == "deleted"}
    assert {name for kind, name in deleted if kind == "state machine"} == {"nest", "nest-Child", "nest-Leaf"}
    roles = {name for kind, name in deleted if kind == "iam role"}
    assert roles == {"nest-states", "nest-Child-states", "nest-Leaf-states", "nest-lambda-exec"}
    assert _client("stepfunctions").list_state_machines()["stateMachines"] == []
    assert destroy(source, name="nest").actions == []


def test_a_nested_workflow_the_parent_no_longer_starts_is_deleted(aws_env: str) -> None:
    deploy(load_source(Path(nested.__file__)), name="nest")
    # The stack now holds Child alone (force: another workflow), which starts Leaf but no Child.
    report = deploy(nested.child.compile(), name="nest", force=True)
    deleted = {(a.kind, a.name) for a in report.actions if a.verb == "deleted"}
    assert ("state machine", "nest-Child") in deleted
    assert ("iam role", "nest-Child-states") in deleted
    names = {m["name"] for m in _client("stepfunctions").list_state_machines()["stateMachines"]}
    assert names == {"nest", "nest-Leaf"}


@pytest.mark.parametrize("fmt", ["sam", "cloudformation"])
def test_the_template_creates_the_children_and_passes_cfn_lint(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "template.yaml"
    source = load_source(Path(nested.__file__))
    path.write_text(render_template(source, fmt=fmt, base_dir=tmp_path))  # type: ignore[arg-type]
    result = _cfn_lint(path)
    assert result.returncode == 0, result.stdout + result.stderr
    resources = yaml.safe_load(path.read_text())["Resources"]
    assert resources["StateMachine"]["Properties"]["DefinitionSubstitutions"] == {
        "ChildArn": {"Ref": "ChildStateMachine"},
        "LeafArn": {"Ref": "LeafStateMachine"},
    }
    assert resources["ChildStateMachine"]["Properties"]["DefinitionSubstitutions"] == {
        "LeafArn": {"Ref": "LeafStateMachine"}
    }
    policy = resources["StatesExecutionRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    started = [
        r for s in policy["Statement"] if s["Action"] == ["states:StartExecution"] for r in s["Resource"]
    ]
    machine = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:"
    assert started == [
        {"Fn::Sub": f"{machine}${{ChildStateMachine.Name}}"},
        {"Fn::Sub": f"{machine}${{LeafStateMachine.Name}}"},
    ]


def test_a_nested_workflows_own_policy_goes_to_its_role_only(tmp_path: Path) -> None:
    statement = {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["arn:aws:sqs:us-east-1:1:q"]}
    child = Workflow("Child", Pass("P"), policy=[statement])
    parent = Workflow("Parent", start_execution("Go", child))
    built = build_template(parent.compile(), fmt="cloudformation", base_dir=tmp_path)
    roles = {rid: r for rid, r in built["Resources"].items() if rid.endswith("StatesExecutionRole")}

    def statements(role_id: str) -> list[Any]:
        return list(roles[role_id]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"])

    assert statement in statements("ChildStatesExecutionRole")
    assert statement not in statements("StatesExecutionRole")
