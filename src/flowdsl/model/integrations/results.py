"""What an integration call hands its Task as the result, before ResultSelector and ResultPath.

The registry says, per optimized integration and pattern, which API response the result is and
how Step Functions reshapes it (`entries.Result`); an `aws-sdk:<service>:<action>` call returns
the operation's response alone, member names in PascalCase (AWS "AWS SDK service integrations").
`.waitForTaskToken` results are whatever the callback sends, so they are not known here.
"""

from __future__ import annotations

from flowdsl.model.integrations.call import parse_call
from flowdsl.model.integrations.entries import Result
from flowdsl.model.integrations.registry import integration
from flowdsl.model.integrations.shapes import Shape, output_shape

_TEXT = Shape("string")
_JSON = Shape("structure")  # members None: any JSON
# Step Functions' Java SDK metadata on optimized results (seen in the Developer Guide's example
# outputs for DynamoDB, SNS, SQS and Lambda); open: only the fields used in practice are named.
METADATA: dict[str, Shape] = {
    "SdkHttpMetadata": Shape(
        "structure",
        {
            "AllHttpHeaders": Shape("map", item=Shape("list", item=_TEXT)),
            "HttpHeaders": Shape("map", item=_TEXT),
            "HttpStatusCode": Shape("integer"),
        },
        open=True,
    ),
    "SdkResponseMetadata": Shape("structure", {"RequestId": _TEXT}, open=True),
}


def call_result(resource: object) -> Shape | None:
    """The result shape of a Task whose Resource is `resource` (None: not known)."""
    call = parse_call(resource)
    if call is None or call.callback:
        return None
    if call.sdk:
        return None if call.pattern else output_shape(call.service, call.action)
    entry = integration(call.service, call.action)
    result = dict(entry.results).get(call.pattern) if entry is not None else None
    return None if result is None else result_shape(result)


def result_shape(result: Result) -> Shape | None:
    """The registry's description of a result read against the API's response shape."""
    shape = output_shape(*result.operation)
    for step in result.part:
        if shape is None:
            return None
        shape = shape.item if isinstance(step, int) else (shape.members or {}).get(step)
    if shape is None or shape.members is None:
        return None
    members = dict(shape.members)
    members.update(dict.fromkeys(result.json, _JSON))
    members.update(dict.fromkeys(result.added, _TEXT))
    if result.metadata:
        members.update(METADATA)
    return Shape("structure", members, shape.required, open=not result.closed)
