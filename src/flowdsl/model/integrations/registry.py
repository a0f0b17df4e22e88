"""The optimized integrations: one entry per `service:action`, read by the checks, deploy,
template, the DSL constructors and docs/integrations.md.

Sources (AWS Step Functions Developer Guide): "Integrating optimized services with Step
Functions" (which patterns each service supports), each service's "Optimized ... APIs" page
(which actions, which parameters Step Functions adds or changes), and "IAM policies for
integrated services" / each service's "IAM policies for calling ..." page (the statements the
state machine role needs, per pattern).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowdsl.model.integrations import jobs
from flowdsl.model.integrations.call import Pattern
from flowdsl.model.integrations.jobs import SyncJob
from flowdsl.model.integrations.shapes import Shape

RR: tuple[Pattern, ...] = ("",)
RR_CALLBACK: tuple[Pattern, ...] = ("", ".waitForTaskToken")
RR_SYNC: tuple[Pattern, ...] = ("", ".sync")
ALL: tuple[Pattern, ...] = ("", ".sync", ".waitForTaskToken")


Condition = tuple[tuple[str, str, str], ...]  # (operator, key, value) of an IAM Condition


@dataclass(frozen=True)
class Target:
    """Where the resource a call acts on comes from: a parameter, turned into an ARN by `form`
    (see iam.RESOURCE_FORMS), and the narrowest ARN when it is only known at run time.

    `parameter` may name several parameters joined by `/` (an EKS node group is its cluster's
    name and its own). With `actions`, the target gets those actions alone (`iam:PassRole` on
    a role the call passes), under `condition`; `optional`: an absent parameter needs nothing."""

    parameter: str
    form: str
    narrowest: str
    actions: tuple[str, ...] = ()
    condition: Condition = ()
    optional: bool = False


@dataclass(frozen=True)
class Result:
    """What a call hands the Task as its result (before ResultSelector), as AWS shapes it: an
    AWS SDK operation's response, or the `part` of it a `.sync` job ends with (`int`: a list
    item). `metadata`: Step Functions adds `SdkHttpMetadata`/`SdkResponseMetadata`; `closed`:
    nothing else appears (else other keys may); `json`: members that hold any JSON (Lambda's
    decoded `Payload`); `added`: string members Step Functions copies in from the request."""

    operation: tuple[str, str]
    part: tuple[str | int, ...] = ()
    metadata: bool = False
    closed: bool = False
    json: frozenset[str] = frozenset()
    added: tuple[str, ...] = ()


@dataclass(frozen=True)
class Integration:
    """One optimized integration: what AWS supports for it and what it needs."""

    service: str
    action: str
    patterns: tuple[Pattern, ...]
    iam_actions: tuple[str, ...]
    targets: tuple[Target, ...]
    constructor: str | None
    operation: tuple[str, str] | None = None  # (aws-sdk service, action) whose shape it takes
    parameters: Shape | None = None  # declared here when the API model has none
    json_fields: frozenset[str] = frozenset()  # parameters Step Functions accepts as any JSON
    # Members the API model requires but the SDK fills in (idempotency tokens), which Step
    # Functions' examples leave out.
    filled: frozenset[str] = frozenset()
    # The API's own large request (SageMaker jobs, EMR and EKS clusters): AWS's samples trim
    # it and Step Functions accepts the definition, so a missing required member is a warning
    # (`missing-sdk-parameter`), as for aws-sdk calls; an unknown one is still an error.
    loose: bool = False
    # A Condition on iam_actions; a value `{Param}` is that parameter's literal value.
    condition: Condition = ()
    sync_actions: tuple[str, ...] = ()  # extra actions for `.sync`/`.sync:2`, on sync_resource
    # "*", "target" (the call's resources, + sync_suffix), "execution", or an ARN template
    sync_resource: str = "*"
    sync_suffix: str = ""
    # The EventBridge managed rule `.sync` learns of the job's end through, named as the
    # service's IAM page names it (AWS is not uniform: `StepFunctionsGetEventsFor...` for most,
    # `StepFunctionsGetEventFor...` for CodeBuild and EMR).
    sync_rule: str | None = None
    # (actions, resources) allowed for every call, whatever its parameters.
    extra: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = field(default=())
    # (service principal, role name): the service-linked role the call may create, so
    # iam:CreateServiceLinkedRole on it, only for that service (iam:AWSServiceName).
    linked_role: tuple[str, str] | None = None
    # Who allows the call when IAM does not (EKS's Kubernetes API: the cluster's RBAC): deploy
    # and template grant nothing for it and say so, naming the state.
    authorized_by: str | None = None
    # Run locally (flowdsl serve): the name before the service's errors, as each service's
    # integration page writes them ("DynamoDB.ConditionalCheckFailedException"; None: the
    # service's name capitalised), and how `.sync` follows the job it starts.
    error_prefix: str | None = None
    sync_job: SyncJob | None = None
    results: tuple[tuple[Pattern, Result], ...] = ()  # per pattern; a pattern not listed: unknown

    @property
    def key(self) -> str:
        return f"{self.service}:{self.action}"

    @property
    def errors(self) -> str:
        """The prefix of the errors this integration fails with (`DynamoDB`, `Lambda`)."""
        return self.error_prefix or self.service[:1].upper() + self.service[1:]


def _struct(required: tuple[str, ...], *optional: str) -> Shape:
    members = {name: Shape("structure") for name in (*required, *optional)}
    return Shape("structure", members, required)


def _fields(required: dict[str, str], optional: dict[str, str] | None = None) -> Shape:
    """A parameter shape Step Functions defines itself: member -> scalar kind, or "any"."""
    kinds = {**required, **(optional or {})}
    members = {name: Shape("structure" if kind == "any" else kind) for name, kind in kinds.items()}
    return Shape("structure", members, tuple(required))


_ANY = Shape("structure")  # members None: any JSON, unchecked
_FUNCTION = Target("FunctionName", "function", "arn:{partition}:lambda:{region}:{account}:function:*")
_SM = Target("StateMachineArn", "arn", "arn:{partition}:states:{region}:{account}:stateMachine:*")
_TABLE = Target("TableName", "table", "arn:{partition}:dynamodb:{region}:{account}:table/*")
_PROJECT = Target("ProjectName", "codebuild", "arn:{partition}:codebuild:{region}:{account}:project/*")
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
        parameters=_struct(
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
            Target("RoleArn", "role", "arn:{partition}:iam::{account}:role/*", ("iam:PassRole",)),
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
        parameters=_struct(
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
        parameters=_struct(
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
        (_PROJECT,),
        None,
        operation=("codebuild", "startBuild"),
        results=(("", Result(("codebuild", "startBuild"))),),
        sync_actions=("codebuild:StopBuild", "codebuild:BatchGetBuilds"),
        sync_resource="target",
        sync_rule="StepFunctionsGetEventForCodeBuildStartBuildRule",
        sync_job=jobs.CODEBUILD_BUILD,
    ),
)

# Amazon EMR ("Create and manage Amazon EMR clusters with Step Functions"): Step Functions'
# own APIs over RunJobFlow, AddJobFlowSteps, ...: a cluster is `ClusterId`, a step one `Step`.
# IAM as "IAM policies for calling Amazon EMR" writes it (one policy per API, whatever the
# pattern; the managed rule for `.sync`).
_CLUSTER = Target("ClusterId", "emr-cluster", "arn:{partition}:elasticmapreduce:{region}:{account}:cluster/*")
_EMR_ROLES = tuple(
    Target(name, "role", "arn:{partition}:iam::{account}:role/*", ("iam:PassRole",), optional=True)
    for name in ("ServiceRole", "JobFlowRole", "AutoScalingRole")
)


def _emr(
    action: str, patterns: tuple[Pattern, ...], iam: tuple[str, ...], shape: Shape, rule: str = ""
) -> Integration:
    return Integration(
        "elasticmapreduce",
        action,
        patterns,
        tuple(f"elasticmapreduce:{name}" for name in iam),
        (_CLUSTER,),
        None,
        parameters=shape,
        sync_rule=rule or None,
        error_prefix="EMR",
    )


_EMR = (
    Integration(
        "elasticmapreduce",
        "createCluster",
        RR_SYNC,
        tuple(f"elasticmapreduce:{name}" for name in ("RunJobFlow", "DescribeCluster", "TerminateJobFlows")),
        _EMR_ROLES,
        None,
        operation=("emr", "runJobFlow"),
        loose=True,
        sync_rule="StepFunctionsGetEventForEMRRunJobFlowRule",
        error_prefix="EMR",
    ),
    _emr(
        "setClusterTerminationProtection",
        RR,
        ("SetTerminationProtection",),
        _fields({"ClusterId": "string", "TerminationProtected": "boolean"}),
    ),
    _emr(
        "terminateCluster",
        RR_SYNC,
        ("TerminateJobFlows", "DescribeCluster"),
        _fields({"ClusterId": "string"}),
        "StepFunctionsGetEventForEMRTerminateJobFlowsRule",
    ),
    _emr(
        "addStep",
        RR_SYNC,
        ("AddJobFlowSteps", "DescribeStep", "CancelSteps"),
        _fields({"ClusterId": "string", "Step": "any"}, {"ExecutionRoleArn": "string"}),
        "StepFunctionsGetEventForEMRAddJobFlowStepsRule",
    ),
    _emr(
        "cancelStep",
        RR,
        ("CancelSteps",),
        _fields({"ClusterId": "string", "StepId": "string"}, {"StepCancellationOption": "string"}),
    ),
    _emr(
        "modifyInstanceFleetByName",
        RR,
        ("ModifyInstanceFleet", "ListInstanceFleets"),
        _fields({"ClusterId": "string", "InstanceFleetName": "string", "InstanceFleet": "any"}),
    ),
    _emr(
        "modifyInstanceGroupByName",
        RR,
        ("ModifyInstanceGroups", "ListInstanceGroups"),
        _fields({"ClusterId": "string", "InstanceGroupName": "string", "InstanceGroup": "any"}),
    ),
)

# Amazon EMR on EKS ("IAM policies for calling Amazon EMR on EKS"): StartJobRun only with the
# execution role the Task names (emr-containers:ExecutionRoleArn). The service-linked role is
# AWSServiceRoleForAmazonEMRContainers (the page's example spells it "AnAWSServiceRole...", a
# typo).
_VIRTUAL_CLUSTER = Target(
    "VirtualClusterId",
    "virtual-cluster",
    "arn:{partition}:emr-containers:{region}:{account}:/virtualclusters/*",
)
_EMR_EKS = (
    Integration(
        "emr-containers",
        "createVirtualCluster",
        RR,
        ("emr-containers:CreateVirtualCluster",),
        (),
        None,
        operation=("emrcontainers", "createVirtualCluster"),
        loose=True,
        filled=frozenset({"ClientToken"}),
        extra=(
            (
                ("iam:CreateServiceLinkedRole",),
                (
                    "arn:{partition}:iam::{account}:role/aws-service-role/emr-containers.amazonaws.com/"
                    "AWSServiceRoleForAmazonEMRContainers",
                ),
            ),
        ),
    ),
    Integration(
        "emr-containers",
        "deleteVirtualCluster",
        RR_SYNC,
        ("emr-containers:DeleteVirtualCluster",),
        (Target("Id", "virtual-cluster", _VIRTUAL_CLUSTER.narrowest),),
        None,
        operation=("emrcontainers", "deleteVirtualCluster"),
        sync_actions=("emr-containers:DescribeVirtualCluster",),
        sync_resource="target",
    ),
    Integration(
        "emr-containers",
        "startJobRun",
        RR_SYNC,
        ("emr-containers:StartJobRun",),
        (_VIRTUAL_CLUSTER,),
        None,
        operation=("emrcontainers", "startJobRun"),
        loose=True,
        condition=(("StringEquals", "emr-containers:ExecutionRoleArn", "{ExecutionRoleArn}"),),
        filled=frozenset({"ClientToken"}),
        sync_actions=("emr-containers:DescribeJobRun", "emr-containers:CancelJobRun"),
        sync_resource="target",
        sync_suffix="/jobruns/*",
    ),
)

# Amazon EKS ("Create and manage Amazon EKS clusters with Step Functions", connect-eks). The
# cluster and node group APIs as "IAM policies for calling Amazon EKS" (eks-iam) writes them:
# one policy per API; the role passed only to EKS. That page has no policy for the Fargate
# profile APIs: CreateFargateProfile acts on the cluster and Describe/DeleteFargateProfile on
# the profile (the Service Authorization Reference's resource types for Amazon EKS), with the
# pod execution role passed only to EKS (connect-eks). runJob and call are Step Functions' own
# APIs over the cluster's Kubernetes API (their parameters as connect-eks lists them): the
# Kubernetes API server authorizes the role (connect-eks, "Permissions"), not IAM.
_TO_EKS: Condition = (("StringEquals", "iam:PassedToService", "eks.amazonaws.com"),)
_EKS_CLUSTER = Target("Name", "eks-cluster", "arn:{partition}:eks:{region}:{account}:cluster/*")
_FARGATE_PROFILE = Target(
    "ClusterName/FargateProfileName",
    "eks-fargate-profile",
    "arn:{partition}:eks:{region}:{account}:fargateprofile/*",
)
_KUBERNETES = (
    "calls the cluster's Kubernetes API, which IAM does not authorize: allow the state machine's "
    "role in the cluster (an access entry or the aws-auth ConfigMap)"
)
_CLUSTER_API = {"ClusterName": "string", "CertificateAuthority": "string", "Endpoint": "string"}
_EKS = (
    Integration(
        "eks",
        "createCluster",
        RR_SYNC,
        ("eks:CreateCluster",),
        (Target("RoleArn", "role", "arn:{partition}:iam::{account}:role/*", ("iam:PassRole",), _TO_EKS),),
        None,
        operation=("eks", "createCluster"),
        loose=True,
        extra=(
            (
                ("eks:DescribeCluster", "eks:DeleteCluster"),
                ("arn:{partition}:eks:{region}:{account}:cluster/*",),
            ),
        ),
    ),
    Integration(
        "eks",
        "deleteCluster",
        RR_SYNC,
        ("eks:DeleteCluster", "eks:DescribeCluster"),
        (_EKS_CLUSTER,),
        None,
        operation=("eks", "deleteCluster"),
    ),
    Integration(
        "eks",
        "createNodegroup",
        RR_SYNC,
        ("ec2:DescribeSubnets", "eks:CreateNodegroup"),
        (Target("NodeRole", "role", "arn:{partition}:iam::{account}:role/*", ("iam:PassRole",), _TO_EKS),),
        None,
        operation=("eks", "createNodegroup"),
        loose=True,
        extra=(
            (
                ("eks:DescribeNodegroup", "eks:DeleteNodegroup"),
                ("arn:{partition}:eks:{region}:{account}:nodegroup/*",),
            ),
            (("iam:GetRole", "iam:ListAttachedRolePolicies"), ("arn:{partition}:iam::{account}:role/*",)),
        ),
    ),
    Integration(
        "eks",
        "deleteNodegroup",
        RR_SYNC,
        ("eks:DeleteNodegroup", "eks:DescribeNodegroup"),
        (
            Target(
                "ClusterName/NodegroupName",
                "eks-nodegroup",
                "arn:{partition}:eks:{region}:{account}:nodegroup/*",
            ),
        ),
        None,
        operation=("eks", "deleteNodegroup"),
    ),
    Integration(
        "eks",
        "createFargateProfile",
        RR_SYNC,
        ("eks:CreateFargateProfile",),
        (
            Target("ClusterName", "eks-cluster", _EKS_CLUSTER.narrowest),
            Target(
                "PodExecutionRoleArn",
                "role",
                "arn:{partition}:iam::{account}:role/*",
                ("iam:PassRole",),
                _TO_EKS,
            ),
        ),
        None,
        operation=("eks", "createFargateProfile"),
        sync_actions=("eks:DescribeFargateProfile", "eks:DeleteFargateProfile"),
        sync_resource="arn:{partition}:eks:{region}:{account}:fargateprofile/*",
    ),
    Integration(
        "eks",
        "deleteFargateProfile",
        RR_SYNC,
        ("eks:DeleteFargateProfile",),
        (_FARGATE_PROFILE,),
        None,
        operation=("eks", "deleteFargateProfile"),
        sync_actions=("eks:DescribeFargateProfile",),
        sync_resource="target",
    ),
    Integration(
        "eks",
        "runJob",
        RR_SYNC,
        (),
        (),
        None,
        parameters=_fields({**_CLUSTER_API, "Job": "any"}, {"Namespace": "string", "LogOptions": "any"}),
        json_fields=frozenset({"Job"}),
        authorized_by=_KUBERNETES,
        error_prefix="EKS",
    ),
    Integration(
        "eks",
        "call",
        RR,
        (),
        (),
        None,
        parameters=_fields(
            {**_CLUSTER_API, "Method": "string", "Path": "string"},
            {"QueryParameters": "any", "RequestBody": "any"},
        ),
        json_fields=frozenset({"RequestBody"}),
        authorized_by=_KUBERNETES,
        error_prefix="EKS",
    ),
)

# AWS CodeBuild's other APIs ("IAM policies for calling AWS CodeBuild"): each on the project
# (a build's, by its id) or the report group; `.sync` as for startBuild.
_BUILD = Target("Id", "build", _PROJECT.narrowest)
_BATCH_SYNC = ("codebuild:StopBuildBatch", "codebuild:BatchGetBuildBatches")


def _codebuild(action: str, target: Target, *, sync: bool = False, rule: str | None = None) -> Integration:
    """A CodeBuild API on its project; `sync`: `.sync` too, polling the build batch."""
    return Integration(
        "codebuild",
        action,
        RR_SYNC if sync else RR,
        (f"codebuild:{action[:1].upper()}{action[1:]}",),
        (target,),
        None,
        operation=("codebuild", action),
        sync_actions=_BATCH_SYNC if sync else (),
        sync_resource="target",
        sync_rule=rule,
    )


_CODEBUILD = (
    _codebuild("stopBuild", _BUILD),
    _codebuild("batchDeleteBuilds", Target("Ids", "build", _PROJECT.narrowest)),
    _codebuild(
        "batchGetReports",
        Target("ReportArns", "report-group", "arn:{partition}:codebuild:{region}:{account}:report-group/*"),
    ),
    _codebuild(
        "startBuildBatch", _PROJECT, sync=True, rule="StepFunctionsGetEventForCodeBuildStartBuildBatchRule"
    ),
    _codebuild("stopBuildBatch", _BUILD),
    _codebuild("retryBuildBatch", _BUILD, sync=True),
    _codebuild("deleteBuildBatch", _BUILD),
)

# Amazon Athena's other APIs ("IAM policies for calling Amazon Athena"): on every work group
# (a query execution id does not say which); reading results also reads them from S3.
_WORKGROUPS = ("arn:{partition}:athena:{region}:{account}:workgroup/*",)


def _athena(action: str, *more: tuple[tuple[str, ...], tuple[str, ...]]) -> Integration:
    iam = f"athena:{action[:1].upper()}{action[1:]}"
    return Integration(
        "athena", action, RR, (), (), None, operation=("athena", action), extra=(((iam,), _WORKGROUPS), *more)
    )


_ATHENA = (
    _athena("stopQueryExecution"),
    _athena("getQueryExecution"),
    _athena("getQueryResults", (("s3:GetObject",), ("arn:{partition}:s3:::*",))),
)

# AWS Glue DataBrew ("IAM policies for calling AWS Glue DataBrew"): AWS writes job/*; flowdsl
# names the job.
_DATABREW = (
    Integration(
        "databrew",
        "startJobRun",
        RR_SYNC,
        ("databrew:StartJobRun",),
        (Target("Name", "databrew-job", "arn:{partition}:databrew:{region}:{account}:job/*"),),
        None,
        operation=("databrew", "startJobRun"),
        sync_actions=("databrew:ListJobRuns", "databrew:StopJobRun"),
        sync_resource="target",
    ),
)

# Amazon SageMaker training and transform jobs ("IAM policies for calling Amazon SageMaker"):
# the job, ListTags, the role passed only to SageMaker, and for `.sync` Describe/Stop and the
# managed rule. A transform job passes no role of its own, so none is granted for it.
_TO_SAGEMAKER: Condition = (("StringEquals", "iam:PassedToService", "sagemaker.amazonaws.com"),)


def _sagemaker(kind: str, targets: tuple[Target, ...], rule: str | None = "") -> Integration:
    """A SageMaker `Create<kind>Job`; `rule`: the managed rule's name (None: named nowhere)."""
    name = f"{kind}Job"
    return Integration(
        "sagemaker",
        f"create{kind}Job",
        RR_SYNC,
        (f"sagemaker:Create{name}",),
        targets,
        None,
        operation=("sagemaker", f"create{kind}Job"),
        loose=True,
        extra=((("sagemaker:ListTags",), ("*",)),),
        sync_actions=(f"sagemaker:Describe{name}", f"sagemaker:Stop{name}"),
        sync_resource="target",
        sync_rule=f"StepFunctionsGetEventsForSageMaker{kind}JobsRule" if rule == "" else rule,
    )


