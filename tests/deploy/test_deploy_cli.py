"""`flowdsl deploy`, `destroy` and `template` through click, against the local moto server."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from flowdsl.cli.main import cli
from flowdsl.deploy.package import package_handler
from flowdsl.loader import load_source

FUNCTIONS = [
    "AssignCaseFunction",
    "CloseCaseFunction",
    "EscalateCaseFunction",
    "OpenCaseFunction",
    "WorkOnCaseFunction",
]


@pytest.fixture
def callcenter_path(repo_root: Path) -> str:
    return str(repo_root / "examples" / "callcenter.py")


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_deploy_prints_what_it_created_then_what_it_left_alone(aws_env: str, callcenter_path: str) -> None:
    first = _invoke("deploy", callcenter_path, "--stack", "cc")
    assert first.exit_code == 0, first.output
    assert [line.split(" (")[0] for line in first.stdout.splitlines()] == [
        "created iam role 'cc-lambda-exec'",
        *(f"created lambda function 'cc-{name}'" for name in FUNCTIONS),
        "created iam role 'cc-states'",
        "created state machine 'cc'",
    ]
    assert first.stderr == (
        "flowdsl: stack 'cc' deployed to us-east-1: arn:aws:states:us-east-1:123456789012:stateMachine:cc\n"
    )
    second = _invoke("deploy", callcenter_path, "--stack", "cc")
    assert {line.split(" ")[0] for line in second.stdout.splitlines()} == {"unchanged"}


def test_destroy_by_stack_prints_each_deletion(aws_env: str, callcenter_path: str) -> None:
    assert _invoke("deploy", callcenter_path, "--stack", "cc").exit_code == 0
    result = _invoke("destroy", "--stack", "cc")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 8
    assert all(line.startswith("deleted ") for line in result.stdout.splitlines())
    again = _invoke("destroy", callcenter_path, "--stack", "cc")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert again.stderr == "flowdsl: nothing of stack 'cc' is left in us-east-1\n"


def test_destroy_needs_a_source_or_a_name() -> None:
    result = _invoke("destroy")
    assert result.exit_code == 2
    assert "give SOURCE or --stack" in result.stderr


def test_a_missing_region_exits_1_with_one_line(no_aws: None, callcenter_path: str) -> None:
    result = _invoke("deploy", callcenter_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "flowdsl: error: no aws region configured: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, "
        "or give the profile a region\n"
    )


@pytest.mark.parametrize("fmt", ["sam", "cloudformation"])
def test_template_writes_the_file_next_to_which_code_paths_resolve(
    callcenter_path: str, repo_root: Path, tmp_path: Path, fmt: str
) -> None:
    output = tmp_path / "out" / "template.yaml"
    output.parent.mkdir()
    result = _invoke("template", callcenter_path, "-o", str(output), "--format", fmt)
    assert result.exit_code == 0, result.output
    # Each function's code is the zip deploy would upload, beside the template (issue 11).
    text = output.read_text()
    assert '"template.code/OpenCaseFunction.zip"' in text
    assert "lambdas/" not in text
    zips = sorted(path.name for path in (output.parent / "template.code").iterdir())
    assert zips == [f"{f}CaseFunction.zip" for f in ("Assign", "Close", "Escalate", "Open", "WorkOn")]
    with zipfile.ZipFile(output.parent / "template.code" / "OpenCaseFunction.zip") as archive:
        packaged = sorted(archive.namelist())
    deployed = package_handler(
        "OpenCaseFunction", load_source(Path(callcenter_path)).handlers["OpenCaseFunction"]
    )
    assert packaged == sorted(deployed.files)
    assert result.stderr == f"flowdsl: wrote {output}\n"


def test_template_refuses_to_replace_a_file_that_is_not_a_package(
    callcenter_path: str, tmp_path: Path
) -> None:
    output = tmp_path / "template.yaml"
    (tmp_path / "template.code").mkdir()
    (tmp_path / "template.code" / "OpenCaseFunction.zip").write_text("my notes\n")
    result = _invoke("template", callcenter_path, "-o", str(output))
    assert result.exit_code == 1
    assert "is not a deployment package flowdsl wrote" in result.stderr
    assert (tmp_path / "template.code" / "OpenCaseFunction.zip").read_text() == "my notes\n"
    assert not output.exists()


def test_template_to_stdout_is_relative_to_the_working_directory(
    callcenter_path: str, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_root)
    result = _invoke("template", callcenter_path)
    assert result.exit_code == 0, result.output
    assert 'CodeUri: "lambdas/"' in result.stdout
    head = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: "AWS::Serverless-2016-10-31"\n'
    assert result.stdout.startswith(head)


def test_the_readme_cycle_deploy_run_remote_destroy(
    aws_env: str, callcenter_path: str, queue_lambda_results: Callable[[list[object]], None]
) -> None:
    assert _invoke("deploy", callcenter_path).exit_code == 0
    queue_lambda_results(
        [
            {"Case": "001", "Message": "Case 001: opened..."},
            {"Case": "001", "Message": "Case 001: opened...assigned..."},
            {"Case": "001", "Status": 0, "Message": "Case 001: opened...assigned...unresolved..."},
            {"Case": "001", "Status": 0, "Message": "Case 001: opened...assigned...unresolved...escalated."},
        ]
    )
    ran = _invoke("run", callcenter_path, "--remote", "--input", '{"inputCaseID": "001"}', "--format", "json")
    assert ran.exit_code == 1, ran.output
    assert json.loads(ran.stdout) == {
        "status": "FAILED",
        "output": None,
        "error": None,
        "cause": "Engage Tier 2 Support.",
    }
    assert _invoke("destroy", callcenter_path).exit_code == 0
    assert (
        _invoke("destroy", callcenter_path).stderr
        == "flowdsl: nothing of stack 'CallCenter' is left in us-east-1\n"
    )
