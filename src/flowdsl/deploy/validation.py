"""`flowdsl validate --aws`: ask AWS's ValidateStateMachineDefinition as well.

Its diagnostics are reported beside flowdsl's, each under the flowdsl code that means the same
where one does (`AWS_CODES`), else `aws-diagnostic`; the message keeps AWS's own code and
wording, and the location AWS gives (a JSON Pointer) is turned into the user's place. AWS
documents its codes in "ValidateStateMachineDefinitionDiagnostic" (Step Functions API
Reference) and warns that it may add codes and change wording, so only the mapping of known
codes is fixed here. No role is needed; credentials and region come as for `flowdsl deploy`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flowdsl.deploy.aws import Aws, aws_errors, connect
from flowdsl.diagnostics import Diagnostic, Severity, warning
from flowdsl.locations import Location
from flowdsl.model import to_asl
from flowdsl.model.resources import lambda_arn, placeholders
from flowdsl.source import Source

# AWS diagnostic code -> the flowdsl code for the same problem.
AWS_CODES: dict[str, str] = {
    "INVALID_JSON_DESCRIPTION": "invalid-json",
    "MISSING_DESCRIPTION": "empty-file",
    "INVALID_RESOURCE": "invalid-resource",
    "MISSING_END_STATE": "no-terminal-path",
    "DUPLICATE_STATE_NAME": "duplicate-state-name",
    "INVALID_STATE_NAME": "invalid-state-name",
    "MISSING_TRANSITION_TARGET": "unknown-target",
    "NO_DOLLAR": "no-dollar",
    "NO_PATH": "no-path",
    "PASS_RESULT_IS_STATIC": "pass-result-is-static",
}


def aws_diagnostics(
    source: Source, *, region: str | None = None, profile: str | None = None, aws: Aws | None = None
) -> list[Diagnostic]:
    """What ValidateStateMachineDefinition says about `source`, located at the user's places.

    `${<FunctionName>Arn}` placeholders are replaced by the function's ARN in the session's
    region and account first, as `flowdsl deploy` would, so AWS sees a deployable definition.
    Raises FlowdslError (from `connect`) when AWS cannot be reached.
    """
    session = aws or connect(region, profile)
    with aws_errors("validating the definition"):
        response = session.client("stepfunctions").validate_state_machine_definition(
            definition=_deployable(source, session), type="STANDARD"
        )
    found = [_diagnostic(item, source.locate) for item in response.get("diagnostics", [])]
    if response.get("truncated"):
        message = "aws: more diagnostics than ValidateStateMachineDefinition returns; fix these first"
        found.append(warning("aws-diagnostics-truncated", message, source.locate("")))
    return found


def _deployable(source: Source, aws: Aws) -> str:
    text = json.dumps(to_asl(source.definition), ensure_ascii=False)
    for name in dict.fromkeys(placeholders(text)):
        function = name.removesuffix("Arn")
        arn = lambda_arn(function, aws.region, aws.account, aws.partition)
        text = text.replace(f"${{{name}}}", arn)
    return text


def _diagnostic(item: dict[str, Any], locate: Callable[[str], Location]) -> Diagnostic:
    aws_code = str(item.get("code", ""))
    severity = Severity.WARNING if item.get("severity") == "WARNING" else Severity.ERROR
    message = f"aws: {item.get('message', '')} ({aws_code})".replace("\n", " ")
    where = locate(str(item.get("location") or ""))
    if aws_code not in AWS_CODES:
        return Diagnostic("aws-diagnostic", severity, message, where)
    return Diagnostic(AWS_CODES[aws_code], severity, message, where)
