"""The in-process client: boto3's `stepfunctions` method names and shapes, with no server.

    from flowdsl.service import Client

    sfn = Client(handlers={"Work": work})
    arn = sfn.create_state_machine(name="m", definition=text, roleArn=role)["stateMachineArn"]
    run = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
    sfn.describe_execution(executionArn=run)["status"]

Errors are `client.exceptions.<AWS name>` (`SfnError` subclasses), responses are boto3's
dicts with datetimes, so a test written for one runs against the other.
"""

from __future__ import annotations

import functools
from typing import Any

from flowdsl.service.core import Service
from flowdsl.service.errors import Exceptions

Json = Any
OPERATIONS = frozenset(
    {
        "create_activity",
        "create_state_machine",
        "create_state_machine_alias",
        "delete_activity",
        "delete_state_machine",
        "delete_state_machine_alias",
        "delete_state_machine_version",
        "describe_activity",
        "describe_execution",
        "describe_map_run",
        "describe_state_machine",
        "describe_state_machine_alias",
        "describe_state_machine_for_execution",
        "get_activity_task",
        "get_execution_history",
        "list_activities",
        "list_executions",
        "list_map_runs",
        "list_state_machine_aliases",
        "list_state_machine_versions",
        "list_state_machines",
        "list_tags_for_resource",
        "publish_state_machine_version",
        "redrive_execution",
        "send_task_failure",
        "send_task_heartbeat",
        "send_task_success",
        "start_execution",
        "start_sync_execution",
        "stop_execution",
        "tag_resource",
        "test_state",
        "untag_resource",
        "update_map_run",
        "update_state_machine",
        "update_state_machine_alias",
        "validate_state_machine_definition",
    }
)
"""The Step Functions actions served, by boto3 method name."""


class Client:
    """A Step Functions client bound to an in-memory `Service` (a new one unless `service=`)."""

    exceptions = Exceptions()

    def __init__(self, service: Service | None = None, **options: Any) -> None:
        self.service = service or Service(**options)

    def __getattr__(self, name: str) -> Any:
        if name in OPERATIONS:
            return functools.partial(_call, self.service, name)
        raise AttributeError(f"'Client' object has no attribute '{name}'")

    def wait(self, execution_arn: str, timeout: float = 30.0) -> dict[str, Json]:
        """flowdsl extension: block until the execution ends, then DescribeExecution's response."""
        self.service.executions[execution_arn].done.wait(timeout)
        return self.service.describe_execution(executionArn=execution_arn)


def _call(service: Service, operation: str, **params: Any) -> dict[str, Json]:
    """One action as boto3 takes it: keyword parameters only."""
    return service.call(operation, params)
