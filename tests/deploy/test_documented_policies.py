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
    # bedrock-iam, "... a specific foundation model (as a base model / using
    # CreateModelCustomizationJob.sync)": the base model, custom models and jobs; the role;
    # `.sync` adds Get/Stop on the jobs (no managed rule).
    **{
        ("bedrock:createModelCustomizationJob", pattern): (
            {
                "JobName": "j",
                "CustomModelName": "m",
                "RoleArn": "arn:aws:iam::123456789012:role/myRole",
                "BaseModelIdentifier": "amazon.titan-text-express-v1",
                "TrainingDataConfig": {"S3Uri": "s3://b/train.jsonl"},
                "OutputDataConfig": {"S3Uri": "s3://b/out/"},
            },
            pairs(
                "bedrock:CreateModelCustomizationJob",
                "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
                ARN.format("bedrock", "custom-model/*"),
                ARN.format("bedrock", "model-customization-job/*"),
            )
            | pairs("iam:PassRole", "arn:aws:iam::123456789012:role/myRole")
            | (
                pairs(
                    ("bedrock:GetModelCustomizationJob", "bedrock:StopModelCustomizationJob"),
                    ARN.format("bedrock", "model-customization-job/*"),
                )
                if pattern
                else set()
            ),
        )
        for pattern in ("", ".sync")
    },
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


CLUSTER = ARN.format("elasticmapreduce", "cluster/j-1")
ROLE = "arn:aws:iam::123456789012:role/{}"
VIRTUAL_CLUSTER = ARN.format("emr-containers", "/virtualclusters/vc")
TRAINING = ARN.format("sagemaker", "training-job/train*")
TRANSFORM = ARN.format("sagemaker", "transform-job/score*")
EMR = "elasticmapreduce:{}"
KUBERNETES = {"ClusterName": "c", "CertificateAuthority": "ca", "Endpoint": "https://k.eks.amazonaws.com"}
SAGEMAKER = "arn:aws:sagemaker:us-east-1:123456789012:{}"
APPLICATIONS = ARN.format("emr-serverless", "/applications/*")
APPLICATION = ARN.format("emr-serverless", "/applications/app1")


def emr(*names: str) -> tuple[str, ...]:
    return tuple(EMR.format(name) for name in names)


def with_sync(
    key: str,
    parameters: dict[str, Any],
    base: Pairs,
    sync: Pairs,
    *,
    patterns: tuple[str, ...] = ("", ".sync"),
) -> dict[tuple[str, str], tuple[dict[str, Any], Pairs]]:
    """Rows for a request-response and a `.sync` pattern: `.sync` adds `sync` to `base`."""
    return {(key, p): (parameters, base | (sync if p == ".sync" else set())) for p in patterns}


