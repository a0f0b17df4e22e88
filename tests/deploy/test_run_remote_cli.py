"""`flowdsl run --remote` through click against the local moto server: the same `--name`,
`--stack`, `--region` and `--profile` as `deploy` and `destroy`, so what one deploys the other runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from flowdsl.cli.main import cli

# Two Lambda-free workflows in one file, so `--name` has something to pick and moto can run them.
TWO_WORKFLOWS = """
from flowdsl import Pass, Workflow

first = Workflow("First", Pass("A", result={"from": "First"}, result_path="$.r"))
second = Workflow("Second", Pass("B", result={"from": "Second"}, result_path="$.r"))
"""


@pytest.fixture
def two(tmp_path: Path) -> str:
    path = tmp_path / "two.py"
    path.write_text(TWO_WORKFLOWS)
    return str(path)


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _run_remote(*args: str) -> Result:
    return _invoke("run", *args, "--remote", "--input", '{"in": 1}', "--format", "json")


def test_name_picks_the_workflow_and_stack_the_deployment_in_deploy_run_and_destroy(
    aws_env: str, two: str
) -> None:
    assert _invoke("deploy", two, "--name", "Second", "--stack", "second-prod").exit_code == 0
    ran = _run_remote(two, "--name", "Second", "--stack", "second-prod")
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout) == {
        "status": "SUCCEEDED",
        "output": {"in": 1, "r": {"from": "Second"}},
        "error": None,
        "cause": None,
    }
    destroyed = _invoke("destroy", two, "--name", "Second", "--stack", "second-prod")
    assert destroyed.stdout.splitlines()[0].startswith("deleted state machine 'second-prod'")


def test_a_stack_deployed_under_another_name_is_run_with_stack(
    aws_env: str, callcenter_path: str, queue_lambda_results: Callable[[list[object]], None]
) -> None:
    assert _invoke("deploy", callcenter_path, "--stack", "cc").exit_code == 0
    unnamed = _run_remote(callcenter_path)
    assert unnamed.exit_code == 1
    assert (unnamed.stderr, json.loads(unnamed.stdout)) == (
        "",
        {
            "status": "ERROR",
            "output": None,
            "error": None,
            "cause": None,
            "diagnostics": [
                {
                    "code": "not-deployed",
                    "severity": "error",
                    "message": "stack 'CallCenter' is not deployed in region 'us-east-1': "
                    "run 'flowdsl deploy' first, or pass the --stack it was deployed as",
                    "location": "",
                }
            ],
        },
    )
    queue_lambda_results(
        [
            {"Case": "001", "Message": "Case 001: opened..."},
            {"Case": "001", "Message": "Case 001: opened...assigned..."},
            {"Case": "001", "Status": 0, "Message": "Case 001: opened...assigned...unresolved..."},
            {"Case": "001", "Status": 0, "Message": "Case 001: opened...assigned...unresolved...escalated."},
        ]
    )
    named = _run_remote(callcenter_path, "--stack", "cc")
    assert (named.exit_code, named.stderr) == (1, "")
    assert json.loads(named.stdout) == {
        "status": "FAILED",
        "output": None,
        "error": None,
        "cause": "Engage Tier 2 Support.",
    }


def test_region_picks_where_to_look(aws_env: str, two: str) -> None:
    assert _invoke("deploy", two, "--name", "First").exit_code == 0
    elsewhere = _run_remote(two, "--name", "First", "--region", "eu-west-1")
    assert elsewhere.exit_code == 1
    (problem,) = json.loads(elsewhere.stdout)["diagnostics"]
    assert "stack 'First' is not deployed in region 'eu-west-1'" in problem["message"]
    here = _run_remote(two, "--name", "First", "--region", "us-east-1")
    assert json.loads(here.stdout)["output"] == {"in": 1, "r": {"from": "First"}}


def test_profile_gives_credentials_and_region(
    aws_env: str, two: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, credentials = tmp_path / "profiled-config", tmp_path / "profiled-credentials"
    config.write_text("[profile dev]\nregion = eu-west-3\n")
    credentials.write_text("[dev]\naws_access_key_id = profiled\naws_secret_access_key = profiled\n")
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
        monkeypatch.delenv(variable)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    assert _invoke("deploy", two, "--name", "First", "--profile", "dev").exit_code == 0
    ran = _run_remote(two, "--name", "First", "--profile", "dev")
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.stdout)["output"] == {"in": 1, "r": {"from": "First"}}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["run", "{two}", "--stack", "cc"],
            "--stack, --region and --profile name where to run: they need --remote",
        ),
        (["run", "{two}", "--region", "eu-west-1"], "they need --remote"),
        (["destroy", "--name", "First"], "give SOURCE or --stack"),
        (["destroy", "--stack", "cc", "--name", "First"], "--name picks a workflow of SOURCE"),
    ],
    ids=["stack-without-remote", "region-without-remote", "destroy-name-only", "destroy-name-without-source"],
)
def test_usage_errors_exit_2(two: str, args: list[str], message: str) -> None:
    result = _invoke(*(arg.format(two=two) for arg in args))
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.fixture
def callcenter_path(repo_root: Path) -> str:
    return str(repo_root / "examples" / "callcenter.py")
