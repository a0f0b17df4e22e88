"""The `flowdsl_serve` pytest fixture (flowdsl.testing): a served endpoint for any suite."""

from __future__ import annotations

import boto3  # type: ignore[import-untyped]

from tests.service.conftest import ROLE


def test_the_fixture_is_a_served_endpoint(flowdsl_serve: str) -> None:
    assert flowdsl_serve.startswith("http://127.0.0.1:")
    sfn = boto3.client(
        "stepfunctions", endpoint_url=flowdsl_serve, region_name="us-east-1",
        aws_access_key_id="x", aws_secret_access_key="x",
    )  # fmt: skip
    definition = '{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}'
    arn = sfn.create_state_machine(name="m", definition=definition, roleArn=ROLE)["stateMachineArn"]
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == definition
