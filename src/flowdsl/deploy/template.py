"""SAM and CloudFormation templates: the same stack `deploy` builds, for teams that ship templates.

The definition is embedded as an object with its `${<FunctionName>Arn}` placeholders kept, and
`DefinitionSubstitutions` maps each to the function's `Arn` attribute (AWS::StepFunctions::
StateMachine and AWS::Serverless::StateMachine both support it). Functions point at their
deployment package: with `template -o FILE`, the zip deploy would upload (only the handler's
module and the local modules it imports) is written beside the template and named by `CodeUri`
(SAM) or a local `Code` path (CloudFormation, which `aws cloudformation package` uploads);
printed to stdout, a function points at the folder its handler is imported from. Template
resources carry no `flowdsl:stack` tag: CloudFormation owns them, and `flowdsl destroy` must
never delete them.

A nested workflow (`start_execution` given a `Workflow`) is a state machine of the template too,
`<Child>StateMachine` with its role `<Child>StatesExecutionRole`; its parent's
`DefinitionSubstitutions` map `${ChildArn}` to its `Ref` (the ARN), and the parent's role may
start exactly it (`${ChildStateMachine.Name}` in the ARNs of its role's policy), so
CloudFormation creates the child first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from flowdsl.deploy.options import MachineOptions, check_options, ignored_statements, role_statements
from flowdsl.deploy.package import locate_handler, package_handlers
from flowdsl.deploy.permissions import TEMPLATE_WHERE, RolePolicy, role_policy
from flowdsl.deploy.plan import (
    INVOKE_POLICY_NAME,
    RUNTIME,
    all_functions,
    trust_policy,
    used_functions,
)
from flowdsl.deploy.template_machine import LOG_GROUP_ID, log_group, machine_properties
from flowdsl.deploy.yamltext import dump
from flowdsl.diagnostics import FlowdslError, error
from flowdsl.files import WriteFailed, inspect_target, replace_file
from flowdsl.model import to_asl
from flowdsl.source import Handler, Source

TemplateFormat = Literal["sam", "cloudformation"]
LAMBDA_ROLE_ID = "LambdaExecutionRole"
STATES_ROLE_ID = "StatesExecutionRole"
STATE_MACHINE_ID = "StateMachine"
_BASIC_POLICY = {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}


def render_template(
    source: Source,
    *,
    fmt: TemplateFormat = "sam",
    base_dir: Path | None = None,
    options: MachineOptions | None = None,
    code: Mapping[str, Path] | None = None,
) -> str:
    """The template as YAML; code paths are relative to `base_dir` (the template's folder).

    `code` maps a function to its packaged zip (what deploy uploads, `write_packages`); a
    function without one points at the folder its handler is imported from.
    """
    built = build_template(source, fmt=fmt, base_dir=base_dir or Path.cwd(), options=options, code=code)
    return dump(built)


def template_warnings(source: Source, options: MachineOptions | None = None) -> list[str]:
    """What the template's role could not narrow (resources known only at run time), as deploy warns."""
    if options is not None and options.role_arn is not None:
        declared = tuple(s for machine in [*source.nested().values(), source] for s in machine.policy)
        return ignored_statements(options, declared)
    children = _child_arns(source)
    workflows = [*source.nested().values(), source]
    return [w for workflow in workflows for w in _role_policy(workflow, children).warnings]


def _child_arns(source: Source) -> dict[str, str]:
    """Each nested workflow's ARN as its parent's role policy names it (`Fn::Sub` text)."""
    return {
        key: f"arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:"
        f"${{{key}{STATE_MACHINE_ID}.Name}}"
        for key in source.nested()
    }


def _role_policy(source: Source, children: dict[str, str]) -> RolePolicy:
    return role_policy(source.with_children(children).definition, TEMPLATE_WHERE, "*")


def build_template(
    source: Source,
    *,
    fmt: TemplateFormat,
    base_dir: Path,
    options: MachineOptions | None = None,
    code: Mapping[str, Path] | None = None,
) -> dict[str, Any]:
    """The template as data: parameters-free, one role per service, one function per handler.

    With `options.role_arn` the state machine uses that role and the template makes none."""
    options = options or MachineOptions()
    nested = source.nested()
    for machine in [*nested.values(), source]:
        check_options(options, machine.definition, deploying=False)
    handlers = all_functions(source)
    ids = _logical_ids(list(handlers), list(nested))
    resources: dict[str, Any] = {}
    if handlers:
        resources[LAMBDA_ROLE_ID] = _role("lambda.amazonaws.com", ManagedPolicyArns=[_BASIC_POLICY])
    children = _child_arns(source)
    for key, child in nested.items():
        child_options = replace(options, statements=())  # the user's statements are the workflow's
        resources.update(_machine(child, key, ids, fmt, options=child_options, children=children))
    for function in handlers:
        resources[ids[function]] = _function(
            handlers, function, source.name, fmt, base_dir=base_dir, package=(code or {}).get(function)
        )
    group = log_group(options)
    if group is not None:
        resources[LOG_GROUP_ID] = group
    resources.update(_machine(source, "", ids, fmt, options=options, children=children))
    template: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09"}
    if fmt == "sam":
        template["Transform"] = "AWS::Serverless-2016-10-31"
    template["Description"] = f"flowdsl workflow '{source.name}'"
    template["Resources"] = resources
    template["Outputs"] = {"StateMachineArn": {"Value": {"Ref": STATE_MACHINE_ID}}}
    return template


def _machine(
    source: Source,
    key: str,
    ids: dict[str, str],
    fmt: TemplateFormat,
    *,
    options: MachineOptions,
    children: dict[str, str],
) -> dict[str, Any]:
    """The state machine of `source` (the template's own for key "", else nested workflow
    `key`'s) and, unless `options.role_arn`, its role."""
    resources: dict[str, Any] = {}
    role_id = f"{key}{STATES_ROLE_ID}"
    if options.role_arn is None:
        policy = _role_policy(source, children)
        policy.grants += options.grants()
        functions = [ids[function] for function in used_functions(source)]
        extra = role_statements(options, source.policy)
        resources[role_id] = _role("states.amazonaws.com", **_policies(functions, policy, extra))
    resources[f"{key}{STATE_MACHINE_ID}"] = _state_machine(source, ids, fmt, options, role_id)
    return resources


def _logical_ids(functions: list[str], children: list[str]) -> dict[str, str]:
    """Function name (and nested workflow key) -> CloudFormation logical ID (alphanumeric,
    unique, not a fixed resource's ID); a nested workflow's are `<Key>StateMachine` and
    `<Key>StatesExecutionRole`."""
    ids: dict[str, str] = {key: f"{key}{STATE_MACHINE_ID}" for key in children}
    taken = {LAMBDA_ROLE_ID, STATES_ROLE_ID, STATE_MACHINE_ID}
    taken |= {f"{key}{suffix}" for key in children for suffix in (STATE_MACHINE_ID, STATES_ROLE_ID)}
    for function in functions:
        logical = re.sub(r"[^A-Za-z0-9]", "", function) or "Function"
        if logical in taken:
            logical = f"{logical}Function"
        if logical in taken:
            message = f"lambda function '{function}' has no unique template logical id ('{logical}')"
            raise FlowdslError([error("template-id-collision", message)])
        taken.add(logical)
        ids[function] = logical
    return ids


def _role(service: str, **properties: Any) -> dict[str, Any]:
    # The template's state machine gets a CloudFormation-made name, so its role accepts any
    # state machine of the account and region (deploy names the exact one).
    account = {"Ref": "AWS::AccountId"}
    machines = {"Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:*"}
    trust = trust_policy(service, account, machines if service == "states.amazonaws.com" else None)
    return {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust, **properties}}


