"""`flowdsl validate --aws` against a stub of ValidateStateMachineDefinition (botocore's Stubber
checks each request against the real service model; nothing leaves the machine)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest
from botocore.stub import ANY, Stubber  # type: ignore[import-untyped]
from click.testing import CliRunner

from flowdsl.cli.main import cli
from flowdsl.deploy import validation
from flowdsl.deploy.aws import Aws

BROKEN = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}


class _Session:
    def __init__(self, client: Any) -> None:
        self._client = client

    def client(self, service: str, config: Any = None) -> Any:
        assert service == "stepfunctions"
        return self._client


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> Stubber:
    client = boto3.client(
        "stepfunctions", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stubber = Stubber(client)
    aws = Aws(_Session(client), "eu-west-1", "111122223333", "aws")
    calls: list[tuple[str | None, str | None]] = []

    def connect(region: str | None = None, profile: str | None = None) -> Aws:
        calls.append((region, profile))
        return aws

    monkeypatch.setattr(validation, "connect", connect)
    stubber.activate()
    stubber.calls = calls
    return stubber


def _respond(
    stubber: Stubber, diagnostics: list[dict[str, str]], definition: Any = ANY, **extra: Any
) -> None:
    result = "FAIL" if any(d["severity"] == "ERROR" for d in diagnostics) else "OK"
    stubber.add_response(
        "validate_state_machine_definition",
        {"result": result, "diagnostics": diagnostics, **extra},
        {"definition": definition, "type": "STANDARD"},
    )


def test_aws_diagnostics_print_beside_ours_under_our_codes(stubbed: Stubber, tmp_path: Path) -> None:
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}, indent=2))
    _respond(
        stubbed,
        [
            {
                "severity": "ERROR",
                "code": "SCHEMA_VALIDATION_FAILED",
                "message": "odd",
                "location": "/States/A",
            },
            {
                "severity": "WARNING",
                "code": "NO_DOLLAR",
                "message": "looks like a path",
                "location": "/States/A",
            },
        ],
    )
    result = CliRunner().invoke(
        cli, ["validate", str(path), "--aws", "--region", "eu-west-1", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert [(d["code"], d["severity"]) for d in found] == [
        ("aws-diagnostic", "error"),
        ("no-dollar", "warning"),
    ]
    assert found[0]["message"] == "aws: odd (SCHEMA_VALIDATION_FAILED)"
    assert found[0]["location"] == f"{path}:4 /States/A"
    assert stubbed.calls == [("eu-west-1", None)]
    stubbed.assert_no_pending_responses()


def test_a_definition_both_refuse_is_reported_by_both(stubbed: Stubber, tmp_path: Path) -> None:
    path = tmp_path / "broken.asl.json"
    path.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}}}))
    aws_says = "Missing 'Next' target: Nope at /States/A/Next"
    _respond(
        stubbed,
        [
            {
                "severity": "ERROR",
                "code": "MISSING_TRANSITION_TARGET",
                "message": aws_says,
                "location": "/States/A/Next",
            }
        ],
    )
    result = CliRunner().invoke(cli, ["validate", str(path), "--aws", "--format", "json"])
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [d["code"] for d in found] == ["unknown-target", "unknown-target"]
    assert found[1]["message"].startswith("aws: ")


def test_an_aws_error_is_one_line_not_a_traceback(stubbed: Stubber, tmp_path: Path) -> None:
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}))
    stubbed.add_client_error("validate_state_machine_definition", "AccessDeniedException", "not allowed")
    result = CliRunner().invoke(cli, ["validate", str(path), "--aws"])
    assert result.exit_code == 1
    assert "not allowed" in result.stderr
    assert "internal error" not in result.stderr


def test_placeholders_become_arns_in_the_sessions_account(stubbed: Stubber, repo_root: Path) -> None:
    sent: list[str] = []

    def capture(model: Any, params: dict[str, Any], **_: Any) -> None:
        sent.append(params["definition"])

    stubbed.client.meta.events.register("provide-client-params.sfn.ValidateStateMachineDefinition", capture)
    _respond(stubbed, [])
    result = CliRunner().invoke(cli, ["validate", str(repo_root / "examples" / "callcenter.py"), "--aws"])
    assert result.exit_code == 0, result.output
    (text,) = sent
    assert "${" not in text
    assert "arn:aws:lambda:eu-west-1:111122223333:function:OpenCaseFunction" in text


def test_truncated_answers_say_so(stubbed: Stubber, tmp_path: Path) -> None:
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}))
    _respond(stubbed, [], truncated=True)
    result = CliRunner().invoke(cli, ["validate", str(path), "--aws", "--format", "json"])
    assert [d["code"] for d in json.loads(result.stdout)] == ["aws-diagnostics-truncated"]


def test_region_without_aws_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "x.json"), "--region", "eu-west-1"])
    assert result.exit_code == 2