def _passed_to_sagemaker(parameter: str, *, optional: bool = False) -> Target:
    return Target(
        parameter,
        "role",
        "arn:{partition}:iam::{account}:role/*",
        ("iam:PassRole",),
        _TO_SAGEMAKER,
        optional=optional,
    )


def _sagemaker_resource(kind: str, form: str, parameter: str) -> Target:
    return Target(parameter, form, f"arn:{{partition}}:sagemaker:{{region}}:{{account}}:{kind}/*")


def _sagemaker_call(action: str, targets: tuple[Target, ...]) -> Integration:
    """A SageMaker model or endpoint API (request-response) on the resources it names."""
    return Integration(
        "sagemaker",
        action,
        RR,
        (f"sagemaker:{action[:1].upper()}{action[1:]}",),
        targets,
        None,
        operation=("sagemaker", action),
        extra=((("sagemaker:ListTags",), ("*",)),),
    )


_SAGEMAKER = (
    _sagemaker(
        "Training",
        (
            Target(
                "TrainingJobName",
                "training-job",
                "arn:{partition}:sagemaker:{region}:{account}:training-job/*",
            ),
            Target(
                "RoleArn", "role", "arn:{partition}:iam::{account}:role/*", ("iam:PassRole",), _TO_SAGEMAKER
            ),
        ),
    ),
    _sagemaker(
        "Transform",
        (
            Target(
                "TransformJobName",
                "transform-job",
                "arn:{partition}:sagemaker:{region}:{account}:transform-job/*",
            ),
        ),
    ),
)

