"""Checks a response against botocore's Step Functions service model: every member known, every
required member present, every value of its declared type."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import botocore.session  # type: ignore[import-untyped]

MODEL = botocore.session.get_session().get_service_model("stepfunctions")
_SCALARS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "timestamp": (datetime,),
    "double": (float, int),
}


def problems(operation: str, response: dict[str, Any]) -> list[str]:
    """What in `response` does not fit the output shape of `operation` (empty when it fits)."""
    shape = MODEL.operation_model(operation).output_shape
    found: list[str] = []
    _check(shape, response, operation, found)
    return found


def _check(shape: Any, value: Any, where: str, found: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            found.append(f"{where}: expected an object")
            return
        for name in shape.required_members:
            if name not in value:
                found.append(f"{where}: missing required {name}")
        for name, item in value.items():
            if name not in shape.members:
                found.append(f"{where}: unknown member {name}")
            else:
                _check(shape.members[name], item, f"{where}.{name}", found)
    elif kind == "list":
        for i, item in enumerate(value if isinstance(value, list) else [None]):
            _check(shape.member, item, f"{where}[{i}]", found)
    elif kind == "map":
        for key, item in value.items():
            _check(shape.value, item, f"{where}.{key}", found)
    elif not isinstance(value, _SCALARS.get(kind, (object,))) or (
        kind in ("integer", "long") and value is True
    ):
        found.append(f"{where}: {value!r} is not a {kind}")
    elif kind == "string" and shape.enum and value not in shape.enum:
        found.append(f"{where}: {value!r} is not one of {shape.name}")
