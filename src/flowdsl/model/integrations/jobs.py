"""How Step Functions follows the job a `.sync` integration starts: a field of its registry entry.

AWS Developer Guide, "Run a Job (.sync)" and each service's integration page: after the start
call, Step Functions polls the job's describe action until the job ends, then returns the
description (PascalCase); a job that does not succeed fails the Task with `States.TaskFailed`
and the description as its cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class JobField:
    """One parameter of the describe call: taken from the start call's response (`started`) or
    its parameters (`asked`) at `path`, sent as a one-item list when `listed`."""

    parameter: str
    source: Literal["started", "asked"]
    path: Path
    listed: bool = False


@dataclass(frozen=True)
class SyncJob:
    """The describe action (camelCase), its parameters, where the job's status is, which
    statuses end it, and where the returned description is (`()`: the whole response)."""

    describe: str
    request: tuple[JobField, ...]
    status: Path
    succeeded: frozenset[str]
    failed: frozenset[str]
    result: Path = ()


SUCCEEDED = frozenset({"SUCCEEDED"})
STATES_EXECUTION = SyncJob(
    "describeExecution",
    (JobField("ExecutionArn", "started", ("ExecutionArn",)),),
    ("Status",),
    SUCCEEDED,
    frozenset({"FAILED", "TIMED_OUT", "ABORTED"}),
)
GLUE_JOB_RUN = SyncJob(
    "getJobRun",
    (JobField("JobName", "asked", ("JobName",)), JobField("RunId", "started", ("JobRunId",))),
    ("JobRun", "JobRunState"),
    SUCCEEDED,
    frozenset({"FAILED", "STOPPED", "TIMEOUT", "ERROR"}),
    ("JobRun",),
)
ATHENA_QUERY = SyncJob(
    "getQueryExecution",
    (JobField("QueryExecutionId", "started", ("QueryExecutionId",)),),
    ("QueryExecution", "Status", "State"),
    SUCCEEDED,
    frozenset({"FAILED", "CANCELLED"}),
)
BATCH_JOB = SyncJob(
    "describeJobs",
    (JobField("Jobs", "started", ("JobId",), listed=True),),
    ("Jobs", 0, "Status"),
    SUCCEEDED,
    frozenset({"FAILED"}),
    ("Jobs", 0),
)
CODEBUILD_BUILD = SyncJob(
    "batchGetBuilds",
    (JobField("Ids", "started", ("Build", "Id"), listed=True),),
    ("Builds", 0, "BuildStatus"),
    SUCCEEDED,
    frozenset({"FAILED", "FAULT", "STOPPED", "TIMED_OUT"}),
    ("Builds", 0),
)
