"""Each request's parameters against the Step Functions API model, before its action runs.

The model is botocore's `stepfunctions` service model, read from the shape table flowdsl ships
for aws-sdk integrations (`model/integrations/shapes.py`), so the served API and the checker
agree on one description of the API. What reaches an action is then known to have its
required members and the JSON type of each member, at any depth:

- a missing required member is AWS's `ValidationException` ("Value null at 'name' ...");
- a member of the wrong JSON type is AWS's `SerializationException`, as the JSON 1.0 protocol
  answers it (https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html);
- an unknown member is a `ValidationException` worded as botocore's own client-side check
  ("Unknown parameter in input"); boto3 never sends one, and the in-process client refuses it
  the way boto3 would. AWS's servers may ignore one instead: docs/serve.md says so.
"""

from __future__ import annotations

import re
from typing import Any

from flowdsl.model.integrations.shapes import Shape, sdk_service
from flowdsl.service.activities import missing
from flowdsl.service.errors import fail

Json = Any
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "blob": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "timestamp": (int, float, str),
    "list": (list,),
    "map": (dict,),
    "structure": (dict,),
}


def check_request(operation: str, params: dict[str, Json]) -> None:
    """Refuse `params` for `operation` (boto3's name, `start_execution`) in AWS's error shape."""
    service = sdk_service("sfn")
    action = re.sub(r"_(\w)", lambda m: m.group(1).upper(), operation)
    if service is None or service.operation(action) is None:
        return
    _structure(params, service.input_shape(action), "")


def _structure(value: dict[str, Json], shape: Shape, where: str) -> None:
    members = shape.members or {}
    for key in value:
        if key not in members:
            names = ", ".join(members)
            message = f'Unknown parameter in input: "{where}{key}", must be one of: {names}'
            raise fail("ValidationException", message)
    for key in shape.required:
        if value.get(key) is None:
            raise missing(where + key)
    for key, item in value.items():
        _value(item, members[key], f"{where}{key}")


def _value(value: Json, shape: Shape, where: str) -> None:
    if value is None:
        return  # JSON null is an absent member (required ones were checked above)
    if not isinstance(value, _TYPES[shape.kind]) or (isinstance(value, bool) and shape.kind != "boolean"):
        raise fail("SerializationException", f"'{where}' must be {_word(shape.kind)}, not {_kind(value)}")
    if isinstance(value, dict) and shape.kind == "structure" and shape.members is not None:
        _structure(value, shape, where + ".")
    elif isinstance(value, list | dict) and shape.item is not None:
        items = enumerate(value) if isinstance(value, list) else value.items()
        for key, item in items:
            _value(item, shape.item, f"{where}[{key!r}]" if isinstance(key, str) else f"{where}[{key}]")


def _word(kind: str) -> str:
    return {"list": "a list", "map": "an object", "structure": "an object", "integer": "an integer"}.get(
        kind, "a " + ("string" if kind == "blob" else kind)
    )


def _kind(value: Json) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "a list", str: "a string", int: "an integer", float: "a number"}.get(
        type(value), type(value).__name__
    )
