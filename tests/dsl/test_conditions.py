"""Conditions: the Python type of the operand picks the ASL operator; misuse fails loudly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from flowdsl import (
    CONTEXT,
    Condition,
    S,
    boolean,
    is_boolean,
    is_null,
    is_numeric,
    is_present,
    is_string,
    is_timestamp,
    matches,
    numeric,
    string,
    timestamp,
    var,
)
from flowdsl.dsl import DslError

MOMENT = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)

OPERATOR_TABLE: list[tuple[str, Condition, dict[str, Any]]] = [
    ("int ==", S.Status == 1, {"Variable": "$.Status", "NumericEquals": 1}),
    ("float <", S.x < 1.5, {"Variable": "$.x", "NumericLessThan": 1.5}),
    ("int <=", S.x <= 2, {"Variable": "$.x", "NumericLessThanEquals": 2}),
    ("int >", S.x > 3, {"Variable": "$.x", "NumericGreaterThan": 3}),
    ("int >=", S.x >= 4, {"Variable": "$.x", "NumericGreaterThanEquals": 4}),
    (
        "reversed int",
        1 < S.x,  # noqa: SIM300 - the reversed form is the point
        {
            "Variable": "$.x",
            "NumericGreaterThan": 1,
        },
    ),
    ("str ==", S.name == "a", {"Variable": "$.name", "StringEquals": "a"}),
    ("str <", S.name < "b", {"Variable": "$.name", "StringLessThan": "b"}),
    ("str <=", S.name <= "b", {"Variable": "$.name", "StringLessThanEquals": "b"}),
    ("str >", S.name > "b", {"Variable": "$.name", "StringGreaterThan": "b"}),
    ("str >=", S.name >= "b", {"Variable": "$.name", "StringGreaterThanEquals": "b"}),
    ("bool before int", S.ok == True, {"Variable": "$.ok", "BooleanEquals": True}),  # noqa: E712
    ("bool false", S.ok == False, {"Variable": "$.ok", "BooleanEquals": False}),  # noqa: E712
    ("datetime ==", S.at == MOMENT, {"Variable": "$.at", "TimestampEquals": "2024-01-02T03:04:05Z"}),
    ("datetime <", S.at < MOMENT, {"Variable": "$.at", "TimestampLessThan": "2024-01-02T03:04:05Z"}),
    (
        "datetime offset",
        S.at >= MOMENT.astimezone(timezone(timedelta(hours=2))),
        {"Variable": "$.at", "TimestampGreaterThanEquals": "2024-01-02T05:04:05+02:00"},
    ),
    ("path numeric >", S.total > S.limit, {"Variable": "$.total", "NumericGreaterThanPath": "$.limit"}),
    ("path string ==", S.a == string(S.b), {"Variable": "$.a", "StringEqualsPath": "$.b"}),
    ("path numeric ==", S.a == numeric(S.b), {"Variable": "$.a", "NumericEqualsPath": "$.b"}),
    ("path boolean ==", S.a == boolean(S.b), {"Variable": "$.a", "BooleanEqualsPath": "$.b"}),
    ("path timestamp <", S.a < timestamp(S.b), {"Variable": "$.a", "TimestampLessThanPath": "$.b"}),
    ("typed left side", string(S.a) <= S.b, {"Variable": "$.a", "StringLessThanEqualsPath": "$.b"}),
    ("context path", CONTEXT.Execution.Name == "x", {"Variable": "$$.Execution.Name", "StringEquals": "x"}),
    ("variable", var("count") > 2, {"Variable": "$count", "NumericGreaterThan": 2}),
    ("!= is Not", S.x != 1, {"Not": {"Variable": "$.x", "NumericEquals": 1}}),
    ("is_present", is_present(S.x), {"Variable": "$.x", "IsPresent": True}),
    ("is_present False", is_present(S.x, False), {"Variable": "$.x", "IsPresent": False}),
    ("is_null", is_null(S.x), {"Variable": "$.x", "IsNull": True}),
    ("is_numeric", is_numeric(S.x), {"Variable": "$.x", "IsNumeric": True}),
    ("is_string", is_string(S.x), {"Variable": "$.x", "IsString": True}),
    ("is_boolean", is_boolean(S.x), {"Variable": "$.x", "IsBoolean": True}),
    ("is_timestamp", is_timestamp(S.x), {"Variable": "$.x", "IsTimestamp": True}),
    ("matches", matches(S.file, "*.log"), {"Variable": "$.file", "StringMatches": "*.log"}),
]


@pytest.mark.parametrize(
    ("condition", "rule"), [row[1:] for row in OPERATOR_TABLE], ids=[r[0] for r in OPERATOR_TABLE]
)
def test_operator_table(condition: Condition, rule: dict[str, Any]) -> None:
    assert condition.to_rule() == rule


def test_and_or_not_build_nested_rules() -> None:
    condition = (S.a == 1) & ((S.b == "x") | ~is_null(S.c))
    assert condition.to_rule() == {
        "And": [
            {"Variable": "$.a", "NumericEquals": 1},
            {"Or": [{"Variable": "$.b", "StringEquals": "x"}, {"Not": {"Variable": "$.c", "IsNull": True}}]},
        ]
    }


def test_repeated_and_flattens() -> None:
    rule = ((S.a == 1) & (S.b == 2) & (S.c == 3)).to_rule()
    assert [list(operand)[1] for operand in rule["And"]] == ["NumericEquals"] * 3


def _and(a: Condition, b: Condition) -> object:
    return a and b


def _or(a: Condition, b: Condition) -> object:
    return a or b


def _not(a: Condition) -> object:
    return not a


def _chained() -> object:
    return 1 < S.x < 3


def _if(a: Condition) -> object:
    return 1 if a else 0


MISUSES = [
    ("and", lambda: _and(S.a == 1, S.b == 2)),
    ("or", lambda: _or(S.a == 1, S.b == 2)),
    ("not", lambda: _not(S.a == 1)),
    ("chained comparison", _chained),
    ("if", lambda: _if(S.a == 1)),
    ("in", lambda: S.a in (1, 2)),
]


@pytest.mark.parametrize("misuse", [m[1] for m in MISUSES], ids=[m[0] for m in MISUSES])
def test_python_boolean_operators_raise(misuse: Any) -> None:
    with pytest.raises(DslError) as caught:
        misuse()
    assert caught.value.diagnostics[0].code == "condition-as-bool"
    assert "'&', '|' and '~'" in caught.value.diagnostics[0].message


BAD_COMPARISONS = [
    ("bool ordering", lambda: S.ok < True, "invalid-condition"),
    ("list operand", lambda: S.x == [1], "invalid-condition"),
    ("None operand", lambda: S.x == None, "invalid-condition"),  # noqa: E711
    ("nan", lambda: S.x == float("nan"), "invalid-condition"),  # noqa: PLW0177
    ("naive datetime", lambda: S.x == datetime(2024, 1, 1), "naive-datetime"),
    ("untyped path equality", lambda: S.a == S.b, "ambiguous-comparison"),
    ("typed path vs other literal", lambda: numeric(S.a) == "x", "invalid-condition"),
    ("& with a bool", lambda: (S.a == 1) & True, "invalid-condition"),  # type: ignore[operator]
    ("matches non-str", lambda: matches(S.a, 1), "invalid-condition"),  # type: ignore[arg-type]
    ("test on non-path", lambda: is_present("$.a"), "invalid-condition"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("build", "code"), [b[1:] for b in BAD_COMPARISONS], ids=[b[0] for b in BAD_COMPARISONS]
)
def test_bad_comparisons_raise_with_a_code(build: Any, code: str) -> None:
    with pytest.raises(DslError) as caught:
        build()
    assert caught.value.diagnostics[0].code == code


def test_error_is_located_at_the_users_line() -> None:
    with pytest.raises(DslError) as caught:
        S.a == S.b  # noqa: B015
    line = caught.value.__traceback__.tb_lineno  # type: ignore[union-attr]
    assert caught.value.diagnostics[0].location == f"tests/dsl/test_conditions.py:{line}"
