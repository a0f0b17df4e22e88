"""Choice rule operators (ASL spec "Choice Rules"): the one table every layer reads.

A data-test operator is a family (what kind of value it compares: `Numeric`) and a relation
(how: `LessThan`), with a `Path` variant that compares against another path instead of a
literal (`NumericLessThanPath`). Besides those, `StringMatches` matches a wildcard pattern and
the type tests (`IsNull`, `IsPresent`, ...) ask what a value is. The DSL picks an operator from
a Python comparison, the model declares one `ChoiceRule` field per operator, the engine
evaluates the relation, JSONata renders it, and diagrams print its symbol, all from here.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Relation:
    """How a comparison relates its two values."""

    suffix: str
    """The end of the ASL operator name: `LessThan` in `NumericLessThan`."""
    symbol: str
    """The Python operator the DSL overloads for it, and how a diagram prints it."""
    jsonata: str
    """The JSONata operator."""
    holds: Callable[[Any, Any], bool]
    """Evaluation, once both values are of the family and converted."""


RELATIONS = (
    Relation("Equals", "==", "=", operator.eq),
    Relation("LessThan", "<", "<", operator.lt),
    Relation("GreaterThan", ">", ">", operator.gt),
    Relation("LessThanEquals", "<=", "<=", operator.le),
    Relation("GreaterThanEquals", ">=", ">=", operator.ge),
)
# Each family with the relations it has, in the order the ASL spec lists the operators.
FAMILIES: dict[str, tuple[Relation, ...]] = {
    "String": RELATIONS,
    "Numeric": RELATIONS,
    "Timestamp": RELATIONS,
    "Boolean": RELATIONS[:1],
}


@dataclass(frozen=True)
class Comparison:
    """One data-test operator: `NumericLessThan`, or its `NumericLessThanPath` variant."""

    family: str
    relation: Relation
    by_path: bool

    @property
    def name(self) -> str:
        """The ASL operator name (the `ChoiceRule` field's alias)."""
        return f"{self.family}{self.relation.suffix}{'Path' if self.by_path else ''}"


@dataclass(frozen=True)
class TypeTest:
    """A test of what a value is: `IsString: true` holds for a string."""

    name: str
    reads: str
    """How a diagram says it: `$.x is a string`."""
    jsonata_type: str | None
    """What JSONata's `$type()` returns for such a value, where that decides it."""


def _comparisons(by_path: bool) -> tuple[Comparison, ...]:
    return tuple(
        Comparison(family, relation, by_path)
        for family, relations in FAMILIES.items()
        for relation in relations
    )


COMPARISONS: dict[str, Comparison] = {c.name: c for c in (*_comparisons(False), *_comparisons(True))}
MATCHES = "StringMatches"
TYPE_TESTS: dict[str, TypeTest] = {
    test.name: test
    for test in (
        TypeTest("IsNull", "null", "null"),
        TypeTest("IsPresent", "present", None),
        TypeTest("IsNumeric", "numeric", "number"),
        TypeTest("IsString", "a string", "string"),
        TypeTest("IsBoolean", "a boolean", "boolean"),
        TypeTest("IsTimestamp", "a timestamp", None),
    )
}
# Every operator a rule may carry, in the order a rule's operators are read and reported.
OPERATOR_NAMES = (*COMPARISONS, MATCHES, *TYPE_TESTS)


def comparison(family: str, symbol: str, *, by_path: bool) -> Comparison | None:
    """The operator comparing `family` values with the Python `symbol`, if the family has it."""
    for relation in FAMILIES[family]:
        if relation.symbol == symbol:
            return Comparison(family, relation, by_path)
    return None


def compares_paths(name: str) -> bool:
    """Whether operator `name` compares against another path (`NumericLessThanPath`)."""
    found = COMPARISONS.get(name)
    return found is not None and found.by_path


def literal_family(name: str) -> str | None:
    """The family of operator `name` when it compares with a literal (`StringEquals` -> `String`)."""
    found = COMPARISONS.get(name)
    return found.family if found is not None and not found.by_path else None
