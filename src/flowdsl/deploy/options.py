"""How the state machine is deployed: its type, role, extra permissions, logging and tracing.

The same options drive `deploy` (CreateStateMachine/UpdateStateMachine) and `template`
(AWS::StepFunctions::StateMachine / AWS::Serverless::StateMachine properties).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.model import StateMachine, TaskState, iter_states
from flowdsl.model.integrations import parse_call
from flowdsl.model.integrations.grants import Grant, policy_problems

MachineType = Literal["STANDARD", "EXPRESS"]
LogLevel = Literal["ALL", "ERROR", "FATAL"]
# AWS "Using CloudWatch Logs to log execution history in Step Functions": log delivery is
# managed through account-wide APIs whose only resource form is "*".
LOG_DELIVERY_ACTIONS = (
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
)
# AWS "Trace Step Functions request data in AWS X-Ray": the role writes segments (resource "*").
XRAY_ACTIONS = (
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
)


@dataclass(frozen=True)
class MachineOptions:
    """`type` (STANDARD or EXPRESS); `role_arn`: an existing role to use instead of the one
    flowdsl makes; `statements`: extra IAM statements for flowdsl's role; `log_level` with
    `log_group_arn` (deploy; a template creates the group) and `log_execution_data`; `tracing`
    turns on X-Ray."""

    type: MachineType = "STANDARD"
    role_arn: str | None = None
    statements: tuple[dict[str, Any], ...] = ()
    log_level: LogLevel | None = None
    log_group_arn: str | None = None
    log_execution_data: bool = False
    tracing: bool = False

    def grants(self) -> list[Grant]:
        """What logging and tracing need from the role."""
        found = []
        if self.log_level is not None:
            found.append(Grant(LOG_DELIVERY_ACTIONS, ("*",)))
        if self.tracing:
            found.append(Grant(XRAY_ACTIONS, ("*",)))
        return found

    def logging(self, log_group_arn: Any) -> dict[str, Any] | None:
        """The LoggingConfiguration (API casing: level, includeExecutionData, destinations)."""
        if self.log_level is None:
            return None
        destination = {"cloudWatchLogsLogGroup": {"logGroupArn": log_group_arn}}
        return {
            "level": self.log_level,
            "includeExecutionData": self.log_execution_data,
            "destinations": [destination],
        }


def check_options(options: MachineOptions, machine: StateMachine, *, deploying: bool) -> None:
    """Refuse options AWS would refuse, before any AWS call."""
    problems = []
    if options.type == "EXPRESS":
        for _, name, state in iter_states(machine):
            call = parse_call(state.resource) if isinstance(state, TaskState) else None
            if call is not None and call.waits:
                problems.append(
                    error(
                        "express-unsupported-pattern",
                        f"state '{name}' uses '{call.pattern}', which EXPRESS state machines do not support "
                        "(only request-response): deploy it as STANDARD",
                    )
                )
    if deploying and options.log_level is not None and options.log_group_arn is None:
        problems.append(
            error("log-group-required", "--log-level needs --log-group ARN: the log group to write to")
        )
    if problems:
        raise FlowdslError(problems)


def read_statements(path: Path) -> tuple[dict[str, Any], ...]:
    """IAM statements from a JSON file: a list of statements or a policy document."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FlowdslError(
            [error("invalid-policy", f"cannot read policy statements: {exc}", str(path))]
        ) from None
    statements = data.get("Statement") if isinstance(data, dict) else data
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        message = "a policy file holds a list of IAM statements or a policy document"
        raise FlowdslError([error("invalid-policy", message, str(path))])
    problems = policy_problems(statements)
    if problems:
        raise FlowdslError([error("invalid-policy", f"policy {p}", str(path)) for p in problems])
    return tuple(statements)


def role_statements(options: MachineOptions, declared: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """The extra statements of flowdsl's state machine role, for deploy and template alike: the
    workflow's own (`Workflow(policy=...)`, `declared`), then `--policy`'s; a statement given
    twice is kept once."""
    merged: list[dict[str, Any]] = []
    for statement in (*declared, *options.statements):
        if statement not in merged:
            merged.append(statement)
    return merged


def ignored_statements(options: MachineOptions, declared: tuple[dict[str, Any], ...]) -> list[str]:
    """The warning when extra statements are given for a role flowdsl does not make (`--role-arn`)."""
    if options.role_arn is None or not (declared or options.statements):
        return []
    return [
        f"the state machine uses the existing role '{options.role_arn}', so the extra policy statements "
        "(Workflow(policy=...), --policy) are not applied: add them to that role"
    ]
