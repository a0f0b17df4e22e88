"""Amazon EMR, EMR on EKS, EMR Serverless, Athena's other APIs and AWS Glue DataBrew: their
registry entries (gathered by `registry.py`; each group names its AWS sources)."""

from __future__ import annotations

from flowdsl.model.integrations.call import Pattern
from flowdsl.model.integrations.entries import (
    RR,
    RR_SYNC,
    Integration,
    Target,
    passed_role,
    scalar_shape,
)
from flowdsl.model.integrations.shapes import Shape

# Amazon EMR ("Create and manage Amazon EMR clusters with Step Functions"): Step Functions'
# own APIs over RunJobFlow, AddJobFlowSteps, ...: a cluster is `ClusterId`, a step one `Step`.
# IAM as "IAM policies for calling Amazon EMR" writes it (one policy per API, whatever the
# pattern; the managed rule for `.sync`).
_CLUSTER = Target("ClusterId", "emr-cluster", "arn:{partition}:elasticmapreduce:{region}:{account}:cluster/*")
_EMR_ROLES = tuple(
    passed_role(name, optional=True) for name in ("ServiceRole", "JobFlowRole", "AutoScalingRole")
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


EMR = (
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
        scalar_shape({"ClusterId": "string", "TerminationProtected": "boolean"}),
    ),
    _emr(
        "terminateCluster",
        RR_SYNC,
        ("TerminateJobFlows", "DescribeCluster"),
        scalar_shape({"ClusterId": "string"}),
        "StepFunctionsGetEventForEMRTerminateJobFlowsRule",
    ),
    _emr(
        "addStep",
        RR_SYNC,
        ("AddJobFlowSteps", "DescribeStep", "CancelSteps"),
        scalar_shape({"ClusterId": "string", "Step": "any"}, {"ExecutionRoleArn": "string"}),
        "StepFunctionsGetEventForEMRAddJobFlowStepsRule",
    ),
    _emr(
        "cancelStep",
        RR,
        ("CancelSteps",),
        scalar_shape({"ClusterId": "string", "StepId": "string"}, {"StepCancellationOption": "string"}),
    ),
    _emr(
        "modifyInstanceFleetByName",
        RR,
        ("ModifyInstanceFleet", "ListInstanceFleets"),
        scalar_shape({"ClusterId": "string", "InstanceFleetName": "string", "InstanceFleet": "any"}),
    ),
    _emr(
        "modifyInstanceGroupByName",
        RR,
        ("ModifyInstanceGroups", "ListInstanceGroups"),
        scalar_shape({"ClusterId": "string", "InstanceGroupName": "string", "InstanceGroup": "any"}),
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
EMR_ON_EKS = (
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


# Amazon Athena's other APIs ("IAM policies for calling Amazon Athena"): on every work group
# (a query execution id does not say which); reading results also reads them from S3.
_WORKGROUPS = ("arn:{partition}:athena:{region}:{account}:workgroup/*",)


def _athena(action: str, *more: tuple[tuple[str, ...], tuple[str, ...]]) -> Integration:
    iam = f"athena:{action[:1].upper()}{action[1:]}"
    return Integration(
        "athena", action, RR, (), (), None, operation=("athena", action), extra=(((iam,), _WORKGROUPS), *more)
    )


ATHENA = (
    _athena("stopQueryExecution"),
    _athena("getQueryExecution"),
    _athena("getQueryResults", (("s3:GetObject",), ("arn:{partition}:s3:::*",))),
)

# AWS Glue DataBrew ("IAM policies for calling AWS Glue DataBrew"): AWS writes job/*; flowdsl
# names the job.
DATABREW = (
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


EMR_SERVERLESS = (
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
            passed_role("ExecutionRoleArn", "emr-serverless.amazonaws.com"),
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
