"""Every optimized integration, in every pattern it supports, is granted the actions AWS documents.

One row per (integration, pattern) of the registry: the Task's literal parameters, and the
(action, resource) pairs the role must allow, from the policy on the service's "IAM policies
for ..." page of the AWS Step Functions Developer Guide (static resources; the page and section
are named on each row). Where flowdsl is narrower than AWS's template (AWS writes `"*"` where
the action takes resource-level permissions) the row says so. `test_every_pattern_has_a_row`
keeps the table complete as the registry grows.
"""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.deploy.permissions import role_policy
from flowdsl.model import parse_machine
from flowdsl.model.integrations import INTEGRATIONS
from flowdsl.model.integrations.grants import Where

WHERE = Where("aws", "us-east-1", "123456789012")
ARN = "arn:aws:{}:us-east-1:123456789012:{}"
EVENTS = ("events:PutTargets", "events:PutRule", "events:DescribeRule")
Pairs = set[tuple[str, str]]


def pairs(actions: str | tuple[str, ...], *resources: str) -> Pairs:
    names = (actions,) if isinstance(actions, str) else actions
    return {(a, r) for a in names for r in resources}


def rule(name: str) -> Pairs:
    """The EventBridge managed rule a `.sync` call is told of its job's end through."""
    return pairs(EVENTS, ARN.format("events", f"rule/{name}"))


def granted(resource: str, parameters: dict[str, Any]) -> Pairs:
    """(action, resource) pairs the role allows for one Task."""
    task = {"Type": "Task", "Resource": resource, "Parameters": parameters, "End": True}
    if ".waitForTaskToken" in resource:
        task["Parameters"] = {**parameters, "Token.$": "$$.Task.Token"} if parameters else {}
    machine = parse_machine({"StartAt": "T", "States": {"T": task}})
    document = role_policy(machine, WHERE, "Main").document() or {"Statement": []}
    return {(a, r) for s in document["Statement"] for a in s["Action"] for r in s["Resource"]}


SM = ARN.format("states", "stateMachine:Child")
FUNCTION = ARN.format("lambda", "function:Work")
TOPIC = ARN.format("sns", "orders")
TABLE = ARN.format("dynamodb", "table/Orders")
TASK_DEFINITION = ARN.format("ecs", "task-definition/web:3")
WORKGROUP = ARN.format("athena", "workgroup/primary")
PROJECT = ARN.format("codebuild", "project/build")
ATHENA = (
    pairs(("athena:GetDataCatalog",), ARN.format("athena", "datacatalog/*"))
    | pairs(
        (
            "s3:GetBucketLocation",
            "s3:GetObject",
            "s3:ListBucket",
            "s3:ListBucketMultipartUploads",
            "s3:ListMultipartUploadParts",
            "s3:AbortMultipartUpload",
            "s3:CreateBucket",
            "s3:PutObject",
        ),
        "arn:aws:s3:::*",
    )
    | pairs(
        (
            "glue:CreateDatabase",
            "glue:GetDatabase",
            "glue:GetDatabases",
            "glue:UpdateDatabase",
            "glue:DeleteDatabase",
            "glue:CreateTable",
            "glue:UpdateTable",
            "glue:GetTable",
            "glue:GetTables",
            "glue:DeleteTable",
            "glue:BatchDeleteTable",
            "glue:BatchCreatePartition",
            "glue:CreatePartition",
            "glue:UpdatePartition",
            "glue:GetPartition",
            "glue:GetPartitions",
            "glue:BatchGetPartition",
            "glue:DeletePartition",
            "glue:BatchDeletePartition",
        ),
        ARN.format("glue", "catalog"),
        ARN.format("glue", "database/*"),
        ARN.format("glue", "table/*"),
        ARN.format("glue", "userDefinedFunction/*"),
    )
    | pairs("lakeformation:GetDataAccess", "*")
)

