"""Deploying and templating a workflow of service integrations: the role allows exactly those calls."""

from __future__ import annotations

import json
from pathlib import Path

import boto3  # type: ignore[import-untyped]
import pytest
import yaml  # type: ignore[import-untyped]

from flowdsl.deploy import deploy
from flowdsl.deploy.template import render_template
from flowdsl.loader import load_source
from tests.deploy.test_deploy_template import _cfn_lint

ACCOUNT = "123456789012"
DATA = Path(__file__).parent / "data" / "integrations.asl.json"
# SNS, SQS .waitForTaskToken, DynamoDB, aws-sdk:s3:listObjectsV2 and startExecution.sync:2.
EXPECTED = {
    ("sns:Publish", "arn:aws:sns:us-east-1:123456789012:orders"),
    ("sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:approvals"),
    ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"),
    ("s3:ListBucket", "arn:aws:s3:::reports"),
    ("states:StartExecution", "arn:aws:states:us-east-1:123456789012:stateMachine:Child"),
    ("states:DescribeExecution", "arn:aws:states:us-east-1:123456789012:execution:Child:*"),
    ("states:StopExecution", "arn:aws:states:us-east-1:123456789012:execution:Child:*"),
    *(
        (
            action,
            "arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",
        )
        for action in ("events:PutTargets", "events:PutRule", "events:DescribeRule")
    ),
}


def test_the_deployed_role_grants_exactly_the_integrations(aws_env: str) -> None:
    report = deploy(load_source(DATA), name="integrations")
    assert report.warnings == []
    iam = boto3.client("iam", region_name="us-east-1")
    names = iam.list_role_policies(RoleName="integrations-states")["PolicyNames"]
    assert names == ["flowdsl-invoke-functions"]
    document = iam.get_role_policy(RoleName="integrations-states", PolicyName=names[0])["PolicyDocument"]
    statements = document["Statement"]
    assert {(a, r) for s in statements for a in s["Action"] for r in s["Resource"]} == EXPECTED
    assert all(s["Effect"] == "Allow" and "*" not in "".join(s["Action"]) for s in statements)
    assert iam.list_attached_role_policies(RoleName="integrations-states")["AttachedPolicies"] == []


@pytest.mark.parametrize("fmt", ["sam", "cloudformation"])
def test_the_template_of_a_lambda_free_asl_file_passes_cfn_lint(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(render_template(load_source(DATA), fmt=fmt, base_dir=tmp_path))  # type: ignore[arg-type]
    result = _cfn_lint(path)
    assert result.returncode == 0, result.stdout + result.stderr
    role = yaml.safe_load(path.read_text())["Resources"]["StatesExecutionRole"]["Properties"]
    statements = role["Policies"][0]["PolicyDocument"]["Statement"]
    table = {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"}
    assert {"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": [table]} in statements


JOBS = Path(__file__).parent / "data" / "jobs.asl.json"


def test_a_workflow_of_jobs_deploys_with_only_named_actions_and_passes_its_roles(aws_env: str) -> None:
    # EMR, SageMaker, EMR on EKS, DataBrew, CodeBuild, Athena, EKS: no warning, no "*" action,
    # and each role passed is passed by name (SageMaker's and EKS's only to that service).
    report = deploy(load_source(JOBS), name="jobs")
    assert report.warnings == []
    iam = boto3.client("iam", region_name="us-east-1")
    document = iam.get_role_policy(RoleName="jobs-states", PolicyName="flowdsl-invoke-functions")[
        "PolicyDocument"
    ]
    statements = document["Statement"]
    assert all("*" not in action for s in statements for action in s["Action"])
    passed = {
        (r, json.dumps(s.get("Condition")))
        for s in statements
        if s["Action"] == ["iam:PassRole"]
        for r in s["Resource"]
    }
    assert passed == {
        ("arn:aws:iam::123456789012:role/EMR_DefaultRole", "null"),
        ("arn:aws:iam::123456789012:role/EMR_EC2_DefaultRole", "null"),
        (
            "arn:aws:iam::123456789012:role/sm",
            json.dumps({"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}),
        ),
        (
            "arn:aws:iam::123456789012:role/node",
            json.dumps({"StringEquals": {"iam:PassedToService": "eks.amazonaws.com"}}),
        ),
    }


@pytest.mark.parametrize("fmt", ["sam", "cloudformation"])
def test_the_template_of_a_workflow_of_jobs_passes_cfn_lint(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(render_template(load_source(JOBS), fmt=fmt, base_dir=tmp_path))  # type: ignore[arg-type]
    result = _cfn_lint(path)
    assert result.returncode == 0, result.stdout + result.stderr