DOCUMENTED.update(
    {
        # "IAM policies for calling Amazon EMR" (emr-iam), one policy per API: createCluster
        # is RunJobFlow/DescribeCluster/TerminateJobFlows on "*" and iam:PassRole on the roles
        # it names; the others act on the cluster. `.sync` adds the rule the page names.
        **with_sync(
            "elasticmapreduce:createCluster",
            {
                "Name": "c",
                "Instances": {},
                "ServiceRole": "EMR_DefaultRole",
                "JobFlowRole": "EMR_EC2_DefaultRole",
            },
            pairs(emr("RunJobFlow", "DescribeCluster", "TerminateJobFlows"), "*")
            | pairs("iam:PassRole", ROLE.format("EMR_DefaultRole"), ROLE.format("EMR_EC2_DefaultRole")),
            rule("StepFunctionsGetEventForEMRRunJobFlowRule"),
        ),
        **with_sync(
            "elasticmapreduce:terminateCluster",
            {"ClusterId": "j-1"},
            pairs(emr("TerminateJobFlows", "DescribeCluster"), CLUSTER),
            rule("StepFunctionsGetEventForEMRTerminateJobFlowsRule"),
        ),
        **with_sync(
            "elasticmapreduce:addStep",
            {"ClusterId": "j-1", "Step": {"Name": "s", "HadoopJarStep": {"Jar": "command-runner.jar"}}},
            pairs(emr("AddJobFlowSteps", "DescribeStep", "CancelSteps"), CLUSTER),
            rule("StepFunctionsGetEventForEMRAddJobFlowStepsRule"),
        ),
        ("elasticmapreduce:cancelStep", ""): (
            {"ClusterId": "j-1", "StepId": "s-1"},
            pairs(EMR.format("CancelSteps"), CLUSTER),
        ),
        ("elasticmapreduce:setClusterTerminationProtection", ""): (
            {"ClusterId": "j-1", "TerminationProtected": True},
            pairs(EMR.format("SetTerminationProtection"), CLUSTER),
        ),
        ("elasticmapreduce:modifyInstanceFleetByName", ""): (
            {"ClusterId": "j-1", "InstanceFleetName": "core", "InstanceFleet": {}},
            pairs(emr("ModifyInstanceFleet", "ListInstanceFleets"), CLUSTER),
        ),
        ("elasticmapreduce:modifyInstanceGroupByName", ""): (
            {"ClusterId": "j-1", "InstanceGroupName": "core", "InstanceGroup": {}},
            pairs(emr("ModifyInstanceGroups", "ListInstanceGroups"), CLUSTER),
        ),
        # "IAM policies for calling Amazon EMR on EKS" (emr-eks-iam).
        ("emr-containers:createVirtualCluster", ""): (
            {"Name": "vc", "ContainerProvider": {}},
            pairs("emr-containers:CreateVirtualCluster", "*")
            | pairs(
                "iam:CreateServiceLinkedRole",
                "arn:aws:iam::123456789012:role/aws-service-role/emr-containers.amazonaws.com/"
                "AWSServiceRoleForAmazonEMRContainers",
            ),
        ),
        **with_sync(
            "emr-containers:deleteVirtualCluster",
            {"Id": "vc"},
            pairs("emr-containers:DeleteVirtualCluster", VIRTUAL_CLUSTER),
            pairs("emr-containers:DescribeVirtualCluster", VIRTUAL_CLUSTER),
        ),
        **with_sync(
            "emr-containers:startJobRun",
            {
                "VirtualClusterId": "vc",
                "ExecutionRoleArn": ROLE.format("job"),
                "ReleaseLabel": "r",
                "JobDriver": {},
            },
            pairs("emr-containers:StartJobRun", VIRTUAL_CLUSTER),
            pairs(
                ("emr-containers:DescribeJobRun", "emr-containers:CancelJobRun"),
                f"{VIRTUAL_CLUSTER}/jobruns/*",
            ),
        ),
        # "IAM policies for calling Amazon EKS" (eks-iam), one policy per API; the roles are
        # passed only to EKS.
        **with_sync(
            "eks:createCluster",
            {"Name": "c", "RoleArn": ROLE.format("eks"), "ResourcesVpcConfig": {}},
            pairs("eks:CreateCluster", "*")
            | pairs(("eks:DescribeCluster", "eks:DeleteCluster"), ARN.format("eks", "cluster/*"))
            | pairs("iam:PassRole", ROLE.format("eks")),
            set(),
        ),
        **with_sync(
            "eks:deleteCluster",
            {"Name": "c"},
            pairs(("eks:DeleteCluster", "eks:DescribeCluster"), ARN.format("eks", "cluster/c")),
            set(),
        ),
        **with_sync(
            "eks:createNodegroup",
            {"ClusterName": "c", "NodegroupName": "n", "Subnets": ["s"], "NodeRole": ROLE.format("node")},
            pairs(("ec2:DescribeSubnets", "eks:CreateNodegroup"), "*")
            | pairs(("eks:DescribeNodegroup", "eks:DeleteNodegroup"), ARN.format("eks", "nodegroup/*"))
            | pairs(("iam:GetRole", "iam:ListAttachedRolePolicies"), ROLE.format("*"))
            | pairs("iam:PassRole", ROLE.format("node")),
            set(),
        ),
        **with_sync(
            "eks:deleteNodegroup",
            {"ClusterName": "c", "NodegroupName": "n"},
            pairs(("eks:DeleteNodegroup", "eks:DescribeNodegroup"), ARN.format("eks", "nodegroup/c/n/*")),
            set(),
        ),
        # eks-iam has no policy for the Fargate profile APIs: CreateFargateProfile on the
        # cluster, Describe/DeleteFargateProfile on the profile (the Service Authorization
        # Reference's resource types), the pod execution role passed to EKS (connect-eks).
        **with_sync(
            "eks:createFargateProfile",
            {
                "ClusterName": "c",
                "FargateProfileName": "p",
                "PodExecutionRoleArn": ROLE.format("pod"),
                "Selectors": [{"Namespace": "n"}],
            },
            pairs("eks:CreateFargateProfile", ARN.format("eks", "cluster/c"))
            | pairs("iam:PassRole", ROLE.format("pod")),
            pairs(
                ("eks:DescribeFargateProfile", "eks:DeleteFargateProfile"),
                ARN.format("eks", "fargateprofile/*"),
            ),
        ),
        **with_sync(
            "eks:deleteFargateProfile",
            {"ClusterName": "c", "FargateProfileName": "p"},
            pairs("eks:DeleteFargateProfile", ARN.format("eks", "fargateprofile/c/p/*")),
            pairs("eks:DescribeFargateProfile", ARN.format("eks", "fargateprofile/c/p/*")),
        ),
        # connect-eks, "Permissions": runJob and call are authorized by the cluster's
        # Kubernetes RBAC, not IAM: the role gets nothing for them.
        **with_sync("eks:runJob", {**KUBERNETES, "Job": {}}, set(), set()),
        ("eks:call", ""): ({**KUBERNETES, "Method": "GET", "Path": "/api/v1/namespaces/default/pods"}, set()),
        # "IAM policies for calling AWS CodeBuild" (codebuild-iam): on the project (a build's
        # id names it) or the report group.
        ("codebuild:stopBuild", ""): ({"Id": "build:1"}, pairs("codebuild:StopBuild", PROJECT)),
        ("codebuild:batchDeleteBuilds", ""): (
            {"Ids": ["build:1", "other:2"]},
            pairs("codebuild:BatchDeleteBuilds", PROJECT, ARN.format("codebuild", "project/other")),
        ),
        ("codebuild:batchGetReports", ""): (
            {"ReportArns": [ARN.format("codebuild", "report/tests:1")]},
            pairs("codebuild:BatchGetReports", ARN.format("codebuild", "report-group/tests")),
        ),
        **with_sync(
            "codebuild:startBuildBatch",
            {"ProjectName": "build"},
            pairs("codebuild:StartBuildBatch", PROJECT),
            pairs(("codebuild:StopBuildBatch", "codebuild:BatchGetBuildBatches"), PROJECT)
            | rule("StepFunctionsGetEventForCodeBuildStartBuildBatchRule"),
        ),
        ("codebuild:stopBuildBatch", ""): ({"Id": "build:1"}, pairs("codebuild:StopBuildBatch", PROJECT)),
        **with_sync(
            "codebuild:retryBuildBatch",
            {"Id": "build:1"},
            pairs("codebuild:RetryBuildBatch", PROJECT),
            pairs(("codebuild:StopBuildBatch", "codebuild:BatchGetBuildBatches"), PROJECT),
        ),
        ("codebuild:deleteBuildBatch", ""): ({"Id": "build:1"}, pairs("codebuild:DeleteBuildBatch", PROJECT)),
        # "IAM policies for calling Amazon Athena" (athena-iam), StopQueryExecution,
        # GetQueryExecution, GetQueryResults: on every work group; results also from S3.
        ("athena:stopQueryExecution", ""): (
            {"QueryExecutionId": "q"},
            pairs("athena:StopQueryExecution", ARN.format("athena", "workgroup/*")),
        ),
        ("athena:getQueryExecution", ""): (
            {"QueryExecutionId": "q"},
            pairs("athena:GetQueryExecution", ARN.format("athena", "workgroup/*")),
        ),
        ("athena:getQueryResults", ""): (
            {"QueryExecutionId": "q"},
            pairs("athena:GetQueryResults", ARN.format("athena", "workgroup/*"))
            | pairs("s3:GetObject", "arn:aws:s3:::*"),
        ),
        # "IAM policies for calling AWS Glue DataBrew" (databrew-iam): AWS writes job/*;
        # flowdsl names the job.
        **with_sync(
            "databrew:startJobRun",
            {"Name": "clean"},
            pairs("databrew:StartJobRun", ARN.format("databrew", "job/clean")),
            pairs(("databrew:ListJobRuns", "databrew:StopJobRun"), ARN.format("databrew", "job/clean")),
        ),
        # "IAM policies for calling Amazon SageMaker" (sagemaker-iam), CreateTrainingJob and
        # CreateTransformJob: the job (name*), ListTags, the role passed to SageMaker only
        # (a transform job passes none), and for `.sync` Describe/Stop and the rule.
        **with_sync(
            "sagemaker:createTrainingJob",
            {
                "TrainingJobName": "train",
                "RoleArn": ROLE.format("sm"),
                "OutputDataConfig": {},
                "AlgorithmSpecification": {},
            },
            pairs("sagemaker:CreateTrainingJob", TRAINING)
            | pairs("sagemaker:ListTags", "*")
            | pairs("iam:PassRole", ROLE.format("sm")),
            pairs(("sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"), TRAINING)
            | rule("StepFunctionsGetEventsForSageMakerTrainingJobsRule"),
        ),
        **with_sync(
            "sagemaker:createTransformJob",
            {
                "TransformJobName": "score",
                "ModelName": "m",
                "TransformInput": {},
                "TransformOutput": {},
                "TransformResources": {},
            },
            pairs("sagemaker:CreateTransformJob", TRANSFORM) | pairs("sagemaker:ListTags", "*"),
            pairs(("sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"), TRANSFORM)
            | rule("StepFunctionsGetEventsForSageMakerTransformJobsRule"),
        ),
        # SageMaker's other APIs: sagemaker-iam has policies for training and transform jobs
        # only; these follow them on the resources each API names (Service Authorization
        # Reference), ListTags, the role passed to SageMaker; `.sync` Describe/Stop and the
        # rule AWS names (tuning, processing; a labeling job's is named nowhere).
        ("sagemaker:createModel", ""): (
            {"ModelName": "m", "ExecutionRoleArn": ROLE.format("sm"), "PrimaryContainer": {"Image": "i"}},
            pairs("sagemaker:CreateModel", SAGEMAKER.format("model/m"))
            | pairs("sagemaker:ListTags", "*")
            | pairs("iam:PassRole", ROLE.format("sm")),
        ),
        ("sagemaker:createEndpointConfig", ""): (
            {"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "ModelName": "m"}]},
            pairs("sagemaker:CreateEndpointConfig", SAGEMAKER.format("endpoint-config/c"))
            | pairs("sagemaker:ListTags", "*"),
        ),
        **{
            (f"sagemaker:{action}", ""): (
                {"EndpointName": "e", "EndpointConfigName": "c"},
                pairs(
                    f"sagemaker:{action[:1].upper()}{action[1:]}",
                    SAGEMAKER.format("endpoint/e"),
                    SAGEMAKER.format("endpoint-config/c"),
                )
                | pairs("sagemaker:ListTags", "*"),
            )
            for action in ("createEndpoint", "updateEndpoint")
        },
        **with_sync(
            "sagemaker:createProcessingJob",
            {
                "ProcessingJobName": "p",
                "RoleArn": ROLE.format("sm"),
                "AppSpecification": {"ImageUri": "i"},
                "ProcessingResources": {},
            },
            pairs("sagemaker:CreateProcessingJob", SAGEMAKER.format("processing-job/p*"))
            | pairs("sagemaker:ListTags", "*")
            | pairs("iam:PassRole", ROLE.format("sm")),
            pairs(
                ("sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob"),
                SAGEMAKER.format("processing-job/p*"),
            )
            | rule("StepFunctionsGetEventsForSageMakerProcessingJobsRule"),
        ),
        **with_sync(
            "sagemaker:createHyperParameterTuningJob",
            {
                "HyperParameterTuningJobName": "t",
                "HyperParameterTuningJobConfig": {},
                "TrainingJobDefinition": {"RoleArn": ROLE.format("sm")},
            },
            pairs(
                "sagemaker:CreateHyperParameterTuningJob", SAGEMAKER.format("hyper-parameter-tuning-job/t*")
            )
            | pairs("sagemaker:ListTags", "*")
            | pairs("iam:PassRole", ROLE.format("sm")),
            pairs(
                ("sagemaker:DescribeHyperParameterTuningJob", "sagemaker:StopHyperParameterTuningJob"),
                SAGEMAKER.format("hyper-parameter-tuning-job/t*"),
            )
            | rule("StepFunctionsGetEventsForSageMakerTuningJobsRule"),
        ),
        **with_sync(
            "sagemaker:createLabelingJob",
            {
                "LabelingJobName": "l",
                "LabelAttributeName": "a",
                "InputConfig": {},
                "OutputConfig": {},
                "RoleArn": ROLE.format("sm"),
                "HumanTaskConfig": {},
            },
            pairs("sagemaker:CreateLabelingJob", SAGEMAKER.format("labeling-job/l*"))
            | pairs("sagemaker:ListTags", "*")
            | pairs("iam:PassRole", ROLE.format("sm")),
            pairs(
                ("sagemaker:DescribeLabelingJob", "sagemaker:StopLabelingJob"),
                SAGEMAKER.format("labeling-job/l*"),
            ),
        ),
        # "IAM policies for calling Amazon EMR Serverless" (emr-serverless-iam, static
        # resources): on the application, or a job run of it; the execution role passed to
        # EMR Serverless only; `.sync` adds Get/Stop/Cancel and the application or job rule.
        **with_sync(
            "emr-serverless:createApplication",
            {"Name": "app", "ReleaseLabel": "emr-6.9.0", "Type": "SPARK"},
            pairs("emr-serverless:CreateApplication", ARN.format("emr-serverless", "/*"))
            | pairs(
                "iam:CreateServiceLinkedRole",
                "arn:aws:iam::123456789012:role/aws-service-role/ops.emr-serverless.amazonaws.com/"
                "AWSServiceRoleForAmazonEMRServerless*",
            ),
            pairs(("emr-serverless:GetApplication", "emr-serverless:DeleteApplication"), APPLICATIONS)
            | rule("StepFunctionsGetEventsForEMRServerlessApplicationRule"),
        ),
        **with_sync(
            "emr-serverless:startApplication",
            {"ApplicationId": "app1"},
            pairs("emr-serverless:StartApplication", APPLICATION),
            pairs(("emr-serverless:GetApplication", "emr-serverless:StopApplication"), APPLICATION)
            | rule("StepFunctionsGetEventsForEMRServerlessApplicationRule"),
        ),
        **with_sync(
            "emr-serverless:stopApplication",
            {"ApplicationId": "app1"},
            pairs("emr-serverless:StopApplication", APPLICATION),
            pairs("emr-serverless:GetApplication", APPLICATION)
            | rule("StepFunctionsGetEventsForEMRServerlessApplicationRule"),
        ),
        **with_sync(
            "emr-serverless:deleteApplication",
            {"ApplicationId": "app1"},
            pairs("emr-serverless:DeleteApplication", APPLICATION),
            pairs("emr-serverless:GetApplication", APPLICATION)
            | rule("StepFunctionsGetEventsForEMRServerlessApplicationRule"),
        ),
        **with_sync(
            "emr-serverless:startJobRun",
            {"ApplicationId": "app1", "ExecutionRoleArn": ROLE.format("job"), "JobDriver": {}},
            pairs("emr-serverless:StartJobRun", APPLICATION) | pairs("iam:PassRole", ROLE.format("job")),
            pairs(("emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"), f"{APPLICATION}/jobruns/*")
            | rule("StepFunctionsGetEventsForEMRServerlessJobRule"),
        ),
        **with_sync(
            "emr-serverless:cancelJobRun",
            {"ApplicationId": "app1", "JobRunId": "run1"},
            pairs("emr-serverless:CancelJobRun", f"{APPLICATION}/jobruns/run1"),
            pairs("emr-serverless:GetJobRun", f"{APPLICATION}/jobruns/run1")
            | rule("StepFunctionsGetEventsForEMRServerlessJobRule"),
        ),
    }
)


def test_a_passed_role_is_passed_only_to_the_service_that_takes_it() -> None:
    # sagemaker-iam and eks-iam: iam:PassRole with Condition iam:PassedToService.
    parameters = {"TrainingJobName": "t", "RoleArn": ROLE.format("sm"), "OutputDataConfig": {}}
    task = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sagemaker:createTrainingJob",
        "Parameters": parameters,
        "End": True,
    }
    document = role_policy(parse_machine({"StartAt": "T", "States": {"T": task}}), WHERE, "Main").document()
    assert document is not None
    [passing] = [s for s in document["Statement"] if s["Action"] == ["iam:PassRole"]]
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}


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


