"""Choice rules compiled once into predicates `(input, context, scope) -> bool`.

Semantics follow the ASL spec "Choice Rules": a comparison whose variable has the wrong type
is simply false (`StringEquals` on a number), a `Variable` or `*Path` that names nothing is a
`States.Runtime` error except under `IsPresent`, and `Timestamp*` compare instants parsed
from RFC 3339 strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flowdsl.diagnostics import json_noun
from flowdsl.engine.runtime import Scope
from flowdsl.engine.timestamps import parse_timestamp
from flowdsl.expr import jsonata
from flowdsl.expr.errors import AslRuntimeError, PathNotFoundError
from flowdsl.expr.jsonpath import CompiledPath, compile_path
from flowdsl.expr.ordering import utf16_key
from flowdsl.model import ChoiceRule
from flowdsl.model.operators import COMPARISONS, MATCHES

Json = Any
Predicate = Callable[[Json, Json, Scope], bool]
_MISSING: Any = object()


def _is_number(value: Json) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_timestamp(value: Json) -> bool:
    return parse_timestamp(value) is not None


# Per operator family: does a value qualify, and how is it turned into something comparable.
_FAMILIES: dict[str, tuple[Callable[[Json], bool], Callable[[Json], Any]]] = {
    "String": (lambda v: isinstance(v, str), utf16_key),  # Java String.compareTo order
    "Numeric": (_is_number, lambda v: v),
    "Boolean": (lambda v: isinstance(v, bool), lambda v: v),
    "Timestamp": (_is_timestamp, parse_timestamp),
}

_TYPE_TESTS: dict[str, Callable[[Json], bool]] = {
    "IsNull": lambda v: v is None,
    "IsNumeric": _is_number,
    "IsString": lambda v: isinstance(v, str),
    "IsBoolean": lambda v: isinstance(v, bool),
    "IsTimestamp": _is_timestamp,
}


def compile_rule(rule: ChoiceRule) -> Predicate:
    """The predicate of one JSONPath Choice rule (with its nested And/Or/Not)."""
    if rule.and_ is not None:
        parts = [compile_rule(r) for r in rule.and_]
        return lambda d, c, v: all(p(d, c, v) for p in parts)
    if rule.or_ is not None:
        parts = [compile_rule(r) for r in rule.or_]
        return lambda d, c, v: any(p(d, c, v) for p in parts)
    if rule.not_ is not None:
        inner = compile_rule(rule.not_)
        return lambda d, c, v: not inner(d, c, v)
    comparisons = rule.comparisons()
    if len(comparisons) != 1 or rule.variable is None:
        raise AslRuntimeError("States.Runtime", "a Choice rule needs a 'Variable' and exactly one comparison")
    name, operand = comparisons[0]
    return _comparison(compile_path(rule.variable), name, operand)


def compile_condition(condition: str | bool | None) -> Predicate:
    """The predicate of a JSONata rule's `Condition` (an expression or a literal boolean)."""
    if isinstance(condition, bool):
        return lambda d, c, v: condition

    text = condition or ""

    def check(data: Json, context: Json, scope: Scope) -> bool:
        states = {"input": data, "context": context}
        # `now`: `$now()` reads the lane's (possibly virtual) clock, as the history does.
        value = jsonata.evaluate(
            text, states=states, variables=scope.variables, field="Condition", now=scope.lane.now
        )
        if not isinstance(value, bool):
            raise AslRuntimeError(
                jsonata.QUERY_EVALUATION_ERROR,
                f"The Condition {text!r} returned {json_noun(value)}; a Condition must return a boolean.",
            )
        return value

    return check


def _comparison(variable: CompiledPath, name: str, operand: Json) -> Predicate:
    if name == "IsPresent":
        return _is_present(variable, bool(operand))
    if name in _TYPE_TESTS:
        test, expected = _TYPE_TESTS[name], bool(operand)
        return lambda d, c, v: test(_value(variable, d, c, v)) == expected
    if name == MATCHES:
        pattern = _wildcard(operand)
        return lambda d, c, v: _matches(pattern, _value(variable, d, c, v))
    found = COMPARISONS[name]
    qualifies, convert = _FAMILIES[found.family]
    compare = found.relation.holds
    if found.by_path:
        other = compile_path(operand)

        def with_path(d: Json, c: Json, v: Scope) -> bool:
            left, right = _value(variable, d, c, v), _value(other, d, c, v)
            return qualifies(left) and qualifies(right) and compare(convert(left), convert(right))

        return with_path
    fixed = convert(operand) if qualifies(operand) else _MISSING

    def with_value(d: Json, c: Json, v: Scope) -> bool:
        left = _value(variable, d, c, v)
        return fixed is not _MISSING and qualifies(left) and compare(convert(left), fixed)

    return with_value


def _value(path: CompiledPath, data: Json, context: Json, scope: Scope) -> Json:
    try:
        return path.select(data, context, scope.variables)
    except PathNotFoundError:
        # AWS: "Invalid path '$.x': The choice state's condition path references an invalid value."
        raise AslRuntimeError(
            "States.Runtime",
            f"Invalid path '{path.text}': The choice state's condition path references an invalid value.",
        ) from None


def _is_present(path: CompiledPath, expected: bool) -> Predicate:
    def check(data: Json, context: Json, scope: Scope) -> bool:
        try:
            value = path.select(data, context, scope.variables)
        except AslRuntimeError:
            return not expected
        # A non-reference path returns the list of matches; present means it found any.
        present = bool(value) if not path.is_reference and isinstance(value, list) else True
        return present == expected

    return check


def _wildcard(pattern: str) -> list[str]:
    """The literal pieces between the stars of a StringMatches pattern.

    `*` matches any run of characters; `\\*` and `\\\\` are a literal star and backslash (ASL
    spec, "Choice Rules"; https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
    """
    pieces, current, index = [], [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            current.append(pattern[index + 1])
            index += 2
            continue
        if char == "*":
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    pieces.append("".join(current))
    return pieces


def _matches(pieces: list[str], value: Json) -> bool:
    """Whether `value` matches: first piece a prefix, last a suffix, the others found in order.

    Taking each middle piece at its leftmost place is always right for `*`-only globs, so this
    is linear in the value (str.find is linear), where a backtracking regex was cubic.
    """
    if not isinstance(value, str):
        return False
    if len(pieces) == 1:
        return value == pieces[0]
    first, *middle, last = pieces
    if len(value) < len(first) + len(last) or not value.startswith(first) or not value.endswith(last):
        return False
    position, end = len(first), len(value) - len(last)
    for piece in middle:
        found = value.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True