# (integration, pattern) -> (parameters, what the role allows).
DOCUMENTED: dict[tuple[str, str], tuple[dict[str, Any], Pairs]] = {
    # "IAM policies for calling AWS Lambda" (lambda-iam): InvokeFunction on the function; flowdsl
    # adds its qualified forms (`:*`), which a FunctionName without a qualifier may run as.
    ("lambda:invoke", ""): (
        {"FunctionName": "Work", "Payload": {}},
        pairs("lambda:InvokeFunction", FUNCTION, f"{FUNCTION}:*"),
    ),
    ("lambda:invoke", ".waitForTaskToken"): (
        {"FunctionName": "Work", "Payload": {}},
        pairs("lambda:InvokeFunction", FUNCTION, f"{FUNCTION}:*"),
    ),
    # "IAM policies for calling Amazon SNS" (sns-iam): Publish on the topic.
    ("sns:publish", ""): ({"TopicArn": TOPIC, "Message": "m"}, pairs("sns:Publish", TOPIC)),
    ("sns:publish", ".waitForTaskToken"): ({"TopicArn": TOPIC, "Message": "m"}, pairs("sns:Publish", TOPIC)),
    # "IAM policies for calling Amazon SQS" (sqs-iam): SendMessage on the queue.
    ("sqs:sendMessage", ""): (
        {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "m"},
        pairs("sqs:SendMessage", ARN.format("sqs", "q")),
    ),
    ("sqs:sendMessage", ".waitForTaskToken"): (
        {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "m"},
        pairs("sqs:SendMessage", ARN.format("sqs", "q")),
    ),
    # "IAM policies for calling DynamoDB" (dynamo-iam): AWS's template allows the four item
    # actions together on the table; flowdsl allows only the one the Task calls.
    ("dynamodb:getItem", ""): ({"TableName": "Orders", "Key": {}}, pairs("dynamodb:GetItem", TABLE)),
    ("dynamodb:putItem", ""): ({"TableName": "Orders", "Item": {}}, pairs("dynamodb:PutItem", TABLE)),
    ("dynamodb:updateItem", ""): ({"TableName": "Orders", "Key": {}}, pairs("dynamodb:UpdateItem", TABLE)),
    ("dynamodb:deleteItem", ""): ({"TableName": "Orders", "Key": {}}, pairs("dynamodb:DeleteItem", TABLE)),
    # "IAM policies for calling Amazon EventBridge" (eventbridge-iam): PutEvents on each bus.
    ("events:putEvents", ""): (
        {"Entries": [{"EventBusName": "orders", "Detail": {}}]},
        pairs("events:PutEvents", ARN.format("events", "event-bus/orders")),
    ),
    ("events:putEvents", ".waitForTaskToken"): (
        {"Entries": [{"Detail": {}}]},
        pairs("events:PutEvents", ARN.format("events", "event-bus/default")),
    ),
    # "IAM policies for calling AWS Step Functions" (stepfunctions-iam): Asynchronous is
    # StartExecution on the machine; Synchronous adds DescribeExecution/StopExecution on its
    # executions and the managed rule (the same for .sync and .sync:2).
    ("states:startExecution", ""): ({"StateMachineArn": SM}, pairs("states:StartExecution", SM)),
    ("states:startExecution", ".waitForTaskToken"): (
        {"StateMachineArn": SM, "Input": {}},
        pairs("states:StartExecution", SM),
    ),
    **{
        ("states:startExecution", sync): (
            {"StateMachineArn": SM},
            pairs("states:StartExecution", SM)
            | pairs(
                ("states:DescribeExecution", "states:StopExecution"),
                ARN.format("states", "execution:Child:*"),
            )
            | rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"),
        )
        for sync in (".sync", ".sync:2")
    },
    # "IAM policies for calling Amazon ECS/AWS Fargate" (ecs-iam): RunTask on the task
    # definition; Run a Job adds StopTask/DescribeTasks on "*" (the task id is not known yet).
    ("ecs:runTask", ""): ({"TaskDefinition": "web:3"}, pairs("ecs:RunTask", TASK_DEFINITION)),
    ("ecs:runTask", ".waitForTaskToken"): (
        {"TaskDefinition": "web:3"},
        pairs("ecs:RunTask", TASK_DEFINITION),
    ),
    ("ecs:runTask", ".sync"): (
        {"TaskDefinition": "web:3"},
        pairs("ecs:RunTask", TASK_DEFINITION)
        | pairs(("ecs:StopTask", "ecs:DescribeTasks"), "*")
        | rule("StepFunctionsGetEventsForECSTaskRule"),
    ),
    # "IAM policies for calling AWS Batch" (batch-iam): AWS writes "*" for SubmitJob; flowdsl
    # names the job queue and definition it is called with (SubmitJob's two resource types).
    ("batch:submitJob", ""): (
        {"JobName": "j", "JobQueue": "q", "JobDefinition": "d"},
        pairs(
            "batch:SubmitJob", ARN.format("batch", "job-queue/q"), ARN.format("batch", "job-definition/d:*")
        ),
    ),
    ("batch:submitJob", ".sync"): (
        {"JobName": "j", "JobQueue": "q", "JobDefinition": "d"},
        pairs(
            "batch:SubmitJob", ARN.format("batch", "job-queue/q"), ARN.format("batch", "job-definition/d:*")
        )
        | pairs(("batch:DescribeJobs", "batch:TerminateJob"), "*")
        | rule("StepFunctionsGetEventsForBatchJobsRule"),
    ),
    # "IAM policies for calling AWS Glue" (glue-iam): AWS writes "*"; flowdsl names the job.
    ("glue:startJobRun", ""): ({"JobName": "etl"}, pairs("glue:StartJobRun", ARN.format("glue", "job/etl"))),
    ("glue:startJobRun", ".sync"): (
        {"JobName": "etl"},
        pairs(
            ("glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"),
            ARN.format("glue", "job/etl"),
        ),
    ),
    # "IAM policies for calling Amazon Athena" (athena-iam), StartQueryExecution: Request
    # Response is startQueryExecution and getDataCatalog, plus S3, the Glue Data Catalog and
    # Lake Formation; Run a Job adds stopQueryExecution and getQueryExecution on the work group.
    ("athena:startQueryExecution", ""): (
        {"QueryString": "SELECT 1", "WorkGroup": "primary"},
        pairs("athena:StartQueryExecution", WORKGROUP) | ATHENA,
    ),
    ("athena:startQueryExecution", ".sync"): (
        {"QueryString": "SELECT 1"},
        pairs(
            ("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"), WORKGROUP
        )
        | ATHENA,
    ),
    # "Invoke and customize Amazon Bedrock models" (bedrock-iam): InvokeModel on the model.
    ("bedrock:invokeModel", ""): (
        {"ModelId": "anthropic.claude-v2", "Body": {}},
        pairs("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2"),
    ),
    # "IAM policies for calling Amazon API Gateway" (api-gateway-iam): execute-api:Invoke on
    # the API; flowdsl allows every stage, method and path of it.
    **{
        ("apigateway:invoke", pattern): (
            {"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "GET"},
            pairs("execute-api:Invoke", ARN.format("execute-api", "abc123/*")),
        )
        for pattern in ("", ".waitForTaskToken")
    },
    # "Call HTTPS APIs" (connect-third-party-apis, "IAM permissions to run an HTTP Task"):
    # InvokeHTTPEndpoint, the connection's credentials and its secret.
    ("http:invoke", ""): (
        {"ApiEndpoint": "https://example.com", "Method": "GET", "Authentication": {}},
        pairs("states:InvokeHTTPEndpoint", "*")
        | pairs("events:RetrieveConnectionCredentials", ARN.format("events", "connection/*"))
        | pairs(
            ("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
            ARN.format("secretsmanager", "secret:events!connection/*"),
        ),
    ),
    # "IAM policies for calling AWS CodeBuild" (codebuild-iam), StartBuild: Request Response is
    # StartBuild on the project; Run a Job adds StopBuild and BatchGetBuilds, and the rule
    # (which AWS names StepFunctionsGetEventFor..., not ...GetEventsFor...).
    ("codebuild:startBuild", ""): ({"ProjectName": "build"}, pairs("codebuild:StartBuild", PROJECT)),
    ("codebuild:startBuild", ".sync"): (
        {"ProjectName": "build"},
        pairs(("codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"), PROJECT)
        | rule("StepFunctionsGetEventForCodeBuildStartBuildRule"),
    ),
}


@pytest.mark.parametrize(
    ("call", "parameters", "expected"),
    [(f"{key}{pattern}", *case) for (key, pattern), case in DOCUMENTED.items()],
    ids=[f"{key}{pattern}" for key, pattern in DOCUMENTED],
)
def test_the_role_allows_what_aws_documents(call: str, parameters: dict[str, Any], expected: Pairs) -> None:
    assert granted(f"arn:aws:states:::{call}", parameters) == expected


def test_every_pattern_has_a_row() -> None:
    registry = {(entry.key, pattern) for entry in INTEGRATIONS for pattern in entry.patterns}
    assert set(DOCUMENTED) == registry
