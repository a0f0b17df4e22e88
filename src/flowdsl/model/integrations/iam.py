"""The IAM statements a state machine role needs for each integration call, least privilege.

Per AWS's "IAM policies for integrated services" pages: the call's actions on the resources its
literal parameters name (ARNs built with the deployment's partition, region and account); for
`.sync` the status-polling actions and the EventBridge managed rule; for a resource only known
at run time, the narrowest ARN form AWS allows, with a warning naming the state.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flowdsl.model.integrations.call import Call
from flowdsl.model.integrations.entries import Condition, Integration, Target
from flowdsl.model.integrations.grants import Grant, Needs, Where
from flowdsl.model.integrations.payload import DYNAMIC, literal_parameters, task_payload
from flowdsl.model.integrations.registry import integration
from flowdsl.model.integrations.sdk_iam import sdk_grants
from flowdsl.model.resources import placeholders

Json = Any
_RULE_ACTIONS = ("events:PutTargets", "events:PutRule", "events:DescribeRule")


def _arn(value: str, where: Where) -> str | None:
    return value if value.startswith("arn:") else None


def _named(template: str) -> Callable[[str, Where], str | None]:
    def form(value: str, where: Where) -> str | None:
        return value if value.startswith("arn:") else where.fill(template, value)

    return form


def _queue(value: str, where: Where) -> str | None:
    # https://sqs.<region>.amazonaws.com/<account>/<name> (SQS "Queue and message identifiers").
    match = re.match(
        r"^https://(?:sqs\.)?(?P<region>[a-z0-9-]+)?\.?[a-z.]*amazonaws\.com[^/]*/(\d{12})/(.+)\Z", value
    )
    if match is None:
        return None
    region = match.group("region") or where.region
    return f"arn:{where.partition}:sqs:{region}:{match.group(2)}:{match.group(3)}"


def _task_definition(value: str, where: Where) -> str | None:
    if value.startswith("arn:"):
        return value
    family = value if ":" in value else f"{value}:*"
    return where.fill("arn:{partition}:ecs:{region}:{account}:task-definition/{}", family)


def _job_definition(value: str, where: Where) -> str | None:
    if value.startswith("arn:"):
        return value
    name = value if ":" in value else f"{value}:*"
    return where.fill("arn:{partition}:batch:{region}:{account}:job-definition/{}", name)


def _model(value: str, where: Where) -> str | None:
    return (
        value
        if value.startswith("arn:")
        else where.fill("arn:{partition}:bedrock:{region}::foundation-model/{}", value)
    )


def _api(value: str, where: Where) -> str | None:
    match = re.match(r"^(?:https://)?([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com", value)
    if match is None:
        return None
    return f"arn:{where.partition}:execute-api:{match.group(2)}:{where.account}:{match.group(1)}/*"


def _function(value: str, where: Where) -> str | None:
    if value.startswith("arn:"):
        return value
    if re.match(r"^\d{12}:function:", value):
        return f"arn:{where.partition}:lambda:{where.region}:{value}"
    return where.fill("arn:{partition}:lambda:{region}:{account}:function:{}", value)


def _role(value: str, where: Where) -> str | None:
    return value if value.startswith("arn:") else where.fill("arn:{partition}:iam::{account}:role/{}", value)


def _build_project(value: str, where: Where) -> str | None:
    # A build or build batch id is `<project>:<uuid>`, its ARN `...:build/<project>:<uuid>`
    # (CodeBuild API reference); its permissions are the project's.
    match = re.match(r"^(?:arn:[^:]+:codebuild:[^:]*:[^:]*:build(?:-batch)?/)?([^:/]+):", value)
    if match is None:
        return None
    return where.fill("arn:{partition}:codebuild:{region}:{account}:project/{}", match.group(1))


def _report_group(value: str, where: Where) -> str | None:
    # A report ARN is `...:report/<report group>:<uuid>`; its permissions are the group's.
    match = re.match(r"^arn:[^:]+:codebuild:[^:]*:[^:]*:report/([^:]+):", value)
    if match is None:
        return None
    return where.fill("arn:{partition}:codebuild:{region}:{account}:report-group/{}", match.group(1))


def _job_run(value: str, where: Where) -> str | None:
    # `ApplicationId/JobRunId` (emr-serverless-iam, CancelJobRun: .../applications/<id>/jobruns/<id>).
    application, _, run = value.partition("/")
    return where.fill("arn:{partition}:emr-serverless:{region}:{account}:/applications/{}", application) + (
        f"/jobruns/{run}"
    )


RESOURCE_FORMS: dict[str, Callable[[str, Where], str | None]] = {
    "arn": _arn,
    "function": _function,
    "queue": _queue,
    "table": _named("arn:{partition}:dynamodb:{region}:{account}:table/{}"),
    "task-definition": _task_definition,
    "job-queue": _named("arn:{partition}:batch:{region}:{account}:job-queue/{}"),
    "job-definition": _job_definition,
    "glue-job": _named("arn:{partition}:glue:{region}:{account}:job/{}"),
    "workgroup": _named("arn:{partition}:athena:{region}:{account}:workgroup/{}"),
    "model": _model,
    "api": _api,
    "codebuild": _named("arn:{partition}:codebuild:{region}:{account}:project/{}"),
    "build": _build_project,
    "report-group": _report_group,
    "role": _role,
    "emr-cluster": _named("arn:{partition}:elasticmapreduce:{region}:{account}:cluster/{}"),
    "virtual-cluster": _named("arn:{partition}:emr-containers:{region}:{account}:/virtualclusters/{}"),
    "eks-cluster": _named("arn:{partition}:eks:{region}:{account}:cluster/{}"),
    "eks-nodegroup": _named("arn:{partition}:eks:{region}:{account}:nodegroup/{}/*"),
    "eks-fargate-profile": _named("arn:{partition}:eks:{region}:{account}:fargateprofile/{}/*"),
    "emr-serverless-application": _named(
        "arn:{partition}:emr-serverless:{region}:{account}:/applications/{}"
    ),
    "emr-serverless-job-run": _job_run,
    "databrew-job": _named("arn:{partition}:databrew:{region}:{account}:job/{}"),
    "training-job": _named("arn:{partition}:sagemaker:{region}:{account}:training-job/{}*"),
    "transform-job": _named("arn:{partition}:sagemaker:{region}:{account}:transform-job/{}*"),
    "processing-job": _named("arn:{partition}:sagemaker:{region}:{account}:processing-job/{}*"),
    "tuning-job": _named("arn:{partition}:sagemaker:{region}:{account}:hyper-parameter-tuning-job/{}*"),
    "labeling-job": _named("arn:{partition}:sagemaker:{region}:{account}:labeling-job/{}*"),
    "sagemaker-model": _named("arn:{partition}:sagemaker:{region}:{account}:model/{}"),
    "endpoint-config": _named("arn:{partition}:sagemaker:{region}:{account}:endpoint-config/{}"),
    "endpoint": _named("arn:{partition}:sagemaker:{region}:{account}:endpoint/{}"),
}
# Optional parameters AWS fills in when absent.
_DEFAULTS = {"WorkGroup": "primary", "EventBusName": "default"}


def task_needs(name: str, state: Any, where: Where, call: Call | None) -> Needs:
    """The grants for one Task state (`call` parsed from its Resource)."""
    needs = Needs([], [])
    if call is None:
        return needs
    params = literal_parameters(task_payload(state))
    if call.sdk:
        return sdk_grants(name, call, params, where)
    entry = integration(call.service, call.action)
    if entry is None:
        needs.warnings.append(
            f"state '{name}' calls '{call.key}{call.pattern}', whose permissions flowdsl does not know: "
            "grant them with a policy statement of your own"
        )
        return needs
    return _optimized(name, entry, call, params or {}, where)


def _optimized(name: str, entry: Integration, call: Call, params: dict[str, Json], where: Where) -> Needs:
    needs = Needs([], [])
    if entry.authorized_by:
        needs.warnings.append(f"state '{name}' {entry.authorized_by}")
    targets: list[str] = []
    main = [target for target in entry.targets if not target.actions]
    for target in main:
        targets += _resources(name, target, params, where, needs)
    if entry.iam_actions and (targets or not main):
        condition = _condition(name, entry, params, needs)
        needs.grants.append(Grant(entry.iam_actions, tuple(targets) or ("*",), condition))
    for target in entry.targets:
        if target.actions and (_value(target.parameter, params) is not None or not target.optional):
            passed = _resources(name, target, params, where, needs)
            needs.grants.append(Grant(target.actions, tuple(passed), target.condition))
    for actions, templates in entry.extra:
        needs.grants.append(Grant(actions, tuple(where.fill(template) for template in templates)))
    if entry.linked_role:
        principal, role = entry.linked_role
        arn = where.fill(f"arn:{{partition}}:iam::{{account}}:role/aws-service-role/{principal}/{role}*")
        condition = (("StringLike", "iam:AWSServiceName", principal),)
        needs.grants.append(Grant(("iam:CreateServiceLinkedRole",), (arn,), condition))
    if call.pattern in (".sync", ".sync:2"):
        needs.grants += _sync(entry, targets, where)
    return needs


def _resources(name: str, target: Target, params: dict[str, Json], where: Where, needs: Needs) -> list[str]:
    if target.form == "event-bus":
        return _event_buses(name, target, params.get("Entries"), where, needs)
    value = _value(target.parameter, params)
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        arns = [RESOURCE_FORMS[target.form](item, where) for item in value if not placeholders(item)]
        if len(arns) == len(value) and all(arns):
            return list(dict.fromkeys(str(arn) for arn in arns))
    if isinstance(value, str) and value is not DYNAMIC and not placeholders(value):
        arn = RESOURCE_FORMS[target.form](value, where)
        if arn is not None:
            return [arn, f"{arn}:*"] if target.form == "function" and arn.count(":") == 6 else [arn]
    if isinstance(value, str) and placeholders(value) and target.form == "function":
        return []  # the stack's own function: the invoke policy grants it
    narrowest = where.fill(target.narrowest)
    needs.warnings.append(
        f"state '{name}': '{target.parameter}' is only known at run time, so the role allows "
        f"it on '{narrowest}'"
    )
    return [narrowest]


def _condition(name: str, entry: Integration, params: dict[str, Json], needs: Needs) -> Condition:
    """The entry's Condition with `{Param}` values filled in; left out (with a warning) when a
    parameter it needs is only known at run time."""
    filled = []
    for operator, key, value in entry.condition:
        match = re.fullmatch(r"\{(\w+)\}", value)
        literal = params.get(match.group(1)) if match else value
        if not isinstance(literal, str) or literal is DYNAMIC or placeholders(literal):
            needs.warnings.append(
                f"state '{name}': '{match.group(1) if match else key}' is only known at run time, so the "
                f"role does not limit {', '.join(entry.iam_actions)} by '{key}'"
            )
            return ()
        filled.append((operator, key, literal))
    return tuple(filled)


def _value(parameter: str, params: dict[str, Json]) -> Json:
    """A parameter's literal value; `A/B` joins two literal strings with `/` (else DYNAMIC);
    `A.B` is member B of the object A."""
    if "." in parameter:
        outer, _, inner = parameter.partition(".")
        value = params.get(outer)
        return value.get(inner) if isinstance(value, dict) else value
    if "/" not in parameter:
        return params.get(parameter, _DEFAULTS.get(parameter))
    parts = [params.get(part) for part in parameter.split("/")]
    literal = [part for part in parts if isinstance(part, str) and part is not DYNAMIC]
    return "/".join(literal) if len(literal) == len(parts) else DYNAMIC


def _event_buses(name: str, target: Target, entries: Json, where: Where, needs: Needs) -> list[str]:
    if not isinstance(entries, list) or not entries:
        entries = [{}] if entries is None else [DYNAMIC]
    buses: list[str] = []
    for entry in entries:
        bus = entry.get("EventBusName", "default") if isinstance(entry, dict) else DYNAMIC
        if isinstance(bus, dict) or bus is DYNAMIC or not isinstance(bus, str) or placeholders(bus):
            return _resources(name, Target("EventBusName", "arn", target.narrowest), {}, where, needs)
        arn = (
            bus
            if bus.startswith("arn:")
            else where.fill("arn:{partition}:events:{region}:{account}:event-bus/{}", bus)
        )
        buses.append(arn)
    return list(dict.fromkeys(buses))


def _sync(entry: Integration, targets: list[str], where: Where) -> list[Grant]:
    grants = []
    if entry.sync_actions:
        grants.append(Grant(entry.sync_actions, _sync_resources(entry, targets, where)))
    if entry.sync_rule:
        rule = where.fill("arn:{partition}:events:{region}:{account}:rule/{}", entry.sync_rule)
        grants.append(Grant(_RULE_ACTIONS, (rule,)))
    return grants


def _sync_resources(entry: Integration, targets: list[str], where: Where) -> tuple[str, ...]:
    if entry.sync_resource == "target":
        return tuple(f"{arn}{entry.sync_suffix}" for arn in targets)
    if entry.sync_resource == "execution":
        # arn:...:stateMachine:NAME -> arn:...:execution:NAME:* (AWS "IAM policies for AWS Step Functions").
        return tuple(re.sub(r":stateMachine:([^:]+|\*)$", r":execution:\1:*", arn) for arn in targets)
    if entry.sync_resource.startswith("arn:"):
        return (where.fill(entry.sync_resource),)
    return ("*",)


def policy_document(grants: list[Grant]) -> dict[str, Any]:
    """One IAM policy: grants with the same resources merged, actions and resources sorted."""
    merged: dict[tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]], set[str]] = {}
    for grant in grants:
        key = (tuple(sorted(set(grant.resources))), grant.condition)
        merged.setdefault(key, set()).update(grant.actions)
    statements = [
        _statement(sorted(actions), list(resources), condition)
        for (resources, condition), actions in sorted(
            merged.items(), key=lambda item: (sorted(item[1]), item[0])
        )
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def _statement(actions: list[str], resources: list[str], condition: tuple[tuple[str, str, str], ...]) -> Json:
    statement: dict[str, Json] = {"Effect": "Allow", "Action": actions, "Resource": resources}
    if condition:
        blocks: dict[str, dict[str, str]] = {}
        for operator, key, value in condition:
            blocks.setdefault(operator, {})[key] = value
        statement["Condition"] = blocks
    return statement
