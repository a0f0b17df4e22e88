"""Finding a stack's resources: they must carry the stack's tags AND the stack's naming.

A resource belongs to stack S only when it is tagged `flowdsl:stack=S` and its name is the one
deploy gives that part (`S` for the state machine, `S-<Child>` for a nested workflow's tagged
`flowdsl:machine=<Child>`, `S-<FunctionName>` for the function tagged
`flowdsl:function=<FunctionName>`, `S-lambda-exec` / `S-states` / `S-<Child>-states` for the
roles tagged `flowdsl:role=lambda|states|states:<Child>`). A resource with the tag but
another name is someone else's: it is reported as skipped, never updated or deleted.

Candidates come from the Resource Groups Tagging API (one tag-filtered listing for functions
and state machines, instead of ListTags on every function in the region) plus a direct look-up
of every name the stack can have, because that API is eventually consistent and could miss a
resource created a moment ago. IAM roles are not covered by it: the role names are read
directly (a nested workflow's role is looked for when its machine is, and among the roles under
flowdsl's path, so one left by an interrupted deploy is found too). Every candidate's tags are
then read from its own service, which is consistent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flowdsl.deploy.aws import Aws, aws_errors, is_client_error
from flowdsl.deploy.plan import FUNCTION_TAG, MACHINE_TAG, ROLE_PATH, ROLE_TAG, STACK_TAG, WORKFLOW_TAG, Names

_GONE = ("ResourceNotFoundException", "ResourceNotFound", "StateMachineDoesNotExist", "NoSuchEntity")
_ROLE_PARTS = ("lambda", "states")


@dataclass(frozen=True)
class Found:
    """One resource of the stack: its physical `name`, `arn`, `part` tag and `workflow` tag."""

    name: str
    arn: str
    part: str = ""
    workflow: str = ""


@dataclass
class Inventory:
    """Every resource of the stack in the account and region, and what was skipped and why."""

    roles: list[Found] = field(default_factory=list)
    functions: list[Found] = field(default_factory=list)
    state_machines: list[Found] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def role(self, part: str) -> Found | None:
        return next((r for r in self.roles if r.part == part), None)

    def function(self, part: str) -> Found | None:
        return next((f for f in self.functions if f.part == part), None)

    def machine(self, part: str = "") -> Found | None:
        """The stack's state machine (""), or its nested workflow `part`'s."""
        return next((m for m in self.state_machines if m.part == part), None)

    def everything(self) -> list[Found]:
        return [*self.state_machines, *self.functions, *self.roles]

    @property
    def empty(self) -> bool:
        return not (self.roles or self.functions or self.state_machines)


def find_stack(
    aws: Aws, stack: str, functions: Iterable[str] = (), machines: Iterable[str] = ()
) -> Inventory:
    """The stack's resources; `functions` are function names and `machines` nested workflow
    keys (parts) to look up directly too."""
    names = Names(stack)
    inventory = Inventory()
    with aws_errors(f"looking for the resources of stack '{stack}'"):
        tagged = _tagged_arns(aws, stack)
        _add_functions(aws, names, inventory, _function_candidates(aws, names, tagged, functions))
        _add_state_machines(aws, names, inventory, tagged, machines)
        children = {m.part for m in inventory.state_machines} | set(machines) | _child_roles(aws, names)
        _add_roles(aws, names, inventory, sorted(children - {""}))
    return inventory


def _tagged_arns(aws: Aws, stack: str) -> list[str]:
    """ARNs of functions and state machines tagged with the stack (Resource Groups Tagging API)."""
    client = aws.client("resourcegroupstaggingapi")
    arns: list[str] = []
    pages = client.get_paginator("get_resources").paginate(
        TagFilters=[{"Key": STACK_TAG, "Values": [stack]}],
        ResourceTypeFilters=["lambda:function", "states:stateMachine"],
    )
    for page in pages:
        arns.extend(str(item["ResourceARN"]) for item in page["ResourceTagMappingList"])
    return arns


def _child_roles(aws: Aws, names: Names) -> set[str]:
    """Nested workflow keys named by roles under flowdsl's path (`<stack>-<key>-states`)."""
    prefix, suffix = f"{names.stack}-", "-states"
    found = set()
    for page in aws.client("iam").get_paginator("list_roles").paginate(PathPrefix=ROLE_PATH):
        for role in page["Roles"]:
            name = str(role["RoleName"])
            if name.startswith(prefix) and name.endswith(suffix) and len(name) > len(prefix) + len(suffix):
                found.add(name[len(prefix) : -len(suffix)])
    return found


