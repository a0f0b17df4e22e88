"""The JSON type of an integration Task's result, from the registry's result shapes.

`model.integrations.results` says which API response a call returns and how Step Functions
reshapes it; this reads that shape into the `jtype` lattice: a structure is an object (closed
when AWS adds nothing else), a map an object of any keys, a blob a (base64) string. A
timestamp is "any": how it is written (ISO text or epoch number) differs by service.
"""

from __future__ import annotations

import functools

from flowdsl.model.integrations.results import call_result
from flowdsl.model.integrations.shapes import Shape
from flowdsl.typeflow.jtype import ANY, INTEGER, NAMED, STRING, Arr, JType, Obj

_SCALARS: dict[str, JType] = {**NAMED, "blob": STRING, "timestamp": ANY}


@functools.lru_cache(maxsize=256)
def integration_result(resource: str) -> JType | None:
    """The result type of a Task calling `resource`; None when it is not a call whose result
    is known (a Lambda function ARN, an activity, a `.waitForTaskToken` callback)."""
    shape = call_result(resource)
    return None if shape is None else shape_type(shape)


def shape_type(shape: Shape) -> JType:
    """A response shape as a JSON type."""
    if shape.kind == "list":
        return Arr(shape_type(shape.item) if shape.item is not None else ANY)
    if shape.kind == "map":
        return Obj(extra=shape_type(shape.item) if shape.item is not None else ANY)
    if shape.kind != "structure":
        return _SCALARS.get(shape.kind, ANY)
    if shape.members is None:
        return ANY
    fields = {name: shape_type(member) for name, member in shape.members.items()}
    return Obj(fields, frozenset(shape.required) & frozenset(fields), ANY if shape.open else None)


def with_payload(envelope: JType | None, payload: JType) -> JType:
    """The lambda:invoke result (`envelope`, the registry's) with `payload`, the function's
    result, as its `Payload`; without an envelope (a pattern the registry does not type), the
    documented fields around it."""
    if not isinstance(envelope, Obj):
        fields = {"Payload": payload, "StatusCode": INTEGER, "ExecutedVersion": STRING}
        return Obj(fields, frozenset(fields), ANY)
    return Obj({**envelope.fields, "Payload": payload}, envelope.required, envelope.extra)
