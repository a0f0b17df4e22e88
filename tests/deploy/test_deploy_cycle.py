"""The whole cycle against a local moto server: deploy, inspect, re-deploy, run remotely, destroy."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

from flowdsl.api import run
from flowdsl.deploy import deploy, destroy, package_handlers, run_remote
from flowdsl.diagnostics import FlowdslError
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.source import Source

ACCOUNT = "123456789012"
REGION = "us-east-1"
WORKFLOW = "CallCenter in flowdsl/examples/callcenter.py"  # the flowdsl:workflow tag: name, project, file
BASIC_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
CALLCENTER_FUNCTIONS = [
    "AssignCaseFunction",
    "CloseCaseFunction",
    "EscalateCaseFunction",
    "OpenCaseFunction",
    "WorkOnCaseFunction",
]


def _client(service: str) -> Any:
    """A boto3 client for the test's own checks (boto3 reads AWS_DEFAULT_REGION, not AWS_REGION)."""
    return boto3.client(service, region_name=REGION)


def _trust(service: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def _deployed_trust(service: str, source_arn: str | None = None) -> dict[str, Any]:
    """The trust policy deploy writes: this account only, and for states this state machine only."""
    condition: dict[str, Any] = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    if source_arn is not None:
        condition["ArnLike"] = {"aws:SourceArn": source_arn}
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [{**statement, "Condition": condition}]}


def _function_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def _role_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/flowdsl/{name}"


@pytest.fixture
def callcenter(repo_root: Path) -> Source:
    return load_source(repo_root / "examples" / "callcenter.py")


# ---------------------------------------------------------------- deploy: every resource, exactly


def test_deploy_creates_each_resource_in_order(aws_env: str, callcenter: Source) -> None:
    report = deploy(callcenter, name="cc")
    assert report.lines() == [
        f"created iam role 'cc-lambda-exec' ({_role_arn('cc-lambda-exec')})",
        *(f"created lambda function 'cc-{f}' ({_function_arn(f'cc-{f}')})" for f in CALLCENTER_FUNCTIONS),
        f"created iam role 'cc-states' ({_role_arn('cc-states')})",
        f"created state machine 'cc' (arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:cc)",
    ]
    assert report.state_machine_arn == f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:cc"
    assert report.warnings == []


def test_the_functions_run_the_packaged_handlers_with_the_logging_role(
    aws_env: str, callcenter: Source
) -> None:
    deploy(callcenter, name="cc")
    client = _client("lambda")
    packages = package_handlers(callcenter.handlers)
    for function in CALLCENTER_FUNCTIONS:
        found = client.get_function(FunctionName=f"cc-{function}")
        config = found["Configuration"]
        assert config["Runtime"] == "python3.12"
        assert config["Handler"] == packages[function].handler
        assert config["Role"] == _role_arn("cc-lambda-exec")
        assert config["CodeSha256"] == packages[function].code_sha256
        assert config["State"] == "Active"
        assert found["Tags"] == {
            "flowdsl:stack": "cc",
            "flowdsl:function": function,
            "flowdsl:workflow": WORKFLOW,
        }


def test_the_lambda_role_may_only_log(aws_env: str, callcenter: Source) -> None:
    deploy(callcenter, name="cc")
    iam = _client("iam")
    role = iam.get_role(RoleName="cc-lambda-exec")["Role"]
    assert role["Path"] == "/flowdsl/"
    assert role["AssumeRolePolicyDocument"] == _deployed_trust("lambda.amazonaws.com")
    attached = iam.list_attached_role_policies(RoleName="cc-lambda-exec")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [BASIC_POLICY]
    assert iam.list_role_policies(RoleName="cc-lambda-exec")["PolicyNames"] == []
    tags = iam.list_role_tags(RoleName="cc-lambda-exec")["Tags"]
    assert {tag["Key"]: tag["Value"] for tag in tags} == {
        "flowdsl:stack": "cc",
        "flowdsl:role": "lambda",
        "flowdsl:workflow": WORKFLOW,
    }


