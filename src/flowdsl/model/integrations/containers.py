"""Amazon EKS: its registry entries (gathered by `registry.py`; the AWS sources are named below)."""

from __future__ import annotations

from flowdsl.model.integrations.entries import (
    RR,
    RR_SYNC,
    Condition,
    Integration,
    Target,
    scalar_shape,
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
EKS = (
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
        parameters=scalar_shape({**_CLUSTER_API, "Job": "any"}, {"Namespace": "string", "LogOptions": "any"}),
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
        parameters=scalar_shape(
            {**_CLUSTER_API, "Method": "string", "Path": "string"},
            {"QueryParameters": "any", "RequestBody": "any"},
        ),
        json_fields=frozenset({"RequestBody"}),
        authorized_by=_KUBERNETES,
        error_prefix="EKS",
    ),
)
