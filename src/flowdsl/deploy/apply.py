"""`deploy` and `destroy`: converge a stack on the workflow, or remove every resource it tagged.

Order matters for least privilege and for a stack that is always destroyable: the functions'
role first, then the functions, then the state machine's role (which names their ARNs), then
the state machine; every resource is tagged in the call that creates it, so a failure at any
point leaves only tagged resources that `destroy` finds.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    check_options(options, source.definition, deploying=True)
    functions = used_functions(source)
    packages = package_handlers({function: source.handlers[function] for function in functions})
    aws = aws or connect(region, profile)
    where = Where(aws.partition, aws.region, aws.account)
    policy = role_policy(source.definition, where, names.state_machine)
    policy.grants += options.grants()
    inventory = find_stack(aws, names.stack, functions)
    workflow = workflow_identity(source)
    if not force:
        _check_identity(inventory, names.stack, workflow)
    warnings = [
        *_external_warnings(packages),
        *ignored_statements(options, source.policy),
        *policy.warnings,
        *inventory.skipped,
    ]
    report = DeployReport(names.stack, aws.region, warnings=warnings)
    deployment = Deployment(aws, names, inventory, report, workflow)
    try:
        stamp_identity(deployment)
        _converge(deployment, source, packages, policy, options)
    except FlowdslError as exc:
        raise FlowdslError([*exc.diagnostics, *_incomplete(report)]) from None
    return report


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
    policy: RolePolicy,
    options: MachineOptions,
) -> None:
    names = deployment.names
    arns = _functions(deployment, packages)
    states_role_arn = options.role_arn
    if states_role_arn is None:
        extra = role_statements(options, source.policy)
        states_policy = states_role_policy(list(arns.values()), policy, extra)
        aws = deployment.aws
        machine_arn = names.state_machine_arn(aws.partition, aws.region, aws.account)
        states_role = RoleSpec(
            "states", names.states_role, "states.amazonaws.com", inline=states_policy, source_arn=machine_arn
        )
        states_role_arn = ensure_role(deployment, states_role)
    definition = resolved_definition(source, arns)
    machine_arn = ensure_state_machine(deployment, definition, states_role_arn, options)
    deployment.report.state_machine_arn = machine_arn
    prune_functions(deployment.aws, deployment.inventory, deployment.report, keep=set(packages))
    if not packages:
        _prune_lambda_role(deployment)


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
