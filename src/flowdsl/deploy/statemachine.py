"""The stack's state machines (its own and its nested workflows'): create or update in place,
and delete (which AWS does asynchronously)."""

from __future__ import annotations

import json
import time
from typing import Any

from flowdsl.deploy.aws import Aws, aws_errors, is_client_error, retry_while_role_propagates
from flowdsl.deploy.context import Deployment
from flowdsl.deploy.inventory import Found
from flowdsl.deploy.options import MachineOptions
from flowdsl.deploy.plan import MACHINE_TAG, STACK_TAG, WORKFLOW_TAG
from flowdsl.deploy.roles import refusing_taken
from flowdsl.diagnostics import FlowdslError, error

# How long destroy waits for a state machine marked DELETING to disappear.
DELETE_WAIT_SECONDS = 60.0


def ensure_state_machine(
    deployment: Deployment,
    definition: str,
    role_arn: str,
    options: MachineOptions | None = None,
    child: str = "",
) -> str:
    """Create the state machine (the stack's own, or nested workflow `child`'s) or update its
    definition, role, logging and tracing; returns its ARN."""
    options = options or MachineOptions()
    aws, name = deployment.aws, deployment.names.machine(child)
    found = deployment.inventory.machine(child)
    with aws_errors(f"deploying state machine '{name}'"):
        arn = deployment.converge(
            "state machine",
            name,
            found,
            lambda: _create(deployment, definition, role_arn, options, child),
            lambda machine: _update(aws, machine.arn, definition, role_arn, options),
        )
        _wait_active(aws.client("stepfunctions"), arn)
    return arn


def _configuration(options: MachineOptions) -> dict[str, Any]:
    """The logging and tracing arguments of Create/UpdateStateMachine."""
    found: dict[str, Any] = {"tracingConfiguration": {"enabled": options.tracing}}
    logging = options.logging(options.log_group_arn)
    found["loggingConfiguration"] = logging or {"level": "OFF"}
    return found


def _create(
    deployment: Deployment, definition: str, role_arn: str, options: MachineOptions, child: str
) -> str:
    sfn, stack = deployment.aws.client("stepfunctions"), deployment.stack
    name = deployment.names.machine(child)
    tags = [{"key": STACK_TAG, "value": stack}, {"key": WORKFLOW_TAG, "value": deployment.workflow}]
    if child:
        tags.append({"key": MACHINE_TAG, "value": child})

    def create() -> Any:
        return sfn.create_state_machine(
            name=name,
            definition=definition,
            roleArn=role_arn,
            type=options.type,
            tags=tags,
            **_configuration(options),
        )

    def owner() -> dict[str, str]:
        aws = deployment.aws
        arn = deployment.names.state_machine_arn(aws.partition, aws.region, aws.account, child)
        return {t["key"]: t["value"] for t in sfn.list_tags_for_resource(resourceArn=arn)["tags"]}

    with refusing_taken(deployment, "state machine", name, "StateMachineAlreadyExists", owner):
        created = retry_while_role_propagates(deployment.aws, create)
    return str(created["stateMachineArn"])


def _update(aws: Aws, arn: str, definition: str, role_arn: str, options: MachineOptions) -> bool:
    sfn = aws.client("stepfunctions")
    current = sfn.describe_state_machine(stateMachineArn=arn)
    if current.get("type", "STANDARD") != options.type:
        message = (
            f"state machine '{arn}' is {current.get('type')}; AWS cannot change a state machine's type: "
            f"destroy the stack, then deploy it as {options.type}"
        )
        raise FlowdslError([error("state-machine-type-changed", message)])
    configuration = _configuration(options)
    if (
        json.loads(current["definition"]) == json.loads(definition)
        and current["roleArn"] == role_arn
        and _same_configuration(current, configuration)
    ):
        return False
    retry_while_role_propagates(
        aws,
        lambda: sfn.update_state_machine(
            stateMachineArn=arn, definition=definition, roleArn=role_arn, **configuration
        ),
    )
    return True


def _same_configuration(current: dict[str, Any], wanted: dict[str, Any]) -> bool:
    tracing = current.get("tracingConfiguration", {}).get("enabled", False)
    logging = current.get("loggingConfiguration", {"level": "OFF"})
    level = wanted["loggingConfiguration"]["level"]
    return bool(tracing == wanted["tracingConfiguration"]["enabled"] and logging.get("level", "OFF") == level)


def _wait_active(sfn: Any, arn: str) -> None:
    # A state machine is usable as soon as CreateStateMachine returns; checking ACTIVE guards
    # against one left DELETING by an interrupted destroy.
    status = sfn.describe_state_machine(stateMachineArn=arn).get("status", "ACTIVE")
    if status != "ACTIVE":
        message = f"state machine '{arn}' is {status}: wait until its deletion ends, then deploy again"
        raise FlowdslError([error("state-machine-not-active", message)])


def delete_state_machine(aws: Aws, found: Found) -> bool:
    """Delete a state machine and wait (bounded) until it is gone; False if still DELETING."""
    sfn = aws.client("stepfunctions")
    with aws_errors(f"deleting state machine '{found.name}'"):
        sfn.delete_state_machine(stateMachineArn=found.arn)
        deadline = time.monotonic() + DELETE_WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                sfn.describe_state_machine(stateMachineArn=found.arn)
            except Exception as exc:
                if is_client_error(exc, "StateMachineDoesNotExist", "ResourceNotFound"):
                    return True
                raise
            time.sleep(1.0)
    return False
