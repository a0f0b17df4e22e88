"""The state machine role's policy: exactly what each Task and Distributed Map needs.

Read from the integration registry (flowdsl.model.integrations): every Task's integration
grants its IAM actions on the resources its literal parameters name, with the deployment's
partition, region and account; `.sync` adds the polling actions and EventBridge managed rule;
a Distributed Map may start executions of its own state machine (AWS "IAM policies for using
Distributed Map states"). What is only known at run time gets the narrowest ARN, and a
warning naming the state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flowdsl.model import MapState, StateMachine, TaskState, iter_states
from flowdsl.model.integrations import parse_call
from flowdsl.model.integrations.grants import Grant, Where
from flowdsl.model.integrations.iam import policy_document, task_needs
from flowdsl.model.integrations.payload import literal_parameters
from flowdsl.model.resources import lambda_function_name, placeholders

# The parts of a template: CloudFormation fills them in (AWS pseudo parameters).
TEMPLATE_WHERE = Where("${AWS::Partition}", "${AWS::Region}", "${AWS::AccountId}")


@dataclass
class RolePolicy:
    """The grants of one state machine role and the warnings about what could not be narrowed."""

    grants: list[Grant] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def document(self) -> dict[str, Any] | None:
        return policy_document(self.grants) if self.grants else None


def role_policy(machine: StateMachine, where: Where, machine_name: str) -> RolePolicy:
    """What the role of `machine` (deployed as state machine `machine_name`) must allow,
    beyond invoking the stack's own functions (plan.invoke_policy)."""
    policy = RolePolicy()
    for _, name, state in iter_states(machine):
        if isinstance(state, TaskState):
            _task(policy, name, state, where)
        elif isinstance(state, MapState):
            _map(policy, name, state, where, machine_name)
    return policy


def _task(policy: RolePolicy, name: str, state: TaskState, where: Where) -> None:
    resource = state.resource if isinstance(state.resource, str) else ""
    call = parse_call(resource)
    if call is not None:
        needs = task_needs(name, state, where, call)
        policy.grants += needs.grants
        policy.warnings += needs.warnings
    elif resource.startswith("arn:") and ":lambda:" in resource and lambda_function_name(resource):
        policy.grants.append(Grant(("lambda:InvokeFunction",), (resource,)))
    elif resource and not placeholders(resource) and ":activity:" not in resource:
        policy.warnings.append(
            f"state '{name}' calls '{resource}', which the state machine role is not allowed to do: "
            "grant that permission yourself"
        )


def _map(policy: RolePolicy, name: str, state: MapState, where: Where, machine_name: str) -> None:
    config = state.item_processor.processor_config if state.item_processor else None
    if config is None or config.mode != "DISTRIBUTED":
        return
    machine = where.fill("arn:{partition}:states:{region}:{account}:stateMachine:{}", machine_name)
    executions = where.fill("arn:{partition}:states:{region}:{account}:execution:{}/*", machine_name)
    policy.grants.append(Grant(("states:StartExecution",), (machine,)))
    policy.grants.append(Grant(("states:DescribeExecution", "states:StopExecution"), (executions,)))
    _s3_part(policy, name, state.item_reader, ("s3:GetObject", "s3:ListBucket"), where)
    writes = ("s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload")
    _s3_part(policy, name, state.result_writer, writes, where)


def _s3_part(policy: RolePolicy, name: str, part: Any, actions: tuple[str, ...], where: Where) -> None:
    """An ItemReader/ResultWriter reading or writing S3: the bucket and its objects."""
    if part is None or not isinstance(part.resource, str) or ":::s3:" not in part.resource:
        return
    params = literal_parameters(part.arguments if part.arguments is not None else part.parameters) or {}
    bucket = params.get("Bucket")
    if not isinstance(bucket, str) or placeholders(bucket):
        bucket = "*"
        policy.warnings.append(
            f"state '{name}': the S3 bucket is only known at run time, so the role allows "
            f"{', '.join(actions)} on every bucket"
        )
    arn = f"arn:{where.partition}:s3:::{bucket}"
    policy.grants.append(Grant(actions, (arn, f"{arn}/*")))
