"""Intrinsic functions (`States.Format(...)` and the 17 others): parse once, evaluate many times.

`parse` builds a `Call` tree (cached by text) with arity and literal types already checked;
`Call.evaluate(data, context, variables)` runs it. `SIGNATURES` gives the validator each
function's arity and argument types.
"""

from __future__ import annotations

import functools

from flowdsl.expr.intrinsics_ast import Arg, Call, Literal, PathArg
from flowdsl.expr.intrinsics_parser import IntrinsicSyntaxError, parse_call
from flowdsl.expr.intrinsics_signatures import SIGNATURES, ArgType, Signature

__all__ = [
    "SIGNATURES",
    "Arg",
    "ArgType",
    "Call",
    "IntrinsicSyntaxError",
    "Literal",
    "PathArg",
    "Signature",
    "is_call",
    "parse",
]


def is_call(text: str) -> bool:
    """Whether a `.$` value is meant as an intrinsic call (it starts with `States.`), valid or not."""
    return text.lstrip().startswith("States.")


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Call:
    """The call tree of `text` (cached); raises `IntrinsicSyntaxError` with the position."""
    return parse_call(text)
