"""Task `Resource` rules: Lambda and `arn:aws:states:::` ARNs are well formed.

`${Name}` placeholders (SAM/CloudFormation DefinitionSubstitutions) and CloudFormation
intrinsics (`{"Fn::GetAtt": ...}`) are accepted: they are replaced before AWS sees them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flowdsl.checks.catalogue import report
from flowdsl.checks.context import Context
from flowdsl.diagnostics import Diagnostic
from flowdsl.model import MapState, TaskState
from flowdsl.model.resources import regionless

_PLACEHOLDER = re.compile(r"\$\{[A-Za-z0-9_.:-]+\}")
# `arn:${AWS::Partition}:...` is how CloudFormation templates stay portable across the aws,
# aws-cn and aws-us-gov partitions (AWS CloudFormation "Pseudo parameters reference").
_PARTITION_PLACEHOLDER = re.compile(r"^arn:\$\{[A-Za-z0-9_.:-]+\}:")
# arn:partition:lambda:region:account:function:name[:qualifier]; region and account are left
# loose (documentation examples write `REGION`, `ACCOUNT_ID`), the name and qualifier are not
# (AWS Lambda: name [a-zA-Z0-9-_]{1,64}, qualifier a version, `$LATEST` or an alias).
_LAMBDA = re.compile(
    r"^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?$"
)
# arn:partition:states:::service:action[.sync|.sync:2|.waitForTaskToken], and for the AWS SDK
# integrations arn:partition:states:::aws-sdk:service:action (AWS "Service integration patterns");
# a region and account may fill the empty fields (`model.resources.regionless`).
_INTEGRATION = re.compile(
    r"^arn:aws[a-z-]*:states:::(aws-sdk:[a-z0-9-]+|(?!aws-sdk:)[a-z0-9-]+):[A-Za-z0-9_]+"
    r"(\.sync(:2)?|\.waitForTaskToken)?$"
)
_ACTIVITY = re.compile(r"^arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:[A-Za-z0-9_.-]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")  # RFC 3986: a scheme, then something
_ANY_ARN = re.compile(r"^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:[^:]*:.+$")


def task_resources(ctx: Context) -> Iterator[Diagnostic]:
    """Every Task, ItemReader and ResultWriter `Resource` is a well-formed ARN or a placeholder."""
    for ref in ctx.states:
        state = ref.state
        if isinstance(state, TaskState) and isinstance(state.resource, str):
            yield from _resource(state.resource, f"{ref.pointer}/Resource")
        if isinstance(state, MapState):
            for name, part in (("ItemReader", state.item_reader), ("ResultWriter", state.result_writer)):
                if part is not None and part.resource is not None:
                    yield from _resource(part.resource, f"{ref.pointer}/{name}/Resource")


def _resource(text: str, pointer: str) -> Iterator[Diagnostic]:
    problem = resource_problem(text)
    if problem is None:
        return
    code, message = problem
    yield report(code, message, pointer)


def resource_problem(text: str) -> tuple[str, str] | None:
    """`(code, message)` for a malformed resource, None when it is acceptable."""
    substituted = _PLACEHOLDER.sub("x", _PARTITION_PLACEHOLDER.sub("arn:aws:", text))
    if "${" in substituted:
        return "invalid-resource", f"'Resource' '{text}' has an unclosed '${{' placeholder"
    if _PLACEHOLDER.fullmatch(text):
        return None
    if not text.strip():
        return (
            "invalid-resource",
            "'Resource' is empty: it names the Lambda function, activity or integration to run",
        )
    service = (
        substituted.split(":")[2] if substituted.startswith("arn:") and substituted.count(":") >= 2 else ""
    )
    if service == "lambda" and not _LAMBDA.match(substituted):
        return "invalid-resource", f"'{text}' is not a valid Lambda function ARN"
    if service == "states" and not _states_arn(substituted):
        return "invalid-resource", f"'{text}' is not a valid Step Functions integration or activity ARN"
    if not _URI.match(substituted):
        # ASL spec, Task State: "The Resource field MUST be a URI"; AWS refuses such a
        # definition at create time (a function ARN, not its bare name, names a Lambda).
        return (
            "resource-not-uri",
            f"'Resource' '{text}' is not a URI: name a Lambda function by its ARN or a '${{Name}}' "
            "placeholder",
        )
    if not _ANY_ARN.match(substituted):
        return "resource-not-arn", f"'Resource' '{text}' is not an ARN or a '${{Name}}' placeholder"
    return None


def _states_arn(text: str) -> bool:
    return bool(_INTEGRATION.match(regionless(text)) or _ACTIVITY.match(text))


RULES = (task_resources,)
