"""The syntax tree of an intrinsic function call, and its evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flowdsl.expr.jsonpath import CompiledPath, Json

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True, slots=True)
class Literal:
    """A literal argument: string, number, boolean or null.

    `raw` keeps a string literal's text with its escapes still in place, because `States.Format`
    must tell an escaped `\\{` from the `{}` placeholder.
    """

    value: Json
    raw: str | None = None

    def evaluate(self, data: Json, context: Json, variables: dict[str, Json] | None) -> Json:
        return self.value


@dataclass(frozen=True, slots=True)
class PathArg:
    """A path argument: `$.x`, `$$.Execution.Id` or `$name.field`."""

    path: CompiledPath

    def evaluate(self, data: Json, context: Json, variables: dict[str, Json] | None) -> Json:
        return self.path.select(data, context, variables)


@dataclass(frozen=True, slots=True)
class Call:
    """`States.Name(arg, ...)`; `text` is the whole call as written (for error messages)."""

    name: str
    args: tuple[Arg, ...]
    text: str
    function: Callable[[Call, list[Json]], Json] = field(repr=False, compare=False)

    def evaluate(self, data: Json, context: Json = None, variables: dict[str, Json] | None = None) -> Json:
        """The call's value; raises `AslRuntimeError` (`States.Runtime`) when an argument has the
        wrong type or value, as Step Functions does for intrinsic failures."""
        values = [arg.evaluate(data, context, variables) for arg in self.args]
        return self.function(self, values)


Arg = Literal | PathArg | Call
"""One argument of a call."""