def _add_roles(aws: Aws, names: Names, inventory: Inventory, children: list[str]) -> None:
    iam = aws.client("iam")
    for part in [*_ROLE_PARTS, *(f"states:{child}" for child in children)]:
        child = part.partition(":")[2]
        name = names.lambda_role if part == "lambda" else names.machine_role(child)
        role = _absent_as_none(lambda n=name: iam.get_role(RoleName=n)["Role"])
        if role is None:
            continue
        tags = _pairs(iam.list_role_tags(RoleName=name)["Tags"], "Key", "Value")
        if tags.get(STACK_TAG) == names.stack and tags.get(ROLE_TAG) == part:
            inventory.roles.append(Found(name, role["Arn"], part, tags.get(WORKFLOW_TAG, "")))


def _function_candidates(aws: Aws, names: Names, tagged: list[str], parts: Iterable[str]) -> list[str]:
    """Tagged function ARNs plus the ARNs of the expected names that exist (deduplicated)."""
    client = aws.client("lambda")
    found = [arn for arn in tagged if ":function:" in arn]
    for part in parts:
        config = _absent_as_none(lambda p=part: client.get_function(FunctionName=names.function(p)))
        if config is not None:
            found.append(str(config["Configuration"]["FunctionArn"]))
    return list(dict.fromkeys(found))


def _add_functions(aws: Aws, names: Names, inventory: Inventory, arns: list[str]) -> None:
    client = aws.client("lambda")
    for arn in arns:
        tags = _absent_as_none(lambda a=arn: client.list_tags(Resource=a)["Tags"])
        if tags is None or tags.get(STACK_TAG) != names.stack:
            continue
        name, part = arn.split(":function:", 1)[1].split(":")[0], tags.get(FUNCTION_TAG, "")
        if part and name == f"{names.stack}-{part}":
            inventory.functions.append(Found(name, arn, part, tags.get(WORKFLOW_TAG, "")))
        else:
            inventory.skipped.append(_skip("lambda function", name, names.stack))


def _add_state_machines(
    aws: Aws, names: Names, inventory: Inventory, tagged: list[str], children: Iterable[str]
) -> None:
    sfn = aws.client("stepfunctions")
    where = (aws.partition, aws.region, aws.account)
    expected = [names.state_machine_arn(*where, child) for child in ("", *children)]
    candidates = dict.fromkeys([*expected, *(arn for arn in tagged if ":stateMachine:" in arn)])
    for arn in candidates:
        raw = _absent_as_none(lambda a=arn: _machine_tags(sfn, a))
        tags = _pairs(raw or [], "key", "value")
        if raw is None or tags.get(STACK_TAG) != names.stack:
            continue
        name, part = arn.rsplit(":", 1)[1], tags.get(MACHINE_TAG, "")
        if name == names.machine(part) and arn == names.state_machine_arn(*where, part):
            inventory.state_machines.append(Found(name, arn, part, tags.get(WORKFLOW_TAG, "")))
        else:
            inventory.skipped.append(_skip("state machine", name, names.stack))


def _machine_tags(sfn: Any, arn: str) -> Any:
    sfn.describe_state_machine(stateMachineArn=arn)  # raises when it does not exist
    return sfn.list_tags_for_resource(resourceArn=arn)["tags"]


def _skip(kind: str, name: str, stack: str) -> str:
    return f"skipped {kind} '{name}': it is tagged as part of stack '{stack}' but not named like it"


def _absent_as_none(call: Any) -> Any:
    """The call's result, or None when the resource does not exist (or vanished meanwhile)."""
    try:
        return call()
    except Exception as exc:
        if is_client_error(exc, *_GONE):
            return None
        raise


def _pairs(tags: list[dict[str, str]], key: str, value: str) -> dict[str, str]:
    return {tag[key]: tag[value] for tag in tags}
