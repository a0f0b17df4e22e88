"""Running the deployed state machine on AWS and reporting the result like a local run."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from flowdsl.deploy.aws import Aws, aws_errors, connect
from flowdsl.deploy.inventory import find_stack
from flowdsl.deploy.plan import stack_name
from flowdsl.diagnostics import FlowdslError, error
from flowdsl.source import Source

# Bounded wait for a remote execution; a Standard workflow can run for a year, so this is a
# CLI convenience, not an AWS limit.
DEFAULT_TIMEOUT_SECONDS = 300.0
_POLL_SECONDS = (0.2, 0.5, 1.0, 2.0)


def run_remote(
    source: Source,
    input: Any,
    *,
    name: str | None = None,
    region: str | None = None,
    profile: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    aws: Aws | None = None,
) -> dict[str, Any]:
    """Start an execution of the deployed stack's state machine and wait for it to finish.

    Returns `{"status", "output", "error", "cause"}` (the shape of a local run): status is
    SUCCEEDED, FAILED, TIMED_OUT or ABORTED; output is the decoded JSON output or None.
    """
    stack = stack_name(source, name)
    aws = aws or connect(region, profile)
    machine = find_stack(aws, stack).machine()  # the workflow's own, not a nested workflow's
    if machine is None:
        raise FlowdslError([error("not-deployed", _not_deployed(stack, aws.region, named=name is not None))])
    sfn = aws.client("stepfunctions")
    with aws_errors(f"running state machine '{machine.name}'"):
        started = sfn.start_execution(stateMachineArn=machine.arn, input=json.dumps(input))
        described = _wait(sfn, started["executionArn"], timeout)
        return _result(sfn, described)


def _not_deployed(stack: str, region: str, *, named: bool) -> str:
    # A stack deployed under another name (`deploy --stack cc`) is found only by that name.
    hint = "" if named else ", or pass the --stack it was deployed as"
    return f"stack '{stack}' is not deployed in region '{region}': run 'flowdsl deploy' first{hint}"


def _wait(sfn: Any, execution_arn: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    for attempt in itertools.count():
        described: dict[str, Any] = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        if time.monotonic() >= deadline:
            break
        time.sleep(_POLL_SECONDS[min(attempt, len(_POLL_SECONDS) - 1)])
    message = f"execution '{execution_arn}' is still running after {timeout:g} s; see it in the aws console"
    raise FlowdslError([error("remote-timeout", message)])


def _result(sfn: Any, described: dict[str, Any]) -> dict[str, Any]:
    output = described.get("output")
    failure = {"error": described.get("error"), "cause": described.get("cause")}
    if described["status"] != "SUCCEEDED" and failure == {"error": None, "cause": None}:
        failure = _failure_from_history(sfn, described["executionArn"])
    return {
        "status": described["status"],
        "output": json.loads(output) if output is not None else None,
        **failure,
    }


def _failure_from_history(sfn: Any, execution_arn: str) -> dict[str, Any]:
    """Error and cause from the last history event, for endpoints that omit them in DescribeExecution."""
    events = sfn.get_execution_history(executionArn=execution_arn, reverseOrder=True, maxResults=1)["events"]
    for event in events:
        for key, details in event.items():
            if (
                key.endswith("EventDetails")
                and isinstance(details, dict)
                and ({"error", "cause"} & set(details))
            ):
                return {"error": details.get("error"), "cause": details.get("cause")}
    return {"error": None, "cause": None}