def _statements(resource: str, parameters: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    task = {"Type": "Task", "Resource": f"arn:aws:states:::{resource}", "Parameters": parameters, "End": True}
    policy = role_policy(parse_machine({"StartAt": "T", "States": {"T": task}}), WHERE, "Main")
    document = policy.document()
    assert document is not None
    return document["Statement"], policy.warnings


def test_emr_serverless_passes_its_roles_only_to_emr_serverless() -> None:
    # emr-serverless-iam: StartJobRun passes the execution role with iam:PassedToService;
    # CreateApplication may create the service-linked role, only for EMR Serverless.
    parameters = {"ApplicationId": "a", "ExecutionRoleArn": ROLE.format("job"), "JobDriver": {}}
    statements, warnings = _statements("emr-serverless:startJobRun.sync", parameters)
    [passing] = [s for s in statements if s["Action"] == ["iam:PassRole"]]
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "emr-serverless.amazonaws.com"}}
    assert warnings == []
    statements, _ = _statements("emr-serverless:createApplication", {"ReleaseLabel": "r", "Type": "SPARK"})
    [linked] = [s for s in statements if s["Action"] == ["iam:CreateServiceLinkedRole"]]
    assert linked["Condition"] == {"StringLike": {"iam:AWSServiceName": "ops.emr-serverless.amazonaws.com"}}


