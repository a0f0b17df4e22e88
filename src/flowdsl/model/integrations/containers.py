"""Amazon EKS: its registry entries (gathered by `registry.py`; the AWS sources are named below)."""

from __future__ import annotations

from typing import Any

from flowdsl.model.integrations.entries import (
    RR,
    RR_SYNC,
    Integration,
    Target,
    passed_role,
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
_EKS_PRINCIPAL = "eks.amazonaws.com"  # roles are passed only to EKS
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


def _eks(action: str, actions: tuple[str, ...], targets: tuple[Target, ...], **facts: Any) -> Integration:
    """An EKS API, request-response and `.sync`, with the EKS API's own parameters."""
    return Integration("eks", action, RR_SYNC, actions, targets, None, operation=("eks", action), **facts)


EKS = (
    _eks(
        "createCluster",
        ("eks:CreateCluster",),
        (passed_role("RoleArn", _EKS_PRINCIPAL),),
        loose=True,
        extra=(
            (
                ("eks:DescribeCluster", "eks:DeleteCluster"),
                ("arn:{partition}:eks:{region}:{account}:cluster/*",),
            ),
        ),
    ),
    _eks("deleteCluster", ("eks:DeleteCluster", "eks:DescribeCluster"), (_EKS_CLUSTER,)),
    _eks(
        "createNodegroup",
        ("ec2:DescribeSubnets", "eks:CreateNodegroup"),
        (passed_role("NodeRole", _EKS_PRINCIPAL),),
        loose=True,
        extra=(
            (
                ("eks:DescribeNodegroup", "eks:DeleteNodegroup"),
                ("arn:{partition}:eks:{region}:{account}:nodegroup/*",),
            ),
            (("iam:GetRole", "iam:ListAttachedRolePolicies"), ("arn:{partition}:iam::{account}:role/*",)),
        ),
    ),
    _eks(
        "deleteNodegroup",
        ("eks:DeleteNodegroup", "eks:DescribeNodegroup"),
        (
            Target(
                "ClusterName/NodegroupName",
                "eks-nodegroup",
                "arn:{partition}:eks:{region}:{account}:nodegroup/*",
            ),
        ),
    ),
    _eks(
        "createFargateProfile",
        ("eks:CreateFargateProfile",),
        (
            Target("ClusterName", "eks-cluster", _EKS_CLUSTER.narrowest),
            passed_role("PodExecutionRoleArn", _EKS_PRINCIPAL),
        ),
        sync_actions=("eks:DescribeFargateProfile", "eks:DeleteFargateProfile"),
        sync_resource="arn:{partition}:eks:{region}:{account}:fargateprofile/*",
    ),
    _eks(
        "deleteFargateProfile",
        ("eks:DeleteFargateProfile",),
        (_FARGATE_PROFILE,),
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