def test_the_state_machine_role_may_invoke_exactly_the_functions(aws_env: str, callcenter: Source) -> None:
    deploy(callcenter, name="cc")
    iam = _client("iam")
    machine = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:cc"
    assert iam.get_role(RoleName="cc-states")["Role"]["AssumeRolePolicyDocument"] == _deployed_trust(
        "states.amazonaws.com", machine
    )
    assert iam.list_attached_role_policies(RoleName="cc-states")["AttachedPolicies"] == []
    assert iam.list_role_policies(RoleName="cc-states")["PolicyNames"] == ["flowdsl-invoke-functions"]
    document = iam.get_role_policy(RoleName="cc-states", PolicyName="flowdsl-invoke-functions")[
        "PolicyDocument"
    ]
    arns = [_function_arn(f"cc-{f}") for f in CALLCENTER_FUNCTIONS]
    assert document == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "lambda:InvokeFunction",
                "Resource": [form for arn in arns for form in (arn, f"{arn}:*")],
            }
        ],
    }


def test_the_state_machine_calls_the_real_function_arns(aws_env: str, callcenter: Source) -> None:
    arn = deploy(callcenter, name="cc").state_machine_arn
    sfn = _client("stepfunctions")
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["roleArn"] == _role_arn("cc-states")
    assert described["type"] == "STANDARD"
    states = json.loads(described["definition"])["States"]
    assert states["Open Case"]["Resource"] == _function_arn("cc-OpenCaseFunction")
    assert "${" not in described["definition"]
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [
        {"key": "flowdsl:stack", "value": "cc"},
        {"key": "flowdsl:workflow", "value": WORKFLOW},
    ]


# ---------------------------------------------------------------- re-deploy: in place, no duplicates


def _account_counts() -> tuple[int, int, int]:
    functions = _client("lambda").list_functions()["Functions"]
    roles = _client("iam").list_roles(PathPrefix="/flowdsl/")["Roles"]
    machines = _client("stepfunctions").list_state_machines()["stateMachines"]
    return len(functions), len(roles), len(machines)


def test_deploying_again_changes_nothing(aws_env: str, callcenter: Source) -> None:
    first = deploy(callcenter, name="cc")
    counts = _account_counts()
    second = deploy(callcenter, name="cc")
    assert [a.verb for a in second.actions] == ["unchanged"] * len(first.actions)
    assert [a.arn for a in second.actions] == [a.arn for a in first.actions]
    assert _account_counts() == counts == (5, 2, 1)


ModuleMaker = Callable[..., ModuleType]
TWO_TASKS = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Task", "Resource": "${FirstArn}", "Next": "B"},
        "B": {"Type": "Task", "Resource": "${SecondArn}", "End": True},
    },
}


def _two_function_source(make_module: ModuleMaker) -> Source:
    handler = "def handler(event, context):\n    return event\n"
    first = make_module("lambdas/first.py", {"lambdas/first.py": handler, "lambdas/second.py": handler})
    second = make_module("lambdas/second.py", {})
    handlers = {"First": first.handler, "Second": second.handler}
    return Source("Two", parse_machine(TWO_TASKS), handlers=handlers)


def test_changed_code_is_updated_in_place(aws_env: str, make_module: ModuleMaker, tmp_path: Path) -> None:
    source = _two_function_source(make_module)
    before = deploy(source)
    (tmp_path / "lambdas/first.py").write_text("def handler(event, context):\n    return {'changed': True}\n")
    after = deploy(source)
    assert [a.verb for a in after.actions] == ["unchanged", "updated", "unchanged", "unchanged", "unchanged"]
    assert [a.arn for a in after.actions] == [a.arn for a in before.actions]
    code = _client("lambda").get_function(FunctionName="Two-First")["Code"]["Location"]
    assert code  # moto serves the uploaded zip; its bytes are checked below via CodeSha256
    config = _client("lambda").get_function_configuration(FunctionName="Two-First")
    assert config["CodeSha256"] == package_handlers({"First": source.handlers["First"]})["First"].code_sha256


