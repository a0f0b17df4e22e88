"""The optimized integrations: one entry per `service:action`, read by the checks, deploy,
template, the DSL constructors and docs/integrations.md.

Sources (AWS Step Functions Developer Guide): "Integrating optimized services with Step
Functions" (which patterns each service supports), each service's "Optimized ... APIs" page
(which actions, which parameters Step Functions adds or changes), and "IAM policies for
integrated services" / each service's "IAM policies for calling ..." page (the statements the
state machine role needs, per pattern).
"""

from __future__ import annotations

from flowdsl.model.integrations import jobs
from flowdsl.model.integrations.analytics import ATHENA, DATABREW, EMR, EMR_ON_EKS, EMR_SERVERLESS
from flowdsl.model.integrations.builds import CODEBUILD, PROJECT
from flowdsl.model.integrations.containers import EKS
from flowdsl.model.integrations.entries import (
    ALL,
    RR,
    RR_CALLBACK,
    RR_SYNC,
    Integration,
    Result,
    Target,
    passed_role,
    struct_shape,
)
from flowdsl.model.integrations.ml import SAGEMAKER, SAGEMAKER_MORE
from flowdsl.model.integrations.shapes import Shape

_ANY = Shape("structure")  # members None: any JSON, unchecked
_FUNCTION = Target("FunctionName", "function", "arn:{partition}:lambda:{region}:{account}:function:*")
_SM = Target("StateMachineArn", "arn", "arn:{partition}:states:{region}:{account}:stateMachine:*")
_TABLE = Target("TableName", "table", "arn:{partition}:dynamodb:{region}:{account}:table/*")
# Athena reads and writes query results in S3 and the Glue Data Catalog (athena-iam).
_ATHENA_S3 = (
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:ListMultipartUploadParts",
    "s3:AbortMultipartUpload",
    "s3:CreateBucket",
    "s3:PutObject",
)
_ATHENA_GLUE = (
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
)


# The Data Catalog resources Athena's queries use ("IAM policies for calling Amazon Athena"):
# the catalog, its databases, tables and user-defined functions, not all of Glue.
_ATHENA_CATALOG = (
    "arn:{partition}:glue:{region}:{account}:catalog",
    "arn:{partition}:glue:{region}:{account}:database/*",
    "arn:{partition}:glue:{region}:{account}:table/*",
    "arn:{partition}:glue:{region}:{account}:userDefinedFunction/*",
)


def _optimized(service: str, action: str, **json: bool) -> Result:
    """The API's response plus Step Functions' metadata, and nothing else: DynamoDB, SNS, SQS
    and Lambda as Step Functions returns them (see the "Call DynamoDB", "Publish SNS", "Send
    SQS" and "Invoke Lambda" pages of the Developer Guide); `json`: members decoded from JSON."""
    return Result((service, action), metadata=True, closed=True, json=frozenset(json))


def _dynamodb(action: str, iam: str) -> Integration:
    return Integration(
        "dynamodb",
        action,
        RR,
        (f"dynamodb:{iam}",),
        (_TABLE,),
        f"dynamodb_{iam[:-4].lower()}_item",
        operation=("dynamodb", action),
        error_prefix="DynamoDB",
        results=(("", _optimized("dynamodb", action)),),
    )


