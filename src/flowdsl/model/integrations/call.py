"""What a Task `Resource` names: an optimized integration or an AWS SDK call, and its pattern.

`arn:<partition>:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]` for the optimized
integrations and `arn:<partition>:states:::aws-sdk:<service>:<action>[...]` for the AWS SDK ones
(AWS Step Functions Developer Guide, "Service integration patterns").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Pattern = Literal["", ".sync", ".sync:2", ".waitForTaskToken"]
PATTERN_NAMES: dict[str, str] = {
    "": "request-response",
    ".sync": ".sync",
    ".sync:2": ".sync:2",
    ".waitForTaskToken": ".waitForTaskToken",
}
# Any partition (or a `${Partition}` placeholder); the region and account are usually empty, but AWS
# also accepts them (`arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject`). An activity
# ARN (`...:activity:Name`) has the same shape and is not a call.
_CALL = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*|\$\{[^}]+\}):states:[a-z0-9-]*:(?:\d{12})?:(?!activity:)"
    r"(?P<sdk>aws-sdk:)?(?P<service>[a-z0-9-]+):"
    r"(?P<action>[A-Za-z0-9_]+)(?P<pattern>\.sync:2|\.sync|\.waitForTaskToken)?$"
)


@dataclass(frozen=True)
class Call:
    """A parsed integration Resource: `sdk` for `aws-sdk:` ARNs."""

    service: str
    action: str
    pattern: Pattern
    sdk: bool

    @property
    def key(self) -> str:
        """`sns:publish`, `aws-sdk:s3:listObjectsV2`: the call without its pattern."""
        return f"{'aws-sdk:' if self.sdk else ''}{self.service}:{self.action}"

    @property
    def is_lambda_invoke(self) -> bool:
        """The optimized Lambda integration, `lambda:invoke`."""
        return not self.sdk and self.service == "lambda" and self.action == "invoke"

    @property
    def callback(self) -> bool:
        return self.pattern == ".waitForTaskToken"

    @property
    def waits(self) -> bool:
        """The Task waits for a job or a callback (AWS advises a timeout or heartbeat then)."""
        return self.pattern != ""


def parse_call(resource: object) -> Call | None:
    """The integration a Resource names, or None (a Lambda ARN, an activity, a placeholder)."""
    if not isinstance(resource, str):
        return None
    match = _CALL.match(resource)
    if match is None or match.group("service") == "aws-sdk":
        return None
    pattern: Pattern = match.group("pattern") or ""  # type: ignore[assignment]
    return Call(match.group("service"), match.group("action"), pattern, bool(match.group("sdk")))


def invokes_lambda(resource: object) -> bool:
    """The Resource is the optimized Lambda integration (`lambda:invoke`, any pattern)."""
    call = parse_call(resource)
    return call is not None and call.is_lambda_invoke


def resource_arn(service: str, action: str, pattern: Pattern = "", *, sdk: bool = False) -> str:
    """The Resource ARN for a call, as a person writes it (`aws` partition)."""
    return f"arn:aws:states:::{'aws-sdk:' if sdk else ''}{service}:{action}{pattern}"
