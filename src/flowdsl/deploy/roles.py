"""The two IAM roles of a stack: the functions' execution role and the state machine's role.

Creating and updating both converge on exactly the wanted trust policy, managed policies and
inline policy: anything else attached to a role flowdsl owns is removed, so permissions never
accumulate across deploys.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flowdsl.deploy.aws import Aws, aws_errors, is_client_error
from flowdsl.deploy.context import Deployment
from flowdsl.deploy.inventory import Found
from flowdsl.deploy.plan import INVOKE_POLICY_NAME, ROLE_PATH, ROLE_TAG, STACK_TAG, tags, trust_policy
from flowdsl.diagnostics import FlowdslError, error


@dataclass(frozen=True)
class RoleSpec:
    """The wanted state of one role: who may assume it and what it may do."""

    part: str
    name: str
    service: str
    managed: tuple[str, ...] = ()
    inline: dict[str, Any] | None = None
    source_arn: str | None = None  # who may make the service assume it (aws:SourceArn)


def ensure_role(deployment: Deployment, spec: RoleSpec) -> str:
    """Create or converge the role; returns its ARN once IAM reports it exists."""
    iam = deployment.aws.client("iam")
    found = deployment.inventory.role(spec.part)
    trust = trust_policy(spec.service, deployment.aws.account, spec.source_arn)

    def create() -> str:
        arn = _create(deployment, spec, trust)
        _sync_policies(iam, spec.name, spec)
        return arn

    def update(role: Found) -> bool:
        return _sync_trust(iam, role.name, trust) | _sync_policies(iam, role.name, spec)

    with aws_errors(f"deploying iam role '{spec.name}'"):
        arn = deployment.converge("iam role", spec.name, found, create, update)
        iam.get_waiter("role_exists").wait(RoleName=found.name if found else spec.name)
    return arn


def _create(deployment: Deployment, spec: RoleSpec, trust: dict[str, Any]) -> str:
    iam, stack = deployment.aws.client("iam"), deployment.stack

    def owner() -> dict[str, str]:
        return {t["Key"]: t["Value"] for t in iam.list_role_tags(RoleName=spec.name)["Tags"]}

    with refusing_taken(deployment, "iam role", spec.name, "EntityAlreadyExists", owner):
        role = iam.create_role(
            RoleName=spec.name,
            Path=ROLE_PATH,
            AssumeRolePolicyDocument=json.dumps(trust),
            Description=f"flowdsl stack '{stack}': assumed by {spec.service}",
            Tags=[
                {"Key": k, "Value": v}
                for k, v in tags(stack, ROLE_TAG, spec.part, deployment.workflow).items()
            ],
        )
    return str(role["Role"]["Arn"])


@contextmanager
def refusing_taken(
    deployment: Deployment, kind: str, name: str, conflict: str, owner: Callable[[], dict[str, str]]
) -> Iterator[None]:
    """Around a create: AWS refusing it because `name` exists (its error `conflict`) becomes
    `taken`, judged by the `owner()` tags the existing resource carries."""
    try:
        yield
    except Exception as exc:
        if is_client_error(exc, conflict):
            raise taken(kind, name, deployment.stack, owner()) from None
        raise


def taken(kind: str, name: str, stack: str, owner_tags: dict[str, str]) -> FlowdslError:
    """The error for a create refused because the name exists: a concurrent deploy, or not ours.

    The inventory read before the deploy did not see the resource; if it now carries this
    stack's tag, another deploy of the same stack created it in between (two first deploys
    racing), which is said as such rather than as a foreign resource.
    """
    if owner_tags.get(STACK_TAG) == stack:
        message = (
            f"another deploy of stack '{stack}' created {kind} '{name}' while this one was running: "
            "let it finish, then deploy again"
        )
        return FlowdslError([error("deploy-conflict", message)])
    return not_ours(kind, name, stack)


def not_ours(kind: str, name: str, stack: str) -> FlowdslError:
    """The error for a name collision with a resource flowdsl did not create for this stack."""
    return FlowdslError(
        [
            error(
                "resource-not-ours",
                f"{kind} '{name}' already exists but is not tagged as part of stack '{stack}'; "
                "flowdsl never takes over resources it did not create: pass another --stack",
            )
        ]
    )


def _sync_trust(iam: Any, name: str, wanted: dict[str, Any]) -> bool:
    if iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"] == wanted:
        return False
    iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(wanted))
    return True


def _sync_policies(iam: Any, name: str, spec: RoleSpec) -> bool:
    """Attach exactly `spec.managed` and keep exactly the one inline policy (if any)."""
    changed = False
    attached = {p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]}
    for arn in sorted(attached - set(spec.managed)):
        iam.detach_role_policy(RoleName=name, PolicyArn=arn)
        changed = True
    for arn in sorted(set(spec.managed) - attached):
        iam.attach_role_policy(RoleName=name, PolicyArn=arn)
        changed = True
    for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
        if spec.inline is None or policy != INVOKE_POLICY_NAME:
            iam.delete_role_policy(RoleName=name, PolicyName=policy)
            changed = True
    if spec.inline is not None and _inline(iam, name) != spec.inline:
        document = json.dumps(spec.inline)
        iam.put_role_policy(RoleName=name, PolicyName=INVOKE_POLICY_NAME, PolicyDocument=document)
        changed = True
    return changed


def _inline(iam: Any, name: str) -> Any:
    try:
        return iam.get_role_policy(RoleName=name, PolicyName=INVOKE_POLICY_NAME)["PolicyDocument"]
    except Exception as exc:
        if is_client_error(exc, "NoSuchEntity"):
            return None
        raise


def delete_role(aws: Aws, name: str) -> None:
    """Delete a role after removing its policies (IAM refuses to delete a role that has any)."""
    iam = aws.client("iam")
    with aws_errors(f"deleting iam role '{name}'"):
        for policy in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
            iam.detach_role_policy(RoleName=name, PolicyArn=policy["PolicyArn"])
        for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
            iam.delete_role_policy(RoleName=name, PolicyName=policy)
        iam.delete_role(RoleName=name)
