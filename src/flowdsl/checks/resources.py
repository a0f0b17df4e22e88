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
from flowdsl.model.integrations.call import parse_call
from flowdsl.model.resources import Arn, parse_arn

_PLACEHOLDER = re.compile(r"\$\{[A-Za-z0-9_.:-]+\}")
# `arn:${AWS::Partition}:...` is how CloudFormation templates stay portable across the aws,
# aws-cn and aws-us-gov partitions (AWS CloudFormation "Pseudo parameters reference").
_PARTITION_PLACEHOLDER = re.compile(r"^arn:\$\{[A-Za-z0-9_.:-]+\}:")
# The resource part of arn:partition:lambda:region:account:function:name[:qualifier]; region
# and account are left loose (documentation examples write `REGION`, `ACCOUNT_ID`), the name and
# qualifier are not (AWS Lambda: name [a-zA-Z0-9-_]{1,64}, qualifier a version, `$LATEST` or an
# alias). Integration ARNs are `model.integrations.call.parse_call`'s.
_FUNCTION = re.compile(r"function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]{1,128}))?\Z")
_ACTIVITY = re.compile(r"activity:[A-Za-z0-9_.-]+\Z")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")  # RFC 3986: a scheme, then something
_SERVICE = re.compile(r"[a-z0-9-]+")
_ANY_RESOURCE = re.compile(r".+\Z")


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
    arn = parse_arn(substituted)
    service = arn.service if arn is not None else ""
    if service == "lambda" and not _names(arn, _FUNCTION):
        return "invalid-resource", f"'{text}' is not a valid Lambda function ARN"
    if service == "states" and parse_call(substituted) is None and not _names(arn, _ACTIVITY):
        return "invalid-resource", f"'{text}' is not a valid Step Functions integration or activity ARN"
    if not _URI.match(substituted):
        # ASL spec, Task State: "The Resource field MUST be a URI"; AWS refuses such a
        # definition at create time (a function ARN, not its bare name, names a Lambda).
        return (
            "resource-not-uri",
            f"'Resource' '{text}' is not a URI: name a Lambda function by its ARN or a '${{Name}}' "
            "placeholder",
        )
    if not (arn is not None and _SERVICE.fullmatch(arn.service) and _names(arn, _ANY_RESOURCE)):
        return "resource-not-arn", f"'Resource' '{text}' is not an ARN or a '${{Name}}' placeholder"
    return None


def _names(arn: Arn | None, resource: re.Pattern[str]) -> bool:
    """An ARN in a real partition whose resource part matches `resource`."""
    return arn is not None and arn.standard and resource.match(arn.resource) is not None


RULES = (task_resources,)