def _policies(logical_ids: Any, policy: RolePolicy, extra: list[dict[str, Any]]) -> dict[str, Any]:
    """`Policies` allowing exactly the stack's functions, any qualifier (as `plan.invoke_policy`),
    then what the integrations need (as `deploy`, with CloudFormation's pseudo parameters)."""
    resources = [
        form
        for logical in sorted(logical_ids)
        for form in ({"Fn::GetAtt": [logical, "Arn"]}, {"Fn::Sub": f"${{{logical}.Arn}}:*"})
    ]
    statements: list[Any] = []
    if resources:
        statements.append({"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": resources})
    document = policy.document()
    for statement in document["Statement"] if document else []:
        statements.append({**statement, "Resource": [_sub(arn) for arn in statement["Resource"]]})
    statements += extra
    if not statements:
        return {}
    document = {"Version": "2012-10-17", "Statement": statements}
    return {"Policies": [{"PolicyName": INVOKE_POLICY_NAME, "PolicyDocument": document}]}


def _sub(arn: str) -> Any:
    return {"Fn::Sub": arn} if "${" in arn else arn


def _function(
    handlers: Mapping[str, Handler],
    function: str,
    workflow: str,
    fmt: TemplateFormat,
    *,
    base_dir: Path,
    package: Path | None,
) -> dict[str, Any]:
    location = locate_handler(function, handlers[function])
    code = _relative(location.root, base_dir) if package is None else _relative_file(package, base_dir)
    properties: dict[str, Any] = {
        "Handler": location.handler,
        "Runtime": RUNTIME,
        "Role": {"Fn::GetAtt": [LAMBDA_ROLE_ID, "Arn"]},
        "Description": f"flowdsl workflow '{workflow}': {function}",
    }
    if fmt == "sam":
        return {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": code, **properties}}
    # A local `Code` path is meant for `aws cloudformation package`, which zips and uploads it;
    # cfn-lint warns (W3002) that the template needs that step, which is exactly the intent.
    return {
        "Type": "AWS::Lambda::Function",
        "Metadata": {"cfn-lint": {"config": {"ignore_checks": ["W3002"]}}},
        "Properties": {"Code": code, **properties},
    }


def _relative_file(path: Path, base_dir: Path) -> str:
    return Path(os.path.relpath(path.resolve(), base_dir.resolve())).as_posix()


def write_packages(source: Source, folder: Path, *, force: bool = False) -> dict[str, Path]:
    """Write each function's deployment package, exactly what `deploy` uploads (the handler's
    module and the local modules it imports, plus the typed-handler adapter), as
    `folder/<FunctionName>.zip`; returns function -> path.

    A file in the way that is not a zip (or is a link, or not a regular file) is refused
    unless `force`; each zip is written atomically.
    """
    packages = package_handlers(all_functions(source))
    written: dict[str, Path] = {}
    for function, package in packages.items():
        target = folder / f"{function}.zip"
        if not force:
            _guard_zip(target)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            replace_file(target, package.zip_bytes)
        except (OSError, WriteFailed) as exc:
            reason = exc.reason if isinstance(exc, WriteFailed) else (exc.strerror or str(exc)).lower()
            raise FlowdslError(
                [error("output-unwritable", f"cannot write '{target}': {reason}", str(target))]
            ) from None
        written[function] = target
    return written


def _guard_zip(target: Path) -> None:
    kind = inspect_target(target)
    if kind == "missing":
        return
    reason = {"link": "it is a symbolic link", "other": "it is not a regular file"}.get(kind)
    if reason is None and target.read_bytes()[:4] != b"PK\x03\x04":
        reason = "it is not a deployment package flowdsl wrote"
    if reason is not None:
        message = f"refusing to overwrite '{target}': {reason} (remove it, or pass --force)"
        code = {"link": "output-is-link", "other": "output-not-regular"}.get(kind, "output-not-package")
        raise FlowdslError([error(code, message, str(target))])


def _relative(path: Path, base_dir: Path) -> str:
    relative = Path(os.path.relpath(path.resolve(), base_dir.resolve())).as_posix()
    return relative if relative.endswith("/") else f"{relative}/"


def _state_machine(
    source: Source, ids: dict[str, str], fmt: TemplateFormat, options: MachineOptions, role_id: str
) -> dict[str, Any]:
    substitutions: dict[str, Any] = {
        f"{function}Arn": {"Fn::GetAtt": [ids[function], "Arn"]} for function in used_functions(source)
    }
    substitutions.update({f"{key}Arn": {"Ref": ids[key]} for key in source.children})
    properties: dict[str, Any] = {"Definition": to_asl(source.definition)}
    if substitutions:
        properties["DefinitionSubstitutions"] = substitutions
    role = options.role_arn or {"Fn::GetAtt": [role_id, "Arn"]}
    kind = "AWS::Serverless::StateMachine" if fmt == "sam" else "AWS::StepFunctions::StateMachine"
    return {"Type": kind, "Properties": {**properties, **machine_properties(options, fmt, role)}}
