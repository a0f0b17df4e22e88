"""Finding a stack's resources by their tags, never by their names.

Each service is listed and each candidate's tags read directly (rather than through the
Resource Groups Tagging API, which does not cover IAM roles and is eventually consistent, so
a destroy right after a deploy could miss a resource). Roles are only looked for under the
`/flowdsl/` path deploy puts them in; their tags still decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flowdsl.deploy.aws import Aws, aws_errors, is_client_error
from flowdsl.deploy.plan import FUNCTION_TAG, ROLE_PATH, ROLE_TAG, STACK_TAG


@dataclass(frozen=True)
class Found:
    """One tagged resource: its physical `name`, `arn` and `part` tag (function or role name)."""

    name: str
    arn: str
    part: str = ""


@dataclass
class Inventory:
    """Every resource tagged `flowdsl:stack=<stack>` in the account and region."""

    roles: list[Found] = field(default_factory=list)
    functions: list[Found] = field(default_factory=list)
    state_machines: list[Found] = field(default_factory=list)

    def role(self, part: str) -> Found | None:
        return next((r for r in self.roles if r.part == part), None)

    def function(self, part: str) -> Found | None:
        return next((f for f in self.functions if f.part == part), None)

    @property
    def empty(self) -> bool:
        return not (self.roles or self.functions or self.state_machines)


def find_stack(aws: Aws, stack: str) -> Inventory:
    """List the stack's roles, functions and state machines from their tags."""
    with aws_errors(f"looking for the resources of stack '{stack}'"):
        return Inventory(_roles(aws, stack), _functions(aws, stack), _state_machines(aws, stack))


def _roles(aws: Aws, stack: str) -> list[Found]:
    iam = aws.client("iam")
    found = []
    for page in iam.get_paginator("list_roles").paginate(PathPrefix=ROLE_PATH):
        for role in page["Roles"]:
            tags = _pairs(iam.list_role_tags(RoleName=role["RoleName"])["Tags"], "Key", "Value")
            if tags.get(STACK_TAG) == stack:
                found.append(Found(role["RoleName"], role["Arn"], tags.get(ROLE_TAG, "")))
    return found


def _functions(aws: Aws, stack: str) -> list[Found]:
    client = aws.client("lambda")
    found = []
    for page in client.get_paginator("list_functions").paginate():
        for function in page["Functions"]:
            try:
                tags = client.list_tags(Resource=function["FunctionArn"])["Tags"]
            except Exception as exc:
                if is_client_error(exc, "ResourceNotFoundException"):
                    continue  # deleted between the listing and now
                raise
            if tags.get(STACK_TAG) == stack:
                part = tags.get(FUNCTION_TAG, "")
                found.append(Found(function["FunctionName"], function["FunctionArn"], part))
    return found


def _state_machines(aws: Aws, stack: str) -> list[Found]:
    sfn = aws.client("stepfunctions")
    found = []
    for page in sfn.get_paginator("list_state_machines").paginate():
        for machine in page["stateMachines"]:
            try:
                tags = sfn.list_tags_for_resource(resourceArn=machine["stateMachineArn"])["tags"]
            except Exception as exc:
                if is_client_error(exc, "ResourceNotFound", "StateMachineDoesNotExist"):
                    continue
                raise
            if _pairs(tags, "key", "value").get(STACK_TAG) == stack:
                found.append(Found(machine["name"], machine["stateMachineArn"]))
    return found


def _pairs(tags: list[dict[str, str]], key: str, value: str) -> dict[str, str]:
    return {tag[key]: tag[value] for tag in tags}
