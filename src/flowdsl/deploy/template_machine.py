"""The state machine's deploy options as template properties (SAM and CloudFormation spellings)."""

from __future__ import annotations

from typing import Any

from flowdsl.deploy.options import MachineOptions

LOG_GROUP_ID = "StateMachineLogGroup"


def machine_properties(options: MachineOptions, fmt: str, role: Any) -> dict[str, Any]:
    """Role, type, logging and tracing of AWS::Serverless::StateMachine (`sam`) or
    AWS::StepFunctions::StateMachine (`cloudformation`)."""
    sam = fmt == "sam"
    properties: dict[str, Any] = {
        "Role" if sam else "RoleArn": role,
        "Type" if sam else "StateMachineType": options.type,
    }
    logging = options.logging(options.log_group_arn or {"Fn::GetAtt": [LOG_GROUP_ID, "Arn"]})
    if logging is not None:
        properties["Logging" if sam else "LoggingConfiguration"] = _pascal(logging)
    if options.tracing:
        properties["Tracing" if sam else "TracingConfiguration"] = {"Enabled": True}
    return properties


def log_group(options: MachineOptions) -> dict[str, Any] | None:
    """The log group a template creates when logging is on and no group is given."""
    if options.log_level is None or options.log_group_arn is not None:
        return None
    return {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 30}}


def _pascal(value: Any) -> Any:
    """API casing (`level`, `logGroupArn`) -> template casing (`Level`, `LogGroupArn`)."""
    if isinstance(value, dict):
        return {
            (key if key.startswith("Fn::") else key[:1].upper() + key[1:]): (
                item if key.startswith("Fn::") else _pascal(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_pascal(item) for item in value]
    return value
