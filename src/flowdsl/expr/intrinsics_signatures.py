"""Arity and argument types of the 18 intrinsic functions, shared by the parser and the validator.

Source: AWS "Intrinsic functions for JSONPath states"
(https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flowdsl.expr.jsonpath import Json


class ArgType(StrEnum):
    """The JSON type an argument (or a result) must have."""

    ANY = "any"
    STRING = "string"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    ARRAY = "array"
    OBJECT = "object"

    def accepts(self, value: Json) -> bool:
        """Whether `value` has this type (JSON booleans are never numbers)."""
        if self is ArgType.ANY:
            return True
        if isinstance(value, bool):
            return self is ArgType.BOOLEAN
        if self is ArgType.INTEGER:
            return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        return isinstance(value, _PYTHON_TYPES[self])


_PYTHON_TYPES: dict[ArgType, type | tuple[type, ...]] = {
    ArgType.STRING: str,
    ArgType.NUMBER: (int, float),
    ArgType.BOOLEAN: bool,
    ArgType.ARRAY: list,
    ArgType.OBJECT: dict,
}


@dataclass(frozen=True, slots=True)
class Signature:
    """How a function may be called: `params` are the types of the leading arguments, `rest` the
    type of any further ones (None: no more allowed), `min_args` how many are required."""

    params: tuple[ArgType, ...]
    returns: ArgType
    min_args: int
    rest: ArgType | None = None

    @property
    def max_args(self) -> int | None:
        """The most arguments allowed, None when unbounded."""
        return None if self.rest is not None else len(self.params)

    def param_type(self, index: int) -> ArgType:
        """The type argument `index` must have."""
        if index < len(self.params):
            return self.params[index]
        return self.rest or ArgType.ANY


def _fixed(returns: ArgType, *params: ArgType) -> Signature:
    return Signature(params, returns, len(params))


_S, _I, _A, _ANY = ArgType.STRING, ArgType.INTEGER, ArgType.ARRAY, ArgType.ANY

SIGNATURES: dict[str, Signature] = {
    "States.Format": Signature((_S,), _S, 1, rest=_ANY),
    "States.StringToJson": _fixed(_ANY, _S),
    "States.JsonToString": _fixed(_S, _ANY),
    "States.Array": Signature((), _A, 0, rest=_ANY),
    "States.ArrayPartition": _fixed(_A, _A, _I),
    "States.ArrayContains": _fixed(ArgType.BOOLEAN, _A, _ANY),
    "States.ArrayRange": _fixed(_A, _I, _I, _I),
    "States.ArrayGetItem": _fixed(_ANY, _A, _I),
    "States.ArrayLength": _fixed(_I, _A),
    "States.ArrayUnique": _fixed(_A, _A),
    "States.Base64Encode": _fixed(_S, _S),
    "States.Base64Decode": _fixed(_S, _S),
    "States.Hash": _fixed(_S, _ANY, _S),
    "States.JsonMerge": _fixed(ArgType.OBJECT, ArgType.OBJECT, ArgType.OBJECT, ArgType.BOOLEAN),
    "States.MathRandom": Signature((_I, _I, _I), _I, 2),
    "States.MathAdd": _fixed(_I, ArgType.NUMBER, ArgType.NUMBER),
    "States.StringSplit": _fixed(_A, _S, _S),
    "States.UUID": _fixed(_S),
}
"""Function name -> signature, for argument checks at parse time and in `flowdsl validate`."""
