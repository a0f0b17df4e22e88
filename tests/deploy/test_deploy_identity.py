"""Deploy never takes over another workflow's stack; destroy deletes only what is the stack's.

Against the moto server: the workflow identity tag, `--force`, tag-but-not-name outsiders,
two first deploys racing, and an inventory that asks only for the stack's resources.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

import flowdsl.deploy.apply
from flowdsl.deploy import deploy, destroy
from flowdsl.deploy.aws import connect
from flowdsl.deploy.inventory import Inventory
from flowdsl.diagnostics import FlowdslError
from flowdsl.model import parse_machine
from flowdsl.source import Source

REGION = "us-east-1"
PASS = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
WAIT = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": True}}}


def _main(origin: str, definition: dict[str, Any] = PASS) -> Source:
    """A workflow named 'Main' from the file `origin` (two projects can both have one)."""
    return Source("Main", parse_machine(definition), origin=origin)


def _definition(stack: str) -> Any:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    arn = f"arn:aws:states:{REGION}:123456789012:stateMachine:{stack}"
    return json.loads(sfn.describe_state_machine(stateMachineArn=arn)["definition"])


def _only(caught: pytest.ExceptionInfo[FlowdslError]) -> tuple[str, str]:
    (diagnostic,) = caught.value.diagnostics
    return diagnostic.code, diagnostic.message


def _project(root: Path, name: str) -> str:
    """A project folder with a pyproject.toml naming it, and the path of its flows/main.py."""
    (root / name / "flows").mkdir(parents=True)
    (root / name / "pyproject.toml").write_text(f'[project]\nname = "{name}"\n')
    return str(root / name / "flows" / "main.py")


def test_another_projects_main_is_refused_and_the_first_is_untouched(aws_env: str, tmp_path: Path) -> None:
    deploy(_main(_project(tmp_path, "shop")))
    with pytest.raises(FlowdslError) as caught:
        deploy(_main(_project(tmp_path, "billing"), WAIT))
    code, message = _only(caught)
    assert code == "stack-holds-other-workflow"
    assert message == (
        "stack 'Main' holds workflow 'Main in shop/flows/main.py', not 'Main in billing/flows/main.py': "
        "pass another --stack, or --force to replace it"
    )
    assert _definition("Main") == PASS


def test_force_replaces_the_stack_and_records_the_new_workflow(aws_env: str) -> None:
    deploy(_main("/nowhere/a/flow.py"))
    other = _main("/nowhere/b/other.py", WAIT)
    deploy(other, force=True)
    assert _definition("Main") == WAIT
    deploy(other)  # now the stack's own workflow: no force needed
    with pytest.raises(FlowdslError):
        deploy(_main("/nowhere/a/flow.py"))


def test_redeploying_the_same_workflow_needs_no_force(aws_env: str) -> None:
    source = _main("/nowhere/a/flow.py")
    deploy(source)
    report = deploy(_main("/nowhere/a/flow.py", WAIT))
    assert [a.verb for a in report.actions] == ["unchanged", "updated"]
    del source


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("f.py", "def handler(e, c):\n    return e\n")
    return buffer.getvalue()


def _outside_function(name: str, tags: dict[str, str]) -> None:
    iam = boto3.client("iam", region_name=REGION)
    trust = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}]}
    role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps(trust))
    boto3.client("lambda", region_name=REGION).create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="f.handler",
        Code={"ZipFile": _zip()},
        Tags=tags,
    )


def _function_names() -> list[str]:
    functions = boto3.client("lambda", region_name=REGION).list_functions()["Functions"]
    return sorted(f["FunctionName"] for f in functions)


def test_destroy_skips_a_function_that_has_the_tag_but_not_the_naming(aws_env: str) -> None:
    _outside_function("payroll", {"flowdsl:stack": "x", "flowdsl:function": "Pay"})
    _outside_function("x-Other", {"flowdsl:stack": "x"})  # named like ours but has no part tag
    deploy(_main("/nowhere/flow.py"), name="x")
    report = destroy("x")
    assert [(a.verb, a.kind, a.name) for a in report.actions] == [
        ("deleted", "state machine", "x"),
        ("deleted", "iam role", "x-states"),
    ]
    assert sorted(report.warnings) == [
        "skipped lambda function 'payroll': it is tagged as part of stack 'x' but not named like it",
        "skipped lambda function 'x-Other': it is tagged as part of stack 'x' but not named like it",
    ]
    assert _function_names() == ["payroll", "x-Other"]


def test_a_racing_first_deploy_is_reported_truly(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _main("/nowhere/flow.py")
    deploy(source, name="race")
    # The second deploy read the (then empty) inventory before the first one created anything.
    monkeypatch.setattr(flowdsl.deploy.apply, "find_stack", lambda *args, **kwargs: Inventory())
    with pytest.raises(FlowdslError) as caught:
        deploy(source, name="race")
    first = caught.value.diagnostics[0]
    assert first.code == "deploy-conflict"
    assert first.message == (
        "another deploy of stack 'race' created iam role 'race-states' while this one was running: "
        "let it finish, then deploy again"
    )


def test_the_inventory_reads_tags_only_of_the_stacks_candidates(aws_env: str) -> None:
    for index in range(12):
        _outside_function(f"unrelated-{index}", {"team": "other"})
    aws = connect()
    calls: list[str] = []
    aws.session.events.register("before-call.lambda.ListTags", lambda **_: calls.append("ListTags"))
    deploy(_main("/nowhere/flow.py"), name="lean", aws=aws)
    destroy("lean", aws=aws)
    assert calls == []
