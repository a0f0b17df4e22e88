"""AWS CodeBuild: the project a build runs in, and the entries beyond startBuild (gathered by
`registry.py`)."""

from __future__ import annotations

from flowdsl.model.integrations.entries import (
    RR,
    RR_SYNC,
    Integration,
    Target,
)

# A CodeBuild project ("IAM policies for calling AWS CodeBuild").
PROJECT = Target("ProjectName", "codebuild", "arn:{partition}:codebuild:{region}:{account}:project/*")

# AWS CodeBuild's other APIs ("IAM policies for calling AWS CodeBuild"): each on the project
# (a build's, by its id) or the report group; `.sync` as for startBuild.
_BUILD = Target("Id", "build", PROJECT.narrowest)
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


CODEBUILD = (
    _codebuild("stopBuild", _BUILD),
    _codebuild("batchDeleteBuilds", Target("Ids", "build", PROJECT.narrowest)),
    _codebuild(
        "batchGetReports",
        Target("ReportArns", "report-group", "arn:{partition}:codebuild:{region}:{account}:report-group/*"),
    ),
    _codebuild(
        "startBuildBatch", PROJECT, sync=True, rule="StepFunctionsGetEventForCodeBuildStartBuildBatchRule"
    ),
    _codebuild("stopBuildBatch", _BUILD),
    _codebuild("retryBuildBatch", _BUILD, sync=True),
    _codebuild("deleteBuildBatch", _BUILD),
)
