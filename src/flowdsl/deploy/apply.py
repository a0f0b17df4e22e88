"""`deploy` and `destroy`: converge a stack on the workflow, or remove every resource it tagged.

Order matters for least privilege and for a stack that is always destroyable: the functions'
role first, then the functions, then the state machine's role (which names their ARNs), then
the state machine; every resource is tagged in the call that creates it, so a failure at any
point leaves only tagged resources that `destroy` finds.

A workflow's nested workflows (`start_execution` given a `Workflow`) are state machines of
the same stack, `<stack>-<Child>`, each with its own role, created before the workflows that
start them: a parent's definition names its child's real ARN, and its role may start exactly
that state machine (AWS Step Functions Developer Guide, "IAM policies for AWS Step
Functions"). Nested workflows a re-deploy no longer has are deleted, roles too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from flowdsl.deploy.aws import Aws, connect
from flowdsl.deploy.context import Deployment
from flowdsl.deploy.functions import delete_function, ensure_function, prune_functions
from flowdsl.deploy.identity import stamp_identity
from flowdsl.deploy.inventory import Inventory, find_stack
from flowdsl.deploy.options import MachineOptions, check_options, ignored_statements, role_statements
from flowdsl.deploy.package import Package, package_handlers
from flowdsl.deploy.permissions import RolePolicy, role_policy
from flowdsl.deploy.plan import (
    LAMBDA_BASIC_POLICY,
    Names,
    all_functions,
    invoke_policy,
    resolved_definition,
    stack_name,
    used_functions,
    workflow_identity,
)
from flowdsl.deploy.report import DeployReport
from flowdsl.deploy.roles import RoleSpec, delete_role, ensure_role
from flowdsl.deploy.statemachine import delete_state_machine, ensure_state_machine
from flowdsl.diagnostics import Diagnostic, FlowdslError, error
from flowdsl.model.integrations.grants import Where
from flowdsl.source import Source


def deploy(
    source: Source,
    *,
    name: str | None = None,
    region: str | None = None,
    profile: str | None = None,
    aws: Aws | None = None,
    options: MachineOptions | None = None,
    force: bool = False,
) -> DeployReport:
    """Create or update the stack for `source`: roles, Lambda functions and the state machine.

    `options` sets the machine's type, an existing role, extra IAM statements, logging and
    X-Ray tracing (see `MachineOptions`).

    Everything is checked and packaged before the first AWS call. Re-deploying updates in place;
    a failure part-way raises a FlowdslError listing what exists (all of it destroyable). A
    stack holding another workflow (its `flowdsl:workflow` tag) is refused unless `force`.
    """
    names = Names(stack_name(source, name))
    options = options or MachineOptions()
    nested = source.nested()
    for machine in [*nested.values(), source]:
        check_options(options, machine.definition, deploying=True)
    handlers = all_functions(source)
    packages = package_handlers(handlers)
    aws = aws or connect(region, profile)
    where = Where(aws.partition, aws.region, aws.account)
    children = {key: names.state_machine_arn(aws.partition, aws.region, aws.account, key) for key in nested}
    policies = {
        key: _policy(child, key, names, where, children=children, options=options)
        for key, child in nested.items()
    }
    policies[""] = _policy(source, "", names, where, children=children, options=options)
    inventory = find_stack(aws, names.stack, handlers, nested)
    workflow = workflow_identity(source)
    if not force:
        _check_identity(inventory, names.stack, workflow)
    found = [w for policy in policies.values() for w in policy.warnings]
    declared = tuple(s for machine in [*nested.values(), source] for s in machine.policy)
    ignored = ignored_statements(options, declared)
    warnings = [*_external_warnings(packages), *ignored, *found, *inventory.skipped]
    report = DeployReport(names.stack, aws.region, warnings=warnings)
    deployment = Deployment(aws, names, inventory, report, workflow)
    try:
        stamp_identity(deployment)
        _converge(deployment, source, packages, policies, options=options, children=children)
    except FlowdslError as exc:
        raise FlowdslError([*exc.diagnostics, *_incomplete(report)]) from None
    return report


def _policy(
    source: Source, key: str, names: Names, where: Where, *, children: dict[str, str], options: MachineOptions
) -> RolePolicy:
    """What the role of `source`'s state machine (the stack's own for key "") needs, its nested
    workflows named by their ARNs."""
    names.machine_role(key)  # a name too long for IAM is refused before any AWS call
    policy = role_policy(source.with_children(children).definition, where, names.machine(key))
    policy.grants += options.grants()
    return policy


def _check_identity(inventory: Inventory, stack: str, workflow: str) -> None:
    """Refuse to deploy over a stack another workflow was deployed to (a name collision)."""
    others = sorted({found.workflow for found in inventory.everything()} - {"", workflow})
    if others:
        message = (
            f"stack '{stack}' holds workflow '{others[0]}', not '{workflow}': pass another --stack, "
            "or --force to replace it"
        )
        raise FlowdslError([error("stack-holds-other-workflow", message)])


def _converge(
    deployment: Deployment,
    source: Source,
    packages: dict[str, Package],
    policies: dict[str, RolePolicy],
    *,
    options: MachineOptions,
    children: dict[str, str],
) -> None:
    arns = _functions(deployment, packages)
    for key, child in source.nested().items():
        child_options = replace(options, statements=())  # the user's statements are the workflow's
        _machine(deployment, child, key, {**arns, **children}, policy=policies[key], options=child_options)
    machine_arn = _machine(deployment, source, "", {**arns, **children}, policy=policies[""], options=options)
    deployment.report.state_machine_arn = machine_arn
    _prune_children(deployment, keep=set(children))
    prune_functions(deployment.aws, deployment.inventory, deployment.report, keep=set(packages))
    if not packages:
        _prune_lambda_role(deployment)


def _machine(
    deployment: Deployment,
    source: Source,
    key: str,
    arns: dict[str, str],
    *,
    policy: RolePolicy,
    options: MachineOptions,
) -> str:
    """One state machine and its role (unless `options.role_arn`): the stack's own (key ""),
    or nested workflow `key`'s; `arns` by function name and nested workflow key."""
    names, aws = deployment.names, deployment.aws
    role_arn = options.role_arn
    if role_arn is None:
        functions = [arns[function] for function in used_functions(source)]
        document = states_role_policy(functions, policy, role_statements(options, source.policy))
        machine_arn = names.state_machine_arn(aws.partition, aws.region, aws.account, key)
        part = f"states:{key}" if key else "states"
        spec = RoleSpec(
            part, names.machine_role(key), "states.amazonaws.com", inline=document, source_arn=machine_arn
        )
        role_arn = ensure_role(deployment, spec)
    definition = resolved_definition(source, arns)
    return ensure_state_machine(deployment, definition, role_arn, options, key)