def test_a_function_the_workflow_stopped_using_is_deleted_and_no_longer_invokable(
    aws_env: str, make_module: ModuleMaker
) -> None:
    source = _two_function_source(make_module)
    deploy(source)
    one_task = {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${FirstArn}", "End": True}}}
    report = deploy(dataclasses.replace(source, definition=parse_machine(one_task)))
    assert (
        report.actions[-1].format() == f"deleted lambda function 'Two-Second' ({_function_arn('Two-Second')})"
    )
    document = _client("iam").get_role_policy(RoleName="Two-states", PolicyName="flowdsl-invoke-functions")
    first = _function_arn("Two-First")
    assert document["PolicyDocument"]["Statement"][0]["Resource"] == [first, f"{first}:*"]
    assert [f["FunctionName"] for f in _client("lambda").list_functions()["Functions"]] == ["Two-First"]


# ---------------------------------------------------------------- remote runs


def _recording(source: Source) -> tuple[Source, list[Any]]:
    """The source with handlers that record each result in call order (moto replays them)."""
    results: list[Any] = []

    def wrap(handler: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        def recorded(event: Any, context: Any) -> Any:
            results.append(handler(event, context))
            return results[-1]

        return recorded

    wrapped = {name: wrap(handler) for name, handler in source.handlers.items()}
    return dataclasses.replace(source, handlers=wrapped), results


@pytest.mark.parametrize("status", ["1", "0"], ids=["resolved", "escalated"])
def test_a_remote_run_matches_the_local_run(
    aws_env: str,
    callcenter: Source,
    queue_lambda_results: Callable[[list[Any]], None],
    monkeypatch: pytest.MonkeyPatch,
    status: str,
) -> None:
    # moto runs the definition for real but does not run Lambda code without Docker: it returns
    # queued payloads, so the handlers' local results are queued in call order.
    monkeypatch.setenv("FLOWDSL_WORK_ON_CASE_STATUS", status)
    deploy(callcenter, name="cc")
    recording, results = _recording(callcenter)
    local = run(recording, {"inputCaseID": "001"})
    queue_lambda_results(results)
    remote = run_remote(callcenter, {"inputCaseID": "001"}, name="cc")
    assert remote == {
        "status": local.status,
        "output": local.output,
        "error": local.error,
        "cause": local.cause,
    }
    assert remote["status"] == ("SUCCEEDED" if status == "1" else "FAILED")


def test_a_lambda_free_machine_runs_remotely(aws_env: str) -> None:
    machine = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Result": {"ok": 1}, "ResultPath": "$.r", "End": True}},
    }
    source = Source("Hello", parse_machine(machine))
    deploy(source)
    assert run_remote(source, {"in": 2}) == {
        "status": "SUCCEEDED",
        "output": {"in": 2, "r": {"ok": 1}},
        "error": None,
        "cause": None,
    }


def test_running_a_stack_that_is_not_deployed_fails_clearly(aws_env: str, callcenter: Source) -> None:
    with pytest.raises(FlowdslError) as caught:
        run_remote(callcenter, {})
    assert [d.format() for d in caught.value.diagnostics] == [
        "error: stack 'CallCenter' is not deployed in region 'us-east-1': run 'flowdsl deploy' first, "
        "or pass the --stack it was deployed as"
    ]


# ---------------------------------------------------------------- destroy: ours only, by tag


def _outsiders() -> None:
    """Resources created outside flowdsl, named like ours or tagged for another stack."""
    iam = _client("iam")
    trust = json.dumps(_trust("lambda.amazonaws.com"))
    role = iam.create_role(RoleName="cc-lambda-exec-2", Path="/flowdsl/", AssumeRolePolicyDocument=trust)
    iam.create_role(
        RoleName="other-states",
        Path="/flowdsl/",
        AssumeRolePolicyDocument=trust,
        Tags=[{"Key": "flowdsl:stack", "Value": "other"}],
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("f.py", "def handler(e, c):\n    return e\n")
    _client("lambda").create_function(
        FunctionName="cc-OpenCaseFunction-old",
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="f.handler",
        Code={"ZipFile": buffer.getvalue()},
    )
    machine = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    _client("stepfunctions").create_state_machine(
        name="cc-manual", definition=machine, roleArn=role["Role"]["Arn"]
    )


def _remaining() -> tuple[list[str], list[str], list[str]]:
    functions = [f["FunctionName"] for f in _client("lambda").list_functions()["Functions"]]
    roles = sorted(r["RoleName"] for r in _client("iam").list_roles()["Roles"])
    machines = [m["name"] for m in _client("stepfunctions").list_state_machines()["stateMachines"]]
    return functions, roles, machines


def test_destroy_deletes_everything_deploy_created_and_nothing_else(aws_env: str, callcenter: Source) -> None:
    _outsiders()
    deployed = deploy(callcenter, name="cc")
    report = destroy(callcenter, name="cc")
    assert sorted(a.arn for a in report.actions) == sorted(a.arn for a in deployed.actions)
    assert {a.verb for a in report.actions} == {"deleted"}
    assert _remaining() == (["cc-OpenCaseFunction-old"], ["cc-lambda-exec-2", "other-states"], ["cc-manual"])


def test_destroy_with_nothing_left_succeeds_with_an_empty_report(aws_env: str) -> None:
    assert destroy("cc").actions == []


def test_deploy_refuses_to_take_over_an_untagged_function(aws_env: str, callcenter: Source) -> None:
    role = _client("iam").create_role(
        RoleName="manual", AssumeRolePolicyDocument=json.dumps(_trust("lambda.amazonaws.com"))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("f.py", "")
    _client("lambda").create_function(
        FunctionName="cc-OpenCaseFunction",
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="f.handler",
        Code={"ZipFile": buffer.getvalue()},
    )
    with pytest.raises(FlowdslError) as caught:
        deploy(callcenter, name="cc")
    not_ours, incomplete = caught.value.diagnostics
    assert not_ours.code == "resource-not-ours"
    assert not_ours.message.startswith(
        "lambda function 'cc-OpenCaseFunction' already exists but is not tagged"
    )
    assert incomplete.code == "deploy-incomplete"
    assert "created lambda function 'cc-EscalateCaseFunction'" in incomplete.message
    assert incomplete.message.endswith("'flowdsl destroy --stack cc' removes everything it created")
    destroyed = destroy("cc")
    assert [a.name for a in destroyed.actions] == [
        "cc-AssignCaseFunction",
        "cc-CloseCaseFunction",
        "cc-EscalateCaseFunction",
        "cc-lambda-exec",
    ]
    assert _remaining() == (["cc-OpenCaseFunction"], ["manual"], [])


def test_a_profile_from_the_shared_config_files_is_used(
    aws_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, credentials = tmp_path / "profiled-config", tmp_path / "profiled-credentials"
    config.write_text("[profile dev]\nregion = eu-west-3\n")
    credentials.write_text("[dev]\naws_access_key_id = profiled\naws_secret_access_key = profiled\n")
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
        monkeypatch.delenv(variable)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    source = Source("Hello", parse_machine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
    report = deploy(source, profile="dev")
    assert report.region == "eu-west-3"
    assert report.state_machine_arn == f"arn:aws:states:eu-west-3:{ACCOUNT}:stateMachine:Hello"
    assert [a.verb for a in destroy(source, profile="dev").actions] == ["deleted"] * 2


def test_a_workflow_without_functions_keeps_no_lambda_role(aws_env: str, make_module: ModuleMaker) -> None:
    source = _two_function_source(make_module)
    deploy(source)
    pass_only = parse_machine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    report = deploy(dataclasses.replace(source, definition=pass_only))
    assert [(a.verb, a.name) for a in report.actions] == [
        ("updated", "Two-states"),
        ("updated", "Two"),
        ("deleted", "Two-First"),
        ("deleted", "Two-Second"),
        ("deleted", "Two-lambda-exec"),
    ]
    assert _client("iam").list_role_policies(RoleName="Two-states")["PolicyNames"] == []
    assert _remaining() == ([], ["Two-states"], ["Two"])