INTEGRATIONS: tuple[Integration, ...] = (
    Integration(
        "lambda",
        "invoke",
        RR_CALLBACK,
        ("lambda:InvokeFunction",),
        (_FUNCTION,),
        "lambda_invoke",
        operation=("lambda", "invoke"),
        json_fields=frozenset({"Payload"}),
        error_prefix="Lambda",
        results=(("", _optimized("lambda", "invoke", Payload=True)),),
    ),
    Integration(
        "sns",
        "publish",
        RR_CALLBACK,
        ("sns:Publish",),
        (Target("TopicArn", "arn", "arn:{partition}:sns:{region}:{account}:*"),),
        "sns_publish",
        operation=("sns", "publish"),
        json_fields=frozenset({"Message"}),
        error_prefix="SNS",
        results=(("", _optimized("sns", "publish")),),
    ),
    Integration(
        "sqs",
        "sendMessage",
        RR_CALLBACK,
        ("sqs:SendMessage",),
        (Target("QueueUrl", "queue", "arn:{partition}:sqs:{region}:{account}:*"),),
        "sqs_send_message",
        operation=("sqs", "sendMessage"),
        json_fields=frozenset({"MessageBody"}),
        error_prefix="SQS",
        results=(("", _optimized("sqs", "sendMessage")),),
    ),
    _dynamodb("getItem", "GetItem"),
    _dynamodb("putItem", "PutItem"),
    _dynamodb("updateItem", "UpdateItem"),
    _dynamodb("deleteItem", "DeleteItem"),
    Integration(
        "events",
        "putEvents",
        RR_CALLBACK,
        ("events:PutEvents",),
        (Target("Entries", "event-bus", "arn:{partition}:events:{region}:{account}:event-bus/*"),),
        "events_put_events",
        operation=("eventbridge", "putEvents"),
        json_fields=frozenset({"Entries"}),
        results=(("", Result(("eventbridge", "putEvents"))),),
    ),
    Integration(
        "states",
        "startExecution",
        ("", ".sync", ".sync:2", ".waitForTaskToken"),
        ("states:StartExecution",),
        (_SM,),
        "start_execution",
        operation=("sfn", "startExecution"),
        json_fields=frozenset({"Input"}),
        sync_actions=("states:DescribeExecution", "states:StopExecution"),
        sync_resource="execution",
        sync_rule="StepFunctionsGetEventsForStepFunctionsExecutionRule",
        error_prefix="StepFunctions",
        sync_job=jobs.STATES_EXECUTION,
        # "Start a new AWS Step Functions state machine execution": `.sync` returns the
        # DescribeExecution response, `.sync:2` with Input and Output as JSON rather than text.
        results=(
            ("", Result(("sfn", "startExecution"))),
            (".sync", Result(("sfn", "describeExecution"))),
            (".sync:2", Result(("sfn", "describeExecution"), json=frozenset({"Input", "Output"}))),
        ),
    ),
    Integration(
        "ecs",
        "runTask",
        ALL,
        ("ecs:RunTask",),
        (
            Target(
                "TaskDefinition",
                "task-definition",
                "arn:{partition}:ecs:{region}:{account}:task-definition/*",
            ),
        ),
        "ecs_run_task",
        operation=("ecs", "runTask"),
        results=(("", Result(("ecs", "runTask"))),),
        sync_actions=("ecs:StopTask", "ecs:DescribeTasks"),
        sync_rule="StepFunctionsGetEventsForECSTaskRule",
    ),
    Integration(
        "batch",
        "submitJob",
        RR_SYNC,
        ("batch:SubmitJob",),
        (
            Target("JobQueue", "job-queue", "arn:{partition}:batch:{region}:{account}:job-queue/*"),
            Target(
                "JobDefinition",
                "job-definition",
                "arn:{partition}:batch:{region}:{account}:job-definition/*",
            ),
        ),
        "batch_submit_job",
        operation=("batch", "submitJob"),
        # `.sync` ends with the job's description, one item of DescribeJobs ("Run AWS Batch jobs").
        results=(
            ("", Result(("batch", "submitJob"))),
            (".sync", Result(("batch", "describeJobs"), ("Jobs", 0))),
        ),
        sync_actions=("batch:DescribeJobs", "batch:TerminateJob"),
        sync_rule="StepFunctionsGetEventsForBatchJobsRule",
        sync_job=jobs.BATCH_JOB,
    ),
    Integration(
        "glue",
        "startJobRun",
        RR_SYNC,
        ("glue:StartJobRun",),
        (Target("JobName", "glue-job", "arn:{partition}:glue:{region}:{account}:job/*"),),
        "glue_start_job_run",
        operation=("glue", "startJobRun"),
        # "Start an AWS Glue job": JobName is copied from the request into the response; `.sync`
        # ends with the JobRun structure.
        results=(
            ("", Result(("glue", "startJobRun"), added=("JobName",))),
            (".sync", Result(("glue", "getJobRun"), ("JobRun",))),
        ),
        sync_actions=("glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"),
        sync_resource="target",
        sync_job=jobs.GLUE_JOB_RUN,
    ),
    Integration(
        "athena",
        "startQueryExecution",
        RR_SYNC,
        ("athena:StartQueryExecution",),
        (Target("WorkGroup", "workgroup", "arn:{partition}:athena:{region}:{account}:workgroup/*"),),
        "athena_start_query_execution",
        operation=("athena", "startQueryExecution"),
        results=(
            ("", Result(("athena", "startQueryExecution"))),
            (".sync", Result(("athena", "getQueryExecution"))),
        ),
        sync_actions=("athena:GetQueryExecution", "athena:StopQueryExecution"),
        sync_resource="target",
        sync_job=jobs.ATHENA_QUERY,
        extra=(
            (_ATHENA_S3, ("arn:{partition}:s3:::*",)),
            (_ATHENA_GLUE, _ATHENA_CATALOG),
            (("athena:GetDataCatalog",), ("arn:{partition}:athena:{region}:{account}:datacatalog/*",)),
            (("lakeformation:GetDataAccess",), ("*",)),
        ),
    ),
    Integration(
        "bedrock",
        "invokeModel",
        RR,
        ("bedrock:InvokeModel",),
        (Target("ModelId", "model", "arn:{partition}:bedrock:{region}::foundation-model/*"),),
        "bedrock_invoke_model",
        # Step Functions' own shape: PascalCase, Body as JSON, S3 Input/Output (connect-bedrock).
        parameters=struct_shape(
            ("ModelId",), "Body", "ContentType", "Accept", "Input", "Output", "Trace", "GuardrailIdentifier"
        ),
        json_fields=frozenset({"Body"}),
        # Step Functions decodes the model's JSON response Body ("Invoke and customize Amazon
        # Bedrock models").
        results=(("", Result(("bedrockruntime", "invokeModel"), json=frozenset({"Body"}))),),
    ),
    # "Invoke and customize Amazon Bedrock models" (connect-bedrock, bedrock-iam): the API's own
    # request; CreateModelCustomizationJob on the base model, custom models and jobs, the role
    # passed (AWS's examples set no iam:PassedToService), and for `.sync` Get/Stop on the jobs.
    Integration(
        "bedrock",
        "createModelCustomizationJob",
        RR_SYNC,
        ("bedrock:CreateModelCustomizationJob",),
        (
            Target("BaseModelIdentifier", "model", "arn:{partition}:bedrock:{region}::foundation-model/*"),
            passed_role("RoleArn"),
        ),
        None,
        operation=("bedrock", "createModelCustomizationJob"),
        filled=frozenset({"ClientRequestToken"}),
        extra=(
            (
                ("bedrock:CreateModelCustomizationJob",),
                (
                    "arn:{partition}:bedrock:{region}:{account}:custom-model/*",
                    "arn:{partition}:bedrock:{region}:{account}:model-customization-job/*",
                ),
            ),
        ),
        sync_actions=("bedrock:GetModelCustomizationJob", "bedrock:StopModelCustomizationJob"),
        sync_resource="arn:{partition}:bedrock:{region}:{account}:model-customization-job/*",
    ),
    Integration(
        "apigateway",
        "invoke",
        RR_CALLBACK,
        ("execute-api:Invoke",),
        (Target("ApiEndpoint", "api", "arn:{partition}:execute-api:{region}:{account}:*"),),
        "apigateway_invoke",
        parameters=struct_shape(
            ("ApiEndpoint", "Method"),
            "Path",
            "Stage",
            "Headers",
            "QueryParameters",
            "RequestBody",
            "AllowNullValues",
            "AuthType",
        ),
        json_fields=frozenset({"RequestBody"}),
    ),
    Integration(
        "http",
        "invoke",
        RR,
        ("states:InvokeHTTPEndpoint",),
        (),
        "http_invoke",
        parameters=struct_shape(
            ("ApiEndpoint", "Method", "Authentication"),
            "Headers",
            "QueryParameters",
            "RequestBody",
            "Transform",
        ),
        json_fields=frozenset({"RequestBody"}),
        extra=(
            (
                ("events:RetrieveConnectionCredentials",),
                ("arn:{partition}:events:{region}:{account}:connection/*",),
            ),
            (
                ("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                ("arn:{partition}:secretsmanager:{region}:{account}:secret:events!connection/*",),
            ),
        ),
    ),
    # "IAM policies for calling AWS CodeBuild": request-response needs StartBuild only; `.sync`
    # adds StopBuild and BatchGetBuilds on the project, and the managed rule.
    Integration(
        "codebuild",
        "startBuild",
        RR_SYNC,
        ("codebuild:StartBuild",),
        (PROJECT,),
        None,
        operation=("codebuild", "startBuild"),
        results=(("", Result(("codebuild", "startBuild"))),),
        sync_actions=("codebuild:StopBuild", "codebuild:BatchGetBuilds"),
        sync_resource="target",
        sync_rule="StepFunctionsGetEventForCodeBuildStartBuildRule",
        sync_job=jobs.CODEBUILD_BUILD,
    ),
)

INTEGRATIONS = (
    *INTEGRATIONS,
    *EMR,
    *EMR_ON_EKS,
    *EKS,
    *CODEBUILD,
    *ATHENA,
    *DATABREW,
    *SAGEMAKER,
    *SAGEMAKER_MORE,
    *EMR_SERVERLESS,
)
REGISTRY: dict[str, Integration] = {entry.key: entry for entry in INTEGRATIONS}

# Optimized services with actions the registry does not model yet (MediaConvert): those
# Resources pass unchecked (no false alarm) and deploy grants nothing for them (a warning names
# the state). Every other service's optimized actions are all in the registry, so an action it
# lacks is a mistake (`unknown-integration`).
PARTIAL_SERVICES: frozenset[str] = frozenset({"mediaconvert"})
OPTIMIZED_SERVICES: frozenset[str] = frozenset(entry.service for entry in INTEGRATIONS) | PARTIAL_SERVICES


def integration(service: str, action: str) -> Integration | None:
    return REGISTRY.get(f"{service}:{action}")