def _prune_children(deployment: Deployment, keep: set[str]) -> None:
    """Remove the nested workflows (state machine and role) a previous deploy made and the
    workflow no longer starts."""
    inventory, report, aws = deployment.inventory, deployment.report, deployment.aws
    for machine in [m for m in inventory.state_machines if m.part and m.part not in keep]:
        delete_state_machine(aws, machine)
        report.add("deleted", "state machine", machine.name, machine.arn)
    for role in inventory.roles:
        child = role.part.partition("states:")[2]
        if child and child not in keep:
            delete_role(aws, role.name)
            report.add("deleted", "iam role", role.name, role.arn)


def states_role_policy(
    function_arns: list[str], policy: RolePolicy, extra: Sequence[dict[str, Any]] = ()
) -> dict[str, Any] | None:
    """Invoking the stack's functions, then what the integrations need, then the user's own
    statements (one inline policy)."""
    statements = invoke_policy(function_arns)["Statement"] if function_arns else []
    document = policy.document()
    if document is not None:
        statements += document["Statement"]
    statements += list(extra)
    return {"Version": "2012-10-17", "Statement": statements} if statements else None


def _functions(deployment: Deployment, packages: dict[str, Package]) -> dict[str, str]:
    """The functions' execution role then the functions (none at all for a Lambda-free workflow)."""
    if not packages:
        return {}
    basic = LAMBDA_BASIC_POLICY.format(partition=deployment.aws.partition)
    spec = RoleSpec("lambda", deployment.names.lambda_role, "lambda.amazonaws.com", managed=(basic,))
    role_arn = ensure_role(deployment, spec)
    return {name: ensure_function(deployment, package, role_arn) for name, package in packages.items()}


def _prune_lambda_role(deployment: Deployment) -> None:
    """Remove the execution role a previous deploy made when the workflow no longer has functions."""
    found = deployment.inventory.role("lambda")
    if found is not None:
        delete_role(deployment.aws, found.name)
        deployment.report.add("deleted", "iam role", found.name, found.arn)


def _external_warnings(packages: dict[str, Package]) -> list[str]:
    return [
        f"handler of lambda function '{package.function_name}' imports '{module}', which is neither "
        "under its folder nor in the lambda runtime; it is not packaged"
        for package in packages.values()
        for module in package.external
    ]


def _incomplete(report: DeployReport) -> list[Diagnostic]:
    if not report.existing():
        return []
    done = ", ".join(action.format() for action in report.existing())
    return [
        error(
            "deploy-incomplete",
            f"deploy of stack '{report.stack}' stopped part-way after: {done}; "
            f"'flowdsl destroy --stack {report.stack}' removes everything it created",
        )
    ]


def destroy(
    source_or_name: Source | str,
    *,
    name: str | None = None,
    region: str | None = None,
    profile: str | None = None,
    aws: Aws | None = None,
) -> DeployReport:
    """Delete every resource tagged as part of the stack: state machine, functions, roles.

    A resource is the stack's only when it carries the stack's tags AND its naming (see
    `inventory`); one with the tag but another name is left alone and named in the report's
    warnings. An empty report means nothing was left.
    """
    if isinstance(source_or_name, Source):
        stack = stack_name(source_or_name, name)
    else:
        stack = stack_name(None, name or source_or_name)
    aws = aws or connect(region, profile)
    inventory = find_stack(aws, stack)
    report = DeployReport(stack, aws.region, warnings=list(inventory.skipped))
    for machine in inventory.state_machines:
        if not delete_state_machine(aws, machine):
            report.warnings.append(f"state machine '{machine.name}' is still being deleted by aws")
        report.add("deleted", "state machine", machine.name, machine.arn)
    for function in inventory.functions:
        delete_function(aws, function)
        report.add("deleted", "lambda function", function.name, function.arn)
    for role in inventory.roles:
        delete_role(aws, role.name)
        report.add("deleted", "iam role", role.name, role.arn)
    return report