# Amazon EMR Serverless ("Create and manage Amazon EMR Serverless applications with Step
# Functions", connect-emr-serverless): Step Functions' APIs take the EMR Serverless API's
# requests unchanged (PascalCase); no callback. IAM as "IAM policies for calling Amazon EMR
# Serverless" (emr-serverless-iam) writes it: on the application (a job run's, by
# `ApplicationId` and `JobRunId`), the job's execution role passed only to EMR Serverless,
# and for `.sync` the Get/Stop/Cancel actions and the managed rule of applications or jobs.
_APPLICATION = Target(
    "ApplicationId",
    "emr-serverless-application",
    "arn:{partition}:emr-serverless:{region}:{account}:/applications/*",
)
_APPLICATION_RULE = "StepFunctionsGetEventsForEMRServerlessApplicationRule"
_JOB_RULE = "StepFunctionsGetEventsForEMRServerlessJobRule"


def _emr_serverless(
    action: str,
    targets: tuple[Target, ...],
    sync: tuple[str, ...],
    rule: str,
    *,
    suffix: str = "",
    filled: frozenset[str] = frozenset(),
) -> Integration:
    return Integration(
        "emr-serverless",
        action,
        RR_SYNC,
        (f"emr-serverless:{action[:1].upper()}{action[1:]}",),
        targets,
        None,
        operation=("emrserverless", action),
        filled=filled,
        sync_actions=tuple(f"emr-serverless:{name}" for name in sync),
        sync_resource="target",
        sync_suffix=suffix,
        sync_rule=rule,
    )


