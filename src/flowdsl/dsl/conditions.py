"""Choice conditions: a small AST built by comparison operators on paths.

`S.Status == 1` is a `Comparison`; `&`, `|`, `~` build `And`, `Or`, `Not`. The Python type
of the literal picks the ASL operator family (ASL spec "Choice Rules"): `bool` (checked
before `int`, since `True` is an int) -> Boolean, `int`/`float` -> Numeric, `str` -> String,
`datetime` -> Timestamp, and another path -> the `*Path` variant. The AST stays independent
of the query language so `flowdsl.dsl.jsonata` can render the same nodes as JSONata.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flowdsl.dsl.errors import DslError
from flowdsl.dsl.paths import COMPARISONS, Family, Path, family_of, python_text
from flowdsl.model.operators import comparison

Operand = Path | bool | int | float | str | datetime

_BOOL_MESSAGE = (
    "a condition cannot be used as a bool: combine conditions with '&', '|' and '~' "
    "(not 'and', 'or', 'not'), write '1 < S.x < 3' as '(S.x > 1) & (S.x < 3)' "
    "and 'S.x in (1, 2)' as '(S.x == 1) | (S.x == 2)'"
)


class Condition(ABC):
    """A Choice condition; combine with `&` (And), `|` (Or) and `~` (Not)."""

    __slots__ = ()

    def __and__(self, other: Condition) -> Condition:
        return And(_operands(And, self) + _operands(And, _check(other, "&")))

    def __or__(self, other: Condition) -> Condition:
        return Or(_operands(Or, self) + _operands(Or, _check(other, "|")))

    def __invert__(self) -> Condition:
        return Not(self)

    def __bool__(self) -> bool:
        raise DslError("condition-as-bool", _BOOL_MESSAGE)

    @abstractmethod
    def to_rule(self) -> dict[str, Any]:
        """The JSONPath Choice rule for this condition (without `Next`)."""

    def with_comment(self, comment: str) -> Condition:
        """This condition with a `Comment` on its own rule, as ASL allows on nested rules too.

        `(S.a == 1).with_comment("first check") & (S.b > 2)`; a top-level rule's comment is
        `Choice.when(..., comment=...)`.
        """
        if not isinstance(comment, str):
            raise DslError("invalid-condition", f"a rule comment must be a str, not {type(comment).__name__}")
        return Commented(self, comment)


@dataclass(frozen=True, eq=False, slots=True)
class Comparison(Condition):
    """`Variable` compared with a literal or (when `value` is a Path) another path."""

    variable: str
    op: str
    family: Family
    value: bool | int | float | str | Path

    @property
    def operator(self) -> str:
        """The ASL operator name, e.g. `NumericEquals` or `StringLessThanPath`."""
        found = comparison(self.family, self.op, by_path=isinstance(self.value, Path))
        assert found is not None, (self.family, self.op)  # compare() only builds existing ones
        return found.name

    def to_rule(self) -> dict[str, Any]:
        value = str(self.value) if isinstance(self.value, Path) else self.value
        return {"Variable": self.variable, self.operator: value}


@dataclass(frozen=True, eq=False, slots=True)
class Test(Condition):
    """A one-operand test: `IsPresent`, `IsNull`, ..., or `StringMatches` with its pattern."""

    variable: str
    operator: str
    value: bool | str

    def to_rule(self) -> dict[str, Any]:
        return {"Variable": self.variable, self.operator: self.value}


@dataclass(frozen=True, eq=False, slots=True)
class And(Condition):
    """All operands hold."""

    operands: tuple[Condition, ...]

    def to_rule(self) -> dict[str, Any]:
        return {"And": [operand.to_rule() for operand in self.operands]}


@dataclass(frozen=True, eq=False, slots=True)
class Or(Condition):
    """At least one operand holds."""

    operands: tuple[Condition, ...]

    def to_rule(self) -> dict[str, Any]:
        return {"Or": [operand.to_rule() for operand in self.operands]}


@dataclass(frozen=True, eq=False, slots=True)
class Not(Condition):
    """The operand does not hold."""

    operand: Condition

    def to_rule(self) -> dict[str, Any]:
        return {"Not": self.operand.to_rule()}


@dataclass(frozen=True, eq=False, slots=True)
class Commented(Condition):
    """A condition whose rule carries a `Comment` (JSONata conditions have none: it is dropped there)."""

    operand: Condition
    comment: str

    def to_rule(self) -> dict[str, Any]:
        return {**self.operand.to_rule(), "Comment": self.comment}


@dataclass(frozen=True, eq=False, slots=True)
class Constant(Condition):
    """A JSONata rule that always (`True`) or never (`False`) matches: `"Condition": true`.

    JSONPath has no such rule; the compiler reports it there (`jsonata-condition`).
    """

    value: bool

    def to_rule(self) -> dict[str, Any]:
        return {"Condition": self.value}


def constant(value: bool) -> Condition:
    """`Choice.when(constant(True), target)`: a JSONata `Condition` that is the literal `true`/`false`."""
    if not isinstance(value, bool):
        raise DslError("invalid-condition", f"constant() takes True or False, not {_kind(value)}")
    return Constant(value)


def _check(other: object, symbol: str) -> Condition:
    if not isinstance(other, Condition):
        raise DslError("invalid-condition", f"'{symbol}' needs a condition on both sides, not {_kind(other)}")
    return other


def _operands(kind: type[And] | type[Or], condition: Condition) -> tuple[Condition, ...]:
    # `a & b & c` reads as one And of three, as a person would write it in ASL.
    return condition.operands if isinstance(condition, kind) else (condition,)


def compare(path: Path, op: str, other: object) -> Condition:
    """The condition for `path <op> other`; `!=` becomes `Not` of an equality."""
    if op == "!=":
        return Not(compare(path, "==", other))
    if isinstance(other, Path):
        return Comparison(str(path), op, _path_family(path, op, other), other)
    family, value = _literal(path, other)
    if comparison(family, op, by_path=False) is None:
        raise DslError("invalid-condition", f"booleans only compare with '==' or '!=' (path '{path}')")
    forced = family_of(path)
    if forced == "Timestamp" and family == "String":
        # `timestamp(S.at) < "2016-03-14T01:59:00Z"`: the RFC 3339 text exactly as written.
        family = "Timestamp"
    if forced is not None and forced != family:
        raise DslError("invalid-condition", f"path '{path}' is {forced} but compared with a {family}")
    return Comparison(str(path), op, family, value)


def _path_family(path: Path, op: str, other: Path) -> Family:
    family = family_of(other) or family_of(path)
    if family is not None:
        return family
    if op == "==":
        # Equality of two untyped paths could be any family; guessing would silently never match.
        raise DslError(
            "ambiguous-comparison",
            f"cannot tell how to compare '{path}' with '{other}': wrap one side, "
            f"e.g. string({python_text(other)}) or numeric({python_text(other)})",
        )
    return "Numeric"  # `S.total > S.limit` orders numbers unless told otherwise


def _literal(path: Path, value: object) -> tuple[Family, bool | int | float | str]:
    if isinstance(value, bool):  # before int: bool is a subclass of int
        return "Boolean", value
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise DslError("invalid-condition", f"cannot compare path '{path}' with {value}: not valid JSON")
        return "Numeric", value
    if isinstance(value, str):
        return "String", value
    if isinstance(value, datetime):
        return "Timestamp", rfc3339(value)
    if value is None:
        hint = f"use is_null({python_text(path)})"
        raise DslError("invalid-condition", f"cannot compare path '{path}' with None: {hint}")
    raise DslError("invalid-condition", f"cannot compare path '{path}' with {_kind(value)}")


def rfc3339(moment: datetime) -> str:
    """An aware datetime as the RFC 3339 text Step Functions compares (UTC written `Z`)."""
    offset = moment.utcoffset()
    if offset is None:
        raise DslError(
            "naive-datetime",
            f"datetime {moment.isoformat()} has no time zone (RFC 3339 needs one): "
            "give it tzinfo=timezone.utc or another zone",
        )
    text = moment.isoformat()
    return text[: -len("+00:00")] + "Z" if offset == timedelta(0) else text


def _kind(value: object) -> str:
    return f"a {type(value).__name__}"


def _test(operator: str, path: Path, value: bool | str) -> Test:
    if not isinstance(path, Path):
        raise DslError("invalid-condition", f"{operator} needs a path such as S.x, not {_kind(path)}")
    return Test(str(path), operator, value)


def is_present(path: Path, present: bool = True) -> Condition:
    """`IsPresent`: the path exists in the input."""
    return _test("IsPresent", path, present)


def is_null(path: Path, null: bool = True) -> Condition:
    """`IsNull`: the value is JSON null."""
    return _test("IsNull", path, null)


def is_numeric(path: Path, numeric: bool = True) -> Condition:
    """`IsNumeric`: the value is a number."""
    return _test("IsNumeric", path, numeric)


def is_string(path: Path, string: bool = True) -> Condition:
    """`IsString`: the value is a string."""
    return _test("IsString", path, string)


def is_boolean(path: Path, boolean: bool = True) -> Condition:
    """`IsBoolean`: the value is true or false."""
    return _test("IsBoolean", path, boolean)


def is_timestamp(path: Path, timestamp: bool = True) -> Condition:
    """`IsTimestamp`: the value is an RFC 3339 timestamp string."""
    return _test("IsTimestamp", path, timestamp)


def matches(path: Path, pattern: str) -> Condition:
    """`StringMatches`: the string matches a pattern where `*` is a wildcard (`\\*` a star)."""
    if not isinstance(pattern, str):
        raise DslError("invalid-condition", f"StringMatches needs a str pattern, not {_kind(pattern)}")
    return _test("StringMatches", path, pattern)


COMPARISONS.append(compare)
