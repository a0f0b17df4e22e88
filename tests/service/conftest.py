"""Fixtures for the service tests: a moto server for integrations (shared with the deploy tests)
and a `flowdsl serve` on a free loopback port pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3  # type: ignore[import-untyped]
import pytest

from flowdsl.service import Service
from flowdsl.service.wire import StepFunctionsServer
from tests.deploy.conftest import aws_env, moto_url

__all__ = ["aws_env", "moto_url"]
ROLE = "arn:aws:iam::123456789012:role/flowdsl-test"


@pytest.fixture
def served(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[StepFunctionsServer]:
    """`flowdsl serve` calling the (reset) moto server for its integrations."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    server = StepFunctionsServer(("127.0.0.1", 0), Service(endpoint=aws_env, poll_seconds=5))
    server.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def boto3_on(service: Service) -> Iterator[Any]:
    """Plain boto3 (dummy credentials) against `service` served on a free loopback port, which
    is stopped afterwards."""
    server = StepFunctionsServer(("127.0.0.1", 0), service)
    server.start()
    try:
        yield boto3.client(
            "stepfunctions", endpoint_url=server.url, region_name="us-east-1",
            aws_access_key_id="x", aws_secret_access_key="x",
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sfn(served: StepFunctionsServer) -> Any:
    """A plain boto3 Step Functions client talking to the served endpoint."""
    return boto3.client("stepfunctions", endpoint_url=served.url, region_name="us-east-1")