_EMR_SERVERLESS = (
    Integration(
        "emr-serverless",
        "createApplication",
        RR_SYNC,
        (),
        (),
        None,
        operation=("emrserverless", "createApplication"),
        filled=frozenset({"ClientToken"}),
        extra=(
            (
                ("emr-serverless:CreateApplication",),
                ("arn:{partition}:emr-serverless:{region}:{account}:/*",),
            ),
        ),
        linked_role=("ops.emr-serverless.amazonaws.com", "AWSServiceRoleForAmazonEMRServerless"),
        sync_actions=("emr-serverless:GetApplication", "emr-serverless:DeleteApplication"),
        sync_resource=_APPLICATION.narrowest,
        sync_rule=_APPLICATION_RULE,
    ),
    _emr_serverless(
        "startApplication", (_APPLICATION,), ("GetApplication", "StopApplication"), _APPLICATION_RULE
    ),
    _emr_serverless("stopApplication", (_APPLICATION,), ("GetApplication",), _APPLICATION_RULE),
    _emr_serverless("deleteApplication", (_APPLICATION,), ("GetApplication",), _APPLICATION_RULE),
    _emr_serverless(
        "startJobRun",
        (
            _APPLICATION,
            Target(
                "ExecutionRoleArn",
                "role",
                "arn:{partition}:iam::{account}:role/*",
                ("iam:PassRole",),
                (("StringEquals", "iam:PassedToService", "emr-serverless.amazonaws.com"),),
            ),
        ),
        ("GetJobRun", "CancelJobRun"),
        _JOB_RULE,
        suffix="/jobruns/*",
        filled=frozenset({"ClientToken"}),
    ),
    _emr_serverless(
        "cancelJobRun",
        (Target("ApplicationId/JobRunId", "emr-serverless-job-run", _APPLICATION.narrowest),),
        ("GetJobRun",),
        _JOB_RULE,
    ),
)

