"""Definitions across 16 services: valid ones get no error, one-mistake ones the right error.

Each case is a Task as AWS's service integration pages write it (parameters in PascalCase,
the pattern the page shows) and the parameter a mistake removes. From each, three mistaken
definitions are derived: an unknown parameter, the required parameter left out, and a pattern
the integration does not support; each must get exactly that one error, at that field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flowdsl.checks import check_document
from flowdsl.cli.main import cli
from flowdsl.model.integrations import integration, parse_call

ROLE = "arn:aws:iam::123456789012:role/{}"
# (Resource after arn:aws:states:::, parameters, the required parameter a mistake drops)
CASES: dict[str, tuple[str, dict[str, Any], str]] = {
    "lambda": ("lambda:invoke", {"FunctionName": "Work", "Payload": {"a": 1}}, "FunctionName"),
    "sns": ("sns:publish", {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"}, "Message"),
    "sqs": (
        "sqs:sendMessage",
        {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "m"},
        "QueueUrl",
    ),
    "dynamodb": ("dynamodb:putItem", {"TableName": "T", "Item": {"Id": {"S": "1"}}}, "Item"),
    "eventbridge": (
        "events:putEvents",
        {"Entries": [{"Detail": {}, "DetailType": "d", "Source": "s"}]},
        "Entries",
    ),
    "step functions": (
        "states:startExecution.sync:2",
        {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {}},
        "StateMachineArn",
    ),
    "ecs": ("ecs:runTask.sync", {"TaskDefinition": "web:3", "LaunchType": "FARGATE"}, "TaskDefinition"),
    "batch": ("batch:submitJob.sync", {"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}, "JobQueue"),
    "glue": ("glue:startJobRun.sync", {"JobName": "etl", "Arguments": {"--day": "1"}}, "JobName"),
    "athena": (
        "athena:startQueryExecution.sync",
        {
            "QueryString": "SELECT 1",
            "WorkGroup": "primary",
            "ResultConfiguration": {"OutputLocation": "s3://b/"},
        },
        "QueryString",
    ),
    "athena results": (
        "athena:getQueryResults",
        {"QueryExecutionId": "q", "MaxResults": 10},
        "QueryExecutionId",
    ),
    "bedrock": (
        "bedrock:invokeModel",
        {"ModelId": "anthropic.claude-v2", "Body": {"prompt": "hi"}},
        "ModelId",
    ),
    "bedrock customization": (
        "bedrock:createModelCustomizationJob.sync",
        {
            "JobName": "tune",
            "CustomModelName": "my-model",
            "RoleArn": ROLE.format("bedrock"),
            "BaseModelIdentifier": "amazon.titan-text-express-v1",
            "CustomizationType": "FINE_TUNING",
            "HyperParameters": {"epochCount": "1"},
            "TrainingDataConfig": {"S3Uri": "s3://b/train.jsonl"},
            "OutputDataConfig": {"S3Uri": "s3://b/out/"},
        },
        "BaseModelIdentifier",
    ),
    "api gateway": (
        "apigateway:invoke",
        {"ApiEndpoint": "abc.execute-api.us-east-1.amazonaws.com", "Method": "GET", "Stage": "prod"},
        "Method",
    ),
    "http": (
        "http:invoke",
        {"ApiEndpoint": "https://example.com/x", "Method": "GET", "Authentication": {"ConnectionArn": "a"}},
        "Authentication",
    ),
    "codebuild": (
        "codebuild:startBuild.sync",
        {"ProjectName": "build", "SourceVersion": "main"},
        "ProjectName",
    ),
    "codebuild batch": ("codebuild:startBuildBatch.sync", {"ProjectName": "build"}, "ProjectName"),
    "emr": (
        "elasticmapreduce:createCluster.sync",
        {
            "Name": "c",
            "ReleaseLabel": "emr-6.10.0",
            "Instances": {"KeepJobFlowAliveWhenNoSteps": True, "InstanceCount": 3},
            "ServiceRole": "EMR_DefaultRole",
            "JobFlowRole": "EMR_EC2_DefaultRole",
        },
        "Instances",
    ),
    "emr step": (
        "elasticmapreduce:addStep.sync",
        {
            "ClusterId": "j-1",
            "Step": {
                "Name": "s",
                "ActionOnFailure": "CONTINUE",
                "HadoopJarStep": {"Jar": "command-runner.jar"},
            },
        },
        "Step",
    ),
    "emr protection": (
        "elasticmapreduce:setClusterTerminationProtection",
        {"ClusterId": "j-1", "TerminationProtected": False},
        "TerminationProtected",
    ),
    "emr on eks": (
        "emr-containers:startJobRun.sync",
        {
            "VirtualClusterId": "vc",
            "ExecutionRoleArn": ROLE.format("job"),
            "ReleaseLabel": "emr-6.10.0-latest",
            "JobDriver": {"SparkSubmitJobDriver": {"EntryPoint": "s3://b/job.py"}},
        },
        "VirtualClusterId",
    ),
    "eks": (
        "eks:createCluster.sync",
        {"Name": "c", "RoleArn": ROLE.format("eks"), "ResourcesVpcConfig": {"SubnetIds": ["s-1"]}},
        "RoleArn",
    ),
    # connect-eks's samples.
    "eks fargate": (
        "eks:createFargateProfile.sync",
        {
            "ClusterName": "MyCluster",
            "FargateProfileName": "MyFargateProfile",
            "PodExecutionRoleArn": ROLE.format("MyFargatePodExecutionRole"),
            "Selectors": [{"Namespace": "my-namespace", "Labels": {"my-label": "my-value"}}],
        },
        "PodExecutionRoleArn",
    ),
    "eks run job": (
        "eks:runJob.sync",
        {
            "ClusterName": "MyCluster",
            "CertificateAuthority": "ANPAJ2UCCR6DPCEXAMPLE",
            "Endpoint": "https://AKIAIOSFODNN7EXAMPLE.yl4.us-east-1.eks.amazonaws.com",
            "LogOptions": {"RetrieveLogs": True},
            "Job": {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "metadata": {"name": "example-job"},
                "spec": {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never"}}},
            },
        },
        "Job",
    ),
    "eks call": (
        "eks:call",
        {
            "ClusterName": "MyCluster",
            "CertificateAuthority": "ANPAJ2UCCR6DPCEXAMPLE",
            "Endpoint": "https://444455556666.yl4.us-east-1.eks.amazonaws.com",
            "Method": "GET",
            "Path": "/api/v1/namespaces/default/pods",
            "QueryParameters": {"labelSelector": ["job-name=example-job"]},
        },
        "Endpoint",
    ),
    "databrew": ("databrew:startJobRun.sync", {"Name": "clean"}, "Name"),
    # connect-sagemaker's samples.
    "sagemaker endpoint": (
        "sagemaker:createEndpoint",
        {"EndpointName": "e", "EndpointConfigName": "c"},
        "EndpointConfigName",
    ),
    "sagemaker model": (
        "sagemaker:createModel",
        {
            "ModelName": "m",
            "ExecutionRoleArn": ROLE.format("sm"),
            "PrimaryContainer": {"Image": "i", "ModelDataUrl": "s3://b/model.tar.gz"},
        },
        "ModelName",
    ),
    "sagemaker processing": (
        "sagemaker:createProcessingJob.sync",
        {
            "ProcessingJobName": "p",
            "RoleArn": ROLE.format("sm"),
            "AppSpecification": {"ImageUri": "i"},
            "ProcessingResources": {
                "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10}
            },
        },
        "AppSpecification",
    ),
    # connect-emr-serverless's samples.
    "emr serverless": (
        "emr-serverless:createApplication.sync",
        {"Name": "MyApplication", "ReleaseLabel": "emr-6.9.0", "Type": "SPARK"},
        "ReleaseLabel",
    ),
    "emr serverless job": (
        "emr-serverless:startJobRun.sync",
        {
            "ApplicationId": "00yv7iv71inak893",
            "ExecutionRoleArn": ROLE.format("myEMRServerless-execution-role"),
            "JobDriver": {
                "SparkSubmit": {
                    "EntryPoint": "s3://b/sample.py",
                    "EntryPointArguments": ["1"],
                    "SparkSubmitParameters": "--conf spark.executor.cores=4",
                }
            },
        },
        "ExecutionRoleArn",
    ),
    "emr serverless cancel": (
        "emr-serverless:cancelJobRun",
        {"ApplicationId": "00yv7iv71inak893", "JobRunId": "run1"},
        "JobRunId",
    ),
    "sagemaker": (
        "sagemaker:createTrainingJob.sync",
        {
            "TrainingJobName": "train",
            "RoleArn": ROLE.format("sm"),
            "AlgorithmSpecification": {"TrainingImage": "i", "TrainingInputMode": "File"},
            "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
            "ResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        },
        "OutputDataConfig",
    ),
}
SERVICES = {resource.split(":")[0] for resource, _, _ in CASES.values()}


def _document(resource: str, parameters: dict[str, Any]) -> dict[str, Any]:
    call = parse_call(f"arn:aws:states:::{resource}")
    assert call is not None
    task: dict[str, Any] = {"Type": "Task", "Resource": f"arn:aws:states:::{resource}", "End": True}
    task["Parameters"] = {**parameters, "Token.$": "$$.Task.Token"} if call.callback else parameters
    if call.waits:
        task["TimeoutSeconds"] = 3600
    return {"StartAt": "T", "States": {"T": task}}


def _problems(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (d.code, d.location) for d in check_document(doc) if d.is_error or d.code != "missing-sdk-parameter"
    ]


def test_the_cases_span_sixteen_services() -> None:
    assert len(SERVICES) >= 16


@pytest.mark.parametrize(("resource", "parameters", "_"), CASES.values(), ids=CASES.keys())
def test_a_valid_call_gets_no_diagnostic(resource: str, parameters: dict[str, Any], _: str) -> None:
    assert _problems(_document(resource, parameters)) == []


@pytest.mark.parametrize(("resource", "parameters", "_"), CASES.values(), ids=CASES.keys())
def test_an_unknown_parameter_is_named(resource: str, parameters: dict[str, Any], _: str) -> None:
    assert _problems(_document(resource, {**parameters, "Bogus": 1})) == [
        ("unknown-parameter", "/States/T/Parameters/Bogus")
    ]


@pytest.mark.parametrize(("resource", "parameters", "required"), CASES.values(), ids=CASES.keys())
def test_a_missing_parameter_is_named(resource: str, parameters: dict[str, Any], required: str) -> None:
    kept = {name: value for name, value in parameters.items() if name != required}
    entry = integration(*resource.split(".", maxsplit=1)[0].split(":"))
    assert entry is not None
    # A loose entry (the API's own large request, which AWS's samples trim) warns instead.
    code = "missing-sdk-parameter" if entry.loose else "missing-parameter"
    found = [d for d in check_document(_document(resource, kept)) if d.code == code or d.is_error]
    assert [(d.code, d.location) for d in found] == [(code, "/States/T/Parameters")]
    assert f"'{required}'" in found[0].message


@pytest.mark.parametrize(("resource", "parameters", "_"), CASES.values(), ids=CASES.keys())
def test_an_unsupported_pattern_is_refused(resource: str, parameters: dict[str, Any], _: str) -> None:
    base = resource.split(".", maxsplit=1)[0]
    entry = integration(*base.split(":"))
    assert entry is not None
    unsupported = [p for p in (".waitForTaskToken", ".sync", ".sync:2") if p not in entry.patterns]
    if not unsupported:  # states:startExecution supports every pattern
        assert set(entry.patterns) == {"", ".sync", ".sync:2", ".waitForTaskToken"}
        return
    pattern = unsupported[0]
    errors = [
        (d.code, d.location) for d in check_document(_document(base + pattern, parameters)) if d.is_error
    ]
    assert errors == [("unsupported-pattern", "/States/T/Resource")]


@pytest.mark.parametrize(
    ("resource", "suggestion"),
    [
        ("elasticmapreduce:addSteps", "addStep"),
        ("emr-containers:startJobRuns", "startJobRun"),
        ("codebuild:stopBuilds", "stopBuild"),
        ("athena:getQueryResult", "getQueryResults"),
        ("databrew:startJob", "startJobRun"),
        ("emr-serverless:startJob", "startJobRun"),
        ("eks:runJobs", "runJob"),
        ("bedrock:invoke", "invokeModel"),
        ("sagemaker:createEndpoints", "createEndpoint"),
        ("glue:startJob", "startJobRun"),
    ],
)
def test_an_unknown_action_of_a_fully_modelled_service_has_a_suggestion(
    resource: str, suggestion: str
) -> None:
    [found] = [d for d in check_document(_document(resource, {})) if d.is_error]
    assert found.code == "unknown-integration"
    assert f"(did you mean '{suggestion}'?)" in found.message


def test_flowdsl_validate_accepts_every_valid_call(tmp_path: Path) -> None:
    states: dict[str, Any] = {}
    names = list(CASES)
    for index, name in enumerate(names):
        resource, parameters, _ = CASES[name]
        [task] = _document(resource, parameters)["States"].values()
        del task["End"]
        task["Next" if index + 1 < len(names) else "End"] = (
            names[index + 1] if index + 1 < len(names) else True
        )
        states[name] = task
    path = tmp_path / "services.asl.json"
    path.write_text(json.dumps({"StartAt": names[0], "States": states}))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
