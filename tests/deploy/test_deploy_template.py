"""`flowdsl template`: SAM and CloudFormation templates that cfn-lint accepts and that match deploy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # a cfn-lint dependency, used to read templates back

from flowdsl.deploy.template import build_template, render_template
from flowdsl.deploy.yamltext import dump
from flowdsl.diagnostics import FlowdslError
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.source import Source

FORMATS = ["sam", "cloudformation"]
CALLCENTER_FUNCTIONS = [
    "AssignCaseFunction",
    "CloseCaseFunction",
    "EscalateCaseFunction",
    "OpenCaseFunction",
    "WorkOnCaseFunction",
]


@pytest.fixture(scope="module")
def callcenter(repo_root: Path) -> Source:
    return load_source(repo_root / "examples" / "callcenter.py")


def _cfn_lint(path: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("cfn-lint")
    command = [str(script)] if script.exists() else [shutil.which("cfn-lint") or "cfn-lint"]
    return subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_callcenter_template_passes_cfn_lint(
    callcenter: Source, repo_root: Path, tmp_path: Path, fmt: Any
) -> None:
    path = tmp_path / f"{fmt}.yaml"
    path.write_text(render_template(callcenter, fmt=fmt, base_dir=repo_root))
    result = _cfn_lint(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lambda_free_template_passes_cfn_lint(tmp_path: Path) -> None:
    machine = parse_machine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    path = tmp_path / "template.yaml"
    path.write_text(render_template(Source("Hello", machine), fmt="cloudformation", base_dir=tmp_path))
    result = _cfn_lint(path)
    assert result.returncode == 0, result.stdout + result.stderr
    resources = yaml.safe_load(path.read_text())["Resources"]
    assert list(resources) == ["StatesExecutionRole", "StateMachine"]
    assert "Policies" not in resources["StatesExecutionRole"]["Properties"]
    assert "DefinitionSubstitutions" not in resources["StateMachine"]["Properties"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_yaml_text_is_the_template_data(callcenter: Source, repo_root: Path, fmt: Any) -> None:
    text = render_template(callcenter, fmt=fmt, base_dir=repo_root)
    assert yaml.safe_load(text) == build_template(callcenter, fmt=fmt, base_dir=repo_root)


@pytest.mark.parametrize(
    ("fmt", "function_type", "code_key", "machine_type"),
    [
        ("sam", "AWS::Serverless::Function", "CodeUri", "AWS::Serverless::StateMachine"),
        ("cloudformation", "AWS::Lambda::Function", "Code", "AWS::StepFunctions::StateMachine"),
    ],
)
def test_functions_point_at_the_lambdas_folder(
    callcenter: Source, repo_root: Path, fmt: Any, function_type: str, code_key: str, machine_type: str
) -> None:
    resources = build_template(callcenter, fmt=fmt, base_dir=repo_root)["Resources"]
    function = resources["OpenCaseFunction"]
    assert function["Type"] == function_type
    assert function["Properties"][code_key] == "lambdas/"
    assert function["Properties"]["Handler"] == "open_case.handler"
    assert function["Properties"]["Runtime"] == "python3.12"
    assert function["Properties"]["Role"] == {"Fn::GetAtt": ["LambdaExecutionRole", "Arn"]}
    assert resources["StateMachine"]["Type"] == machine_type


def test_code_paths_are_relative_to_the_template(callcenter: Source, repo_root: Path) -> None:
    resources = build_template(callcenter, fmt="sam", base_dir=repo_root / "build")["Resources"]
    assert resources["OpenCaseFunction"]["Properties"]["CodeUri"] == "../lambdas/"


def test_the_state_machine_role_may_invoke_exactly_the_functions(callcenter: Source, repo_root: Path) -> None:
    role = build_template(callcenter, fmt="sam", base_dir=repo_root)["Resources"]["StatesExecutionRole"]
    machines = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:*"
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "states.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Sub": machines}},
            },
        }
    ]
    (policy,) = role["Properties"]["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == "lambda:InvokeFunction"
    assert statement["Resource"] == [
        form
        for name in CALLCENTER_FUNCTIONS
        for form in ({"Fn::GetAtt": [name, "Arn"]}, {"Fn::Sub": f"${{{name}.Arn}}:*"})
    ]


def test_the_lambda_role_only_logs(callcenter: Source, repo_root: Path) -> None:
    role = build_template(callcenter, fmt="sam", base_dir=repo_root)["Resources"]["LambdaExecutionRole"]
    assert role["Properties"]["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}
    ]
    assert "Policies" not in role["Properties"]


def test_definition_substitutions_cover_every_placeholder(callcenter: Source, repo_root: Path) -> None:
    machine = build_template(callcenter, fmt="cloudformation", base_dir=repo_root)["Resources"][
        "StateMachine"
    ]
    substitutions = machine["Properties"]["DefinitionSubstitutions"]
    assert substitutions == {f"{name}Arn": {"Fn::GetAtt": [name, "Arn"]} for name in CALLCENTER_FUNCTIONS}
    assert machine["Properties"]["Definition"]["States"]["Open Case"]["Resource"] == "${OpenCaseFunctionArn}"


def test_template_resources_carry_no_flowdsl_stack_tag(callcenter: Source, repo_root: Path) -> None:
    # CloudFormation owns template resources: 'flowdsl destroy' must never find them.
    assert "flowdsl:stack" not in render_template(callcenter, fmt="sam", base_dir=repo_root)


def test_logical_id_collisions_are_refused(tmp_path: Path) -> None:
    machine = parse_machine(
        {
            "StartAt": "A",
            "States": {
                "A": {"Type": "Task", "Resource": "${opencaseFunctionArn}", "Next": "B"},
                "B": {"Type": "Task", "Resource": "${open_caseArn}", "Next": "C"},
                "C": {"Type": "Task", "Resource": "${opencaseArn}", "End": True},
            },
        }
    )

    def handler(event: Any, context: Any) -> Any:
        return event

    source = Source(
        "X", machine, handlers={name: handler for name in ("opencaseFunction", "open_case", "opencase")}
    )
    with pytest.raises(FlowdslError) as caught:
        build_template(source, fmt="sam", base_dir=tmp_path)
    assert [d.code for d in caught.value.diagnostics] == ["template-id-collision"]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"a": "on", "b": "1.0", "c": "null", "d": ""}, id="strings-that-look-like-scalars"),
        pytest.param({"x": "${OpenArn}", "y": "a: b # c", "z": "- item"}, id="yaml-punctuation"),
        pytest.param({"weird key: #": 1, "ünï": "çødé"}, id="keys-and-unicode"),
        pytest.param({"l": [[1, 2], [], {}, [{"a": [3]}]], "e": {}}, id="nested-and-empty"),
        pytest.param({"n": None, "t": True, "f": 1.5, "i": -3}, id="json-scalars"),
    ],
)
def test_yaml_writer_round_trips(value: dict[str, Any]) -> None:
    assert yaml.safe_load(dump(value)) == value