def test_a_run_time_job_run_is_allowed_on_every_application_and_says_so() -> None:
    # emr-serverless-iam, CancelJobRun, dynamic resources: .../applications/*.
    statements, warnings = _statements(
        "emr-serverless:cancelJobRun", {"ApplicationId": "a", "JobRunId.$": "$.run"}
    )
    assert statements[0]["Resource"] == [APPLICATIONS]
    assert warnings == [
        "state 'T': 'ApplicationId/JobRunId' is only known at run time, so the role allows it on "
        f"'{APPLICATIONS}'"
    ]


@pytest.mark.parametrize("resource", ["eks:runJob.sync", "eks:call"])
def test_a_kubernetes_api_call_is_left_to_the_cluster_and_says_so(resource: str) -> None:
    task = {"Type": "Task", "Resource": f"arn:aws:states:::{resource}", "End": True}
    task["Parameters"] = (
        {**KUBERNETES, "Method": "GET", "Path": "/"} if "call" in resource else {**KUBERNETES, "Job": {}}
    )
    policy = role_policy(parse_machine({"StartAt": "T", "States": {"T": task}}), WHERE, "Main")
    assert policy.document() is None
    assert policy.warnings == [
        "state 'T' calls the cluster's Kubernetes API, which IAM does not authorize: allow the state "
        "machine's role in the cluster (an access entry or the aws-auth ConfigMap)"
    ]


def test_an_emr_on_eks_job_may_only_run_as_the_role_it_names() -> None:
    # emr-eks-iam, StartJobRun: Condition StringEquals emr-containers:ExecutionRoleArn.
    parameters = {"VirtualClusterId": "vc", "ExecutionRoleArn": ROLE.format("job"), "JobDriver": {}}
    statements, warnings = _statements("emr-containers:startJobRun", parameters)
    [start] = [s for s in statements if s["Action"] == ["emr-containers:StartJobRun"]]
    assert start["Condition"] == {"StringEquals": {"emr-containers:ExecutionRoleArn": ROLE.format("job")}}
    assert warnings == []


def test_a_run_time_execution_role_leaves_the_condition_out_and_says_so() -> None:
    parameters = {"VirtualClusterId": "vc", "ExecutionRoleArn.$": "$.role", "JobDriver": {}}
    statements, warnings = _statements("emr-containers:startJobRun", parameters)
    [start] = [s for s in statements if s["Action"] == ["emr-containers:StartJobRun"]]
    assert "Condition" not in start
    assert warnings == [
        "state 'T': 'ExecutionRoleArn' is only known at run time, so the role does not limit "
        "emr-containers:StartJobRun by 'emr-containers:ExecutionRoleArn'"
    ]