# SageMaker's other optimized APIs (connect-sagemaker). sagemaker-iam documents policies for
# training and transform jobs only, so these follow them (the resource the call names, as the
# Service Authorization Reference's resource types for SageMaker write it; ListTags; the role
# passed only to SageMaker; for `.sync` Describe/Stop and the managed rule). The rule's name is
# AWS's where AWS's own policies name it (tuning and processing jobs); a labeling job's `.sync`
# rule is named nowhere, so none is granted for it.
_ENDPOINT = _sagemaker_resource("endpoint", "endpoint", "EndpointName")
_ENDPOINT_CONFIG = _sagemaker_resource("endpoint-config", "endpoint-config", "EndpointConfigName")
_SAGEMAKER_MORE = (
    _sagemaker_call(
        "createModel",
        (
            _sagemaker_resource("model", "sagemaker-model", "ModelName"),
            _passed_to_sagemaker("ExecutionRoleArn", optional=True),
        ),
    ),
    _sagemaker_call("createEndpointConfig", (_ENDPOINT_CONFIG,)),
    _sagemaker_call("createEndpoint", (_ENDPOINT, _ENDPOINT_CONFIG)),
    _sagemaker_call("updateEndpoint", (_ENDPOINT, _ENDPOINT_CONFIG)),
    _sagemaker(
        "Processing",
        (
            _sagemaker_resource("processing-job", "processing-job", "ProcessingJobName"),
            _passed_to_sagemaker("RoleArn"),
        ),
    ),
    _sagemaker(
        "HyperParameterTuning",
        (
            _sagemaker_resource("hyper-parameter-tuning-job", "tuning-job", "HyperParameterTuningJobName"),
            _passed_to_sagemaker("TrainingJobDefinition.RoleArn", optional=True),
        ),
        rule="StepFunctionsGetEventsForSageMakerTuningJobsRule",
    ),
    _sagemaker(
        "Labeling",
        (
            _sagemaker_resource("labeling-job", "labeling-job", "LabelingJobName"),
            _passed_to_sagemaker("RoleArn"),
        ),
        rule=None,
    ),
)

INTEGRATIONS = (
    *INTEGRATIONS,
    *_EMR,
    *_EMR_EKS,
    *_EKS,
    *_CODEBUILD,
    *_ATHENA,
    *_DATABREW,
    *_SAGEMAKER,
    *_SAGEMAKER_MORE,
    *_EMR_SERVERLESS,
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
