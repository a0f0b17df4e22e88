"""Models to JSON types: pydantic's JSON Schema of a model, read into the `jtype` lattice.

A model is anything pydantic's `TypeAdapter` takes: a `BaseModel` subclass, a TypedDict, a
dataclass, `list[Item]`, `Item | None`... Before Python 3.12 pydantic refuses `typing.TypedDict`
(it asks for `typing_extensions.TypedDict`); such a TypedDict, also inside `list[...]`, `| None`
and the like, is read as the same TypedDict rebuilt with typing_extensions. Its JSON Schema
(`mode="serialization"` for what a task returns, `"validation"` for what it takes) is read
with `$defs`/`$ref`, `anyOf`/`oneOf` (Optional), `enum`/`const` and type lists; what the
lattice cannot say becomes ANY.

An object schema that lists `properties` and does not allow `additionalProperties` is closed:
a model's dump holds exactly its fields, so a path to any other field cannot exist.
"""

from __future__ import annotations

import functools
import operator
import sys
import types
import typing
from typing import Any

import typing_extensions
from pydantic import PydanticSchemaGenerationError, PydanticUserError, TypeAdapter

from flowdsl.typeflow.jtype import ANY, NAMED, AnyType, Arr, JType, Obj, Prim, Union, join, literal

Schema = dict[str, Any]
_MAX_DEPTH = 32  # recursive models ($ref cycles) stop being followed here


def adapter(model: Any) -> TypeAdapter[Any]:
    """pydantic's TypeAdapter for a model (cached: building one costs a schema compile)."""
    try:
        return _cached_adapter(model)
    except TypeError:  # unhashable
        return TypeAdapter(readable(model))


@functools.lru_cache(maxsize=512)
def _cached_adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(readable(model))


def unreadable(model: Any) -> str | None:
    """Why pydantic cannot read `model` as a JSON type (its message's first line), or None."""
    try:
        json_schema(model)
    except (PydanticSchemaGenerationError, PydanticUserError) as exc:
        return str(exc).strip().splitlines()[0]
    return None


_REBUILD_TYPEDDICT = sys.version_info < (3, 12)
_KEY_MARKS = (typing.Required, typing.NotRequired)


def readable(model: Any) -> Any:
    """`model` with each `typing.TypedDict` in it rebuilt with typing_extensions (Python < 3.12)."""
    return _rebuilt(model, {}) if _REBUILD_TYPEDDICT else model


def _rebuilt(hint: Any, done: dict[int, Any]) -> Any:
    if isinstance(hint, type) and type(hint).__module__ == "typing" and typing.is_typeddict(hint):
        return _rebuilt_typeddict(hint, done)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is None or not args:
        return hint
    if origin is typing.Annotated:
        inner = _rebuilt(args[0], done)
        return hint if inner is args[0] else typing.Annotated[(inner, *hint.__metadata__)]
    new = tuple(_rebuilt(arg, done) for arg in args)
    if all(a is b for a, b in zip(new, args, strict=True)):
        return hint
    if isinstance(hint, types.UnionType):
        return functools.reduce(operator.or_, new)
    if isinstance(hint, types.GenericAlias):
        return types.GenericAlias(origin, new)
    return hint.copy_with(new)  # typing's own aliases: Union, Optional, List, Literal...


def _rebuilt_typeddict(cls: Any, done: dict[int, Any]) -> Any:
    if id(cls) in done:  # a recursive TypedDict: left as it is (pydantic then refuses it)
        return done[id(cls)] or cls
    done[id(cls)] = None
    keys: dict[str, Any] = {}
    for key, annotation in typing.get_type_hints(cls, include_extras=True).items():
        # A key's own mark wins: with string annotations, typing counts `NotRequired[...]` keys
        # as required (one reason pydantic refuses typing.TypedDict before 3.12).
        required, hint = key in cls.__required_keys__, annotation
        while typing.get_origin(hint) in _KEY_MARKS:
            required = typing.get_origin(hint) is typing.Required
            hint = typing.get_args(hint)[0]
        mark = typing_extensions.Required if required else typing_extensions.NotRequired
        keys[key] = mark[_rebuilt(hint, done)]
    rebuilt: Any = typing_extensions.TypedDict(cls.__name__, keys)  # type: ignore[misc]
    rebuilt.__module__, rebuilt.__qualname__, rebuilt.__doc__ = cls.__module__, cls.__qualname__, cls.__doc__
    done[id(cls)] = rebuilt
    return rebuilt


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
