"""Task resources: the Lambda placeholder scheme flowdsl writes, and the forms it can read back
(Lambda functions, service integrations, activities).

flowdsl writes a Lambda Task's `Resource` as `${<FunctionName>Arn}`, the
`DefinitionSubstitutions` style of SAM and CloudFormation, so one definition serves a
template and, once substituted, the console. With a region and account (or explicit
bindings) it writes concrete ARNs instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"


@dataclass(frozen=True)
class Arn:
    """The parts of `arn:partition:service:region:account:resource` (AWS General Reference,
    "Amazon Resource Names"), in any partition (`aws`, `aws-cn`, `aws-us-gov`, or a template's
    `${AWS::Partition}`). A truncated ARN keeps the parts it has, the others empty."""

    partition: str
    service: str
    region: str = ""
    account: str = ""
    resource: str = ""

    @property
    def kind(self) -> str:
        """The resource's type (`function`, `activity`, `stateMachine`; for a Step Functions
        integration, the integrated service): the resource up to its first `:`, or "" for
        none (`arn:aws:s3:::bucket` names its resource directly)."""
        kind, colon, _ = self.resource.partition(":")
        return kind if colon else ""

    @property
    def name(self) -> str:
        """The resource after its type (`Name`, `invoke.sync`, `s3:getObject`)."""
        return self.resource.partition(":")[2]

    @property
    def standard(self) -> bool:
        """A real partition (`aws`, `aws-cn`, ...), not a placeholder."""
        return bool(_STANDARD_PARTITION.fullmatch(self.partition))


_ARN_PARTITION = re.compile(r"^arn:(\$\{[^}]*\}|[^:]*)")
_STANDARD_PARTITION = re.compile(r"aws[a-z-]*")


def parse_arn(text: str) -> Arn | None:
    """The parts of an ARN, or None for text that does not start `arn:`."""
    head = _ARN_PARTITION.match(text)
    if head is None:
        return None
    rest = text[head.end() + 1 :].split(":", 3) if len(text) > head.end() else []
    service, region, account, resource = [*rest, "", "", "", ""][:4]
    return Arn(head.group(1), service, region, account, resource)


def task_resource_names(resource: str) -> tuple[str, str]:
    """`(resourceType, resource)` as a Task's history events name what it calls: `("sns",
    "publish.waitForTaskToken")`, `("aws-sdk", "s3:getObject")`; an activity otherwise."""
    arn = parse_arn(resource)
    return (arn.kind, arn.name) if arn is not None and arn.kind else ("activity", resource)


def invoked_function(function_name: str) -> str | None:
    """The function a `lambda:invoke` `FunctionName` names: a name, a partial or full ARN,
    each optionally with a version or alias (`Work:live`), which a local handler ignores."""
    return lambda_function_name(function_name) or lambda_function_name(function_name.partition(":")[0])


def names_states(resource: object) -> bool:
    """A Step Functions resource (an integration or an activity) in a real partition."""
    arn = parse_arn(resource) if isinstance(resource, str) else None
    return arn is not None and arn.standard and arn.service == "states"


_PLACEHOLDER = re.compile(r"^\$\{(?P<name>[A-Za-z0-9_]+?)(?:Arn)?\}\Z")
_LAMBDA_ARN = re.compile(
    r"^arn:aws[a-zA-Z-]*:lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):function:"
    r"(?P<name>[A-Za-z0-9_-]+)(?::(?P<qualifier>[A-Za-z0-9_$-]+))?$"
)
_PARTIAL_ARN = re.compile(r"^(?P<account>\d{12}):function:(?P<name>[A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?\Z")
_FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}\Z")


# An integration ARN may carry a region and account (`arn:aws:states:us-east-1:123456789012:
# aws-sdk:s3:getObject`): AWS accepts it, and its public sample workflows use that form.
_REGIONAL_INTEGRATION = re.compile(r"^(arn:aws[a-z-]*:states):[a-z0-9-]*:(?:\d{12})?:(?!activity:)")


def regionless(resource: str) -> str:
    """An integration ARN in its usual form, `arn:aws:states:::service:action`, with any region
    and account dropped; any other resource unchanged."""
    return _REGIONAL_INTEGRATION.sub(r"\1:::", resource, count=1)


def placeholder(function_name: str) -> str:
    """The default Resource written for a Lambda function: `${OpenCaseFunctionArn}`."""
    return f"${{{function_name}Arn}}"


def machine_key(workflow_name: str) -> str:
    """The placeholder stem of a nested workflow (`start_execution` given a `Workflow`): its
    name in letters, digits and `_` (`Order Flow` -> `OrderFlow`), so the parent's
    `StateMachineArn` is `${OrderFlowArn}`, substituted as Lambda ARNs are."""
    return re.sub(r"[^A-Za-z0-9_]", "", workflow_name) or "StateMachine"


def state_machine_arn(name: str, region: str, account: str, partition: str = "aws") -> str:
    return f"arn:{partition}:states:{region}:{account}:stateMachine:{name}"


def lambda_arn(function_name: str, region: str, account: str, partition: str = "aws") -> str:
    return f"arn:{partition}:lambda:{region}:{account}:function:{function_name}"


def lambda_function_name(reference: str) -> str | None:
    """The Lambda function a Resource or `FunctionName` refers to, if it names one.

    Accepts a placeholder (`${OpenCaseFunctionArn}`), a full or partial function ARN, or a
    bare function name; returns None for anything else (service integrations, activities).
    """
    for pattern in (_PLACEHOLDER, _LAMBDA_ARN, _PARTIAL_ARN):
        match = pattern.match(reference)
        if match:
            return match.group("name")
    return reference if _FUNCTION_NAME.match(reference) else None


def placeholders(text: str) -> list[str]:
    """Every `${Name}` placeholder in a string, in order."""
    return re.findall(r"\$\{([A-Za-z0-9_]+)\}", text)


_ACTIVITY = re.compile(r"^arn:aws[a-zA-Z-]*:states:[a-z0-9-]*:\d{12}:activity:(?P<name>[A-Za-z0-9_.-]+)\Z")


def activity_name(resource: str) -> str | None:
    """The activity an activity ARN names (`arn:aws:states:us-east-1:123456789012:activity:Name`)."""
    match = _ACTIVITY.match(resource)
    return match.group("name") if match else None
