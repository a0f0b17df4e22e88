"""A small lattice of JSON types: what a state's input or output can be, known at compile time.

`ANY` is the top: nothing is known, and nothing about it is ever reported. An `Obj` knows some
fields (each required or optional) and, through `extra`, whether it may hold others; `Arr`
knows its item type; `Prim` is a JSON scalar; `Union` is one of several types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

Kind = Literal["string", "number", "integer", "boolean", "null"]


@dataclass(frozen=True, slots=True)
class AnyType:
    """Nothing is known: every path may exist, every comparison may fit."""

    def describe(self) -> str:
        return "any value"


@dataclass(frozen=True, slots=True)
class Prim:
    """A JSON scalar; `integer` is a `number` too."""

    kind: Kind

    def describe(self) -> str:
        return {"integer": "an integer", "null": "null"}.get(self.kind, f"a {self.kind}")


@dataclass(frozen=True, slots=True)
class Arr:
    """A JSON array whose items all have `item`."""

    item: JType

    def describe(self) -> str:
        return "an array"


@dataclass(frozen=True, slots=True)
class Obj:
    """A JSON object: known `fields`, which of them are `required`, and what other keys hold
    (`extra`; None: there are no other keys)."""

    fields: Mapping[str, JType] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    extra: JType | None = None
    title: str | None = None

    def __hash__(self) -> int:
        return hash((tuple(self.fields), self.required, self.title))

    def describe(self) -> str:
        return f"an object ({self.title})" if self.title else "an object"


@dataclass(frozen=True, slots=True)
class Union:
    """One of `options` (never nested, never holding ANY, at least two)."""

    options: tuple[JType, ...]

    def describe(self) -> str:
        return " or ".join(dict.fromkeys(option.describe() for option in self.options))


JType: TypeAlias = AnyType | Prim | Arr | Obj | Union
ANY = AnyType()
STRING, INTEGER, NUMBER, BOOLEAN, NULL = (Prim(k) for k in ("string", "integer", "number", "boolean", "null"))
EMPTY = Obj()
NAMED: dict[str, JType] = {
    "string": STRING, "integer": INTEGER, "number": NUMBER, "boolean": BOOLEAN, "null": NULL,
}  # fmt: skip
"""The scalars by their JSON Schema names (intrinsic signatures and API shapes name them the same)."""


def join(types: Iterable[JType]) -> JType:
    """The least type holding every one of `types` (ANY when one is ANY or none is given)."""
    options: list[JType] = []
    for item in types:
        if isinstance(item, AnyType):
            return ANY
        for option in item.options if isinstance(item, Union) else (item,):
            if option not in options:
                options.append(option)
    if not options:
        return ANY
    return options[0] if len(options) == 1 else Union(tuple(options))


def options(t: JType) -> tuple[JType, ...]:
    """The alternatives of a type (itself, unless a Union)."""
    return t.options if isinstance(t, Union) else (t,)


def may_be_array(t: JType) -> bool:
    """Whether some alternative of `t` is an array (ANY is not known to be one)."""
    return any(isinstance(option, Arr) for option in options(t))


def item_type(t: JType) -> JType:
    """The type of the items of a value of type `t`, over its array alternatives (ANY when it
    is unknown or never an array)."""
    return join(option.item for option in options(t) if isinstance(option, Arr))


def family(t: JType) -> set[str]:
    """The JSON kinds a value of `t` may have ("integer" counts as "number")."""
    if isinstance(t, AnyType):
        return {"string", "number", "boolean", "null", "object", "array"}
    kinds: set[str] = set()
    for option in options(t):
        if isinstance(option, Prim):
            kinds.add("number" if option.kind == "integer" else option.kind)
        else:
            kinds.add("object" if isinstance(option, Obj) else "array")
    return kinds


def literal(value: object) -> JType:
    """The type of a JSON literal written in the definition (Pass `Result`, a payload constant)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, str):
        return STRING
    if isinstance(value, list):
        return Arr(join(literal(item) for item in value) if value else ANY)
    if isinstance(value, dict):
        fields = {str(k): literal(v) for k, v in value.items()}
        return Obj(fields, frozenset(fields))
    return ANY
