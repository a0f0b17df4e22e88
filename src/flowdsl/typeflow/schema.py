"""Models to JSON types: pydantic's JSON Schema of a model, read into the `jtype` lattice.

A model is anything pydantic's `TypeAdapter` takes: a `BaseModel` subclass, a TypedDict, a
dataclass, `list[Item]`, `Item | None`... Its JSON Schema (`mode="serialization"` for what a
task returns, `"validation"` for what it takes) is read with `$defs`/`$ref`, `anyOf`/`oneOf`
(Optional), `enum`/`const` and type lists; what the lattice cannot say becomes ANY.

An object schema that lists `properties` and does not allow `additionalProperties` is closed:
a model's dump holds exactly its fields, so a path to any other field cannot exist.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import TypeAdapter

from flowdsl.typeflow.jtype import ANY, NAMED, AnyType, Arr, JType, Obj, Prim, Union, join, literal

Schema = dict[str, Any]
_MAX_DEPTH = 32  # recursive models ($ref cycles) stop being followed here


def adapter(model: Any) -> TypeAdapter[Any]:
    """pydantic's TypeAdapter for a model (cached: building one costs a schema compile)."""
    try:
        return _cached_adapter(model)
    except TypeError:  # unhashable
        return TypeAdapter(model)


@functools.lru_cache(maxsize=512)
def _cached_adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def json_schema(model: Any, mode: str = "validation") -> Schema:
    """The JSON Schema pydantic writes for `model` (`mode` "validation" or "serialization")."""
    schema: Schema = adapter(model).json_schema(
        mode="serialization" if mode == "serialization" else "validation"
    )
    return schema


def model_type(model: Any, mode: str = "validation") -> JType:
    """The JSON type of a model's values; ANY when pydantic cannot describe it."""
    try:
        return _cached_type(model, mode)
    except TypeError:  # an unhashable model object: computed each time
        return _model_type(model, mode)


@functools.lru_cache(maxsize=512)
def _cached_type(model: Any, mode: str) -> JType:
    return _model_type(model, mode)


def _model_type(model: Any, mode: str) -> JType:
    try:
        schema = json_schema(model, mode)
    except Exception:  # pydantic refuses some types (a bare class): then nothing is known
        return ANY
    return from_schema(schema, schema.get("$defs", {}), 0)


def from_schema(schema: Any, defs: Schema, depth: int) -> JType:
    """A JSON Schema (draft 2020-12, as pydantic writes it) as a JSON type."""
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return ANY
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return from_schema(defs.get(ref.removeprefix("#/$defs/")), defs, depth + 1)
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            return join(from_schema(s, defs, depth + 1) for s in schema[key])
    if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
        return from_schema(schema["allOf"][0], defs, depth + 1)
    if "const" in schema:
        return literal(schema["const"])
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return join(literal(value) for value in schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return join(_typed(dict(schema, type=k), defs, depth) for k in kind)
    return _typed(schema, defs, depth)


def _typed(schema: Schema, defs: Schema, depth: int) -> JType:
    kind = schema.get("type")
    if kind == "object":
        return _object(schema, defs, depth)
    if kind == "array":
        items = schema.get("items")
        return Arr(from_schema(items, defs, depth + 1) if items is not None else ANY)
    return NAMED.get(kind, ANY) if isinstance(kind, str) else ANY


def _object(schema: Schema, defs: Schema, depth: int) -> JType:
    properties = schema.get("properties")
    additional = schema.get("additionalProperties")
    if not isinstance(properties, dict):
        properties = {}
    if isinstance(additional, dict):
        extra: JType | None = from_schema(additional, defs, depth + 1)
    elif additional is False or (properties and additional is None):
        extra = None
    else:
        extra = ANY
    fields = {str(name): from_schema(sub, defs, depth + 1) for name, sub in properties.items()}
    required = frozenset(str(n) for n in schema.get("required", []) if n in fields)
    title = schema.get("title") if isinstance(schema.get("title"), str) else None
    return Obj(fields, required, extra, title)


def to_schema(t: JType) -> Schema:
    """A JSON Schema for a JSON type (for `flowdsl schema` when no model gives the output)."""
    if isinstance(t, AnyType):
        return {}
    if isinstance(t, Prim):
        return {"type": t.kind}
    if isinstance(t, Arr):
        return {"type": "array", "items": to_schema(t.item)}
    if isinstance(t, Union):
        return {"anyOf": [to_schema(option) for option in t.options]}
    out: Schema = {"type": "object", "properties": {k: to_schema(v) for k, v in t.fields.items()}}
    if t.required:
        out["required"] = [k for k in t.fields if k in t.required]
    if t.extra is None:
        out["additionalProperties"] = False
    elif not isinstance(t.extra, AnyType):
        out["additionalProperties"] = to_schema(t.extra)
    return out
