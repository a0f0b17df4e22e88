"""Clear one-line errors: configuration, AWS refusals, names and placeholders; bounded IAM retries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError  # type: ignore[import-untyped]

from flowdsl.deploy import deploy, destroy, run_remote
from flowdsl.deploy.aws import Aws, aws_errors, retry_while_role_propagates
from flowdsl.deploy.plan import stack_name
from flowdsl.diagnostics import FlowdslError
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.source import Source

PASS_ONLY = parse_machine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})


def _only_error(caught: pytest.ExceptionInfo[FlowdslError]) -> tuple[str, str]:
    (diagnostic,) = caught.value.diagnostics
    assert "\n" not in diagnostic.format()
    return diagnostic.code, diagnostic.message


@pytest.fixture
def callcenter(repo_root: Path) -> Source:
    return load_source(repo_root / "examples" / "callcenter.py")


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(deploy, id="deploy"),
        pytest.param(destroy, id="destroy"),
        pytest.param(lambda s: run_remote(s, {}), id="run-remote"),
    ],
)
def test_no_region_is_a_clear_error(no_aws: None, callcenter: Source, action: Any) -> None:
    with pytest.raises(FlowdslError) as caught:
        action(callcenter)
    assert _only_error(caught) == (
        "aws-no-region",
        "no aws region configured: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, "
        "or give the profile a region",
    )


def test_no_credentials_is_a_clear_error(
    no_aws: None, callcenter: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    with pytest.raises(FlowdslError) as caught:
        deploy(callcenter)
    code, message = _only_error(caught)
    assert code == "aws-no-credentials"
    assert message.startswith("no aws credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY")


def test_an_unknown_profile_is_a_clear_error(no_aws: None, callcenter: Source) -> None:
    with pytest.raises(FlowdslError) as caught:
        deploy(callcenter, profile="nope", region="eu-west-1")
    assert _only_error(caught) == ("aws-profile-not-found", "aws profile 'nope' is not configured")


def test_an_unreachable_endpoint_is_a_clear_error(
    no_aws: None, callcenter: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # the discard port: nothing listens
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with pytest.raises(FlowdslError) as caught:
        deploy(callcenter, region="eu-west-1")
    code, message = _only_error(caught)
    assert code == "aws-unreachable"
    assert message.startswith("cannot reach aws while checking the aws credentials")


def _client_error(code: str, message: str = "nope") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, "CreateRole")


@pytest.mark.parametrize(
    ("exception", "expected"),
    [
        pytest.param(
            _client_error("AccessDenied", "User: x is not authorized to perform: iam:CreateRole."),
            (
                "aws-access-denied",
                "access denied while creating a role: AccessDenied: "
                "User: x is not authorized to perform: iam:CreateRole",
            ),
            id="access-denied",
        ),
        pytest.param(
            _client_error("AccessDeniedException"),
            ("aws-access-denied", "access denied while creating a role: AccessDeniedException: nope"),
            id="access-denied-exception",
        ),
        pytest.param(
            _client_error("ExpiredToken", "The security token included in the request is expired"),
            (
                "aws-access-denied",
                "access denied while creating a role: ExpiredToken: "
                "The security token included in the request is expired",
            ),
            id="expired-token",
        ),
        pytest.param(
            _client_error("LimitExceeded", "Cannot exceed quota\nfor roles."),
            ("aws-error", "aws refused creating a role: LimitExceeded: Cannot exceed quota for roles"),
            id="other-refusal-on-one-line",
        ),
        pytest.param(
            EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
            (
                "aws-unreachable",
                'cannot reach aws while creating a role: Could not connect to the endpoint URL: "http://127.0.0.1:9"',
            ),
            id="unreachable",
        ),
    ],
)
def test_aws_failures_become_one_line_errors(exception: Exception, expected: tuple[str, str]) -> None:
    with pytest.raises(FlowdslError) as caught, aws_errors("creating a role"):
        raise exception
    assert _only_error(caught) == expected


ROLE_NOT_READY = _client_error(
    "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda."
)


def _aws(attempts: int) -> Aws:
    return Aws(
        session=None,
        region="eu-west-1",
        account="1",
        partition="aws",
        propagation_attempts=attempts,
        propagation_delay=0,
    )


def test_a_role_not_yet_assumable_is_retried_until_it_is() -> None:
    calls: list[int] = []

    def create() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise ROLE_NOT_READY
        return "created"

    assert retry_while_role_propagates(_aws(5), create) == "created"
    assert len(calls) == 3


def test_the_propagation_retry_is_bounded() -> None:
    calls: list[int] = []

    def create() -> str:
        calls.append(1)
        raise ROLE_NOT_READY

    with pytest.raises(ClientError):
        retry_while_role_propagates(_aws(4), create)
    assert len(calls) == 4


def test_other_errors_are_not_retried() -> None:
    calls: list[int] = []

    def create() -> str:
        calls.append(1)
        raise _client_error("InvalidParameterValueException", "Unsupported runtime")

    with pytest.raises(ClientError):
        retry_while_role_propagates(_aws(4), create)
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("workflow", "name", "expected"),
    [
        pytest.param("CallCenter", None, "CallCenter", id="workflow-name"),
        pytest.param("Call Center (v2)", None, "Call-Center-v2-1ded4274", id="workflow-name-made-safe"),
        pytest.param("Order Flow", None, "Order-Flow-15f90194", id="space-gets-a-hash"),
        pytest.param("注文", None, "flowdsl-266125dd", id="non-ascii-order"),
        pytest.param("請求", None, "flowdsl-779fdc96", id="non-ascii-invoice"),
        pytest.param("Order-Flow", None, "Order-Flow", id="already-safe-kept"),
        pytest.param("CallCenter", "cc-dev_2", "cc-dev_2", id="explicit"),
    ],
)
def test_stack_names(workflow: str, name: str | None, expected: str) -> None:
    assert stack_name(Source(workflow, PASS_ONLY), name) == expected


@pytest.mark.parametrize(
    "name",
    ["has space", "x" * 53, "a/b", "", "stack\n"],
    ids=["space", "too-long", "slash", "empty", "trailing-newline"],
)
def test_invalid_stack_names_are_refused(name: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        stack_name(Source("W", PASS_ONLY), name)
    code, message = _only_error(caught)
    assert code == "invalid-stack-name"
    assert message.startswith(f"invalid stack name '{name}'")


def test_a_placeholder_without_a_handler_is_refused_before_any_aws_call(no_aws: None) -> None:
    machine = parse_machine(
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${OpenCazeArn}", "End": True}}}
    )

    def handler(event: Any, context: Any) -> Any:
        return event

    with pytest.raises(FlowdslError) as caught:
        deploy(Source("W", machine, handlers={"OpenCase": handler}))
    assert _only_error(caught) == (
        "unresolved-placeholder",
        "placeholder '${OpenCazeArn}' names no lambda function with a handler (did you mean 'OpenCase'?)",
    )


def test_an_unpackable_handler_is_refused_before_any_aws_call(no_aws: None) -> None:
    machine = parse_machine(
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${FArn}", "End": True}}}
    )
    with pytest.raises(FlowdslError) as caught:
        deploy(Source("W", machine, handlers={"F": lambda event, context: event}))
    code, message = _only_error(caught)
    assert code == "handler-not-packageable"
    assert message.startswith("cannot package the handler of lambda function 'F': it is a lambda expression")


def test_credentials_in_the_endpoint_url_are_not_echoed(
    no_aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://admin:s3cr3t@127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    with pytest.raises(FlowdslError) as caught:
        destroy("cc")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "aws-unreachable"
    assert "s3cr3t" not in diagnostic.message and "admin" not in diagnostic.message
    assert "http://***@127.0.0.1:9" in diagnostic.message
