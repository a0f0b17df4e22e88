"""The DSL side: `expr(...)`, paths as JSONata, and conditions rendered as JSONata Conditions.

Rendered conditions are also evaluated with the JSONata layer, so each row checks both the
text users see in the ASL and that it means what the JSONPath rule means.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from flowdsl.diagnostics import FlowdslError
from flowdsl.dsl import (
    CONTEXT,
    Condition,
    S,
    is_boolean,
    is_null,
    is_numeric,
    is_present,
    is_string,
    is_timestamp,
    matches,
    var,
)
from flowdsl.dsl.jsonata import condition_to_jsonata, expr, path_to_jsonata, string_literal
from flowdsl.expr.jsonata import evaluate

NEW_YEAR = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        pytest.param(S.Status == 1, "$states.input.Status = 1", id="numeric-equals"),
        pytest.param(S.Status != "x", "$states.input.Status != 'x'", id="not-equals"),
        pytest.param(S.ok == True, "$states.input.ok = true", id="boolean"),  # noqa: E712
        pytest.param(S.total > S.limit, "$states.input.total > $states.input.limit", id="path-operand"),
        pytest.param(S.items[0].qty <= 2.5, "$states.input.items[0].qty <= 2.5", id="index-step"),
        pytest.param(S["odd key"] >= 1, "$states.input.`odd key` >= 1", id="quoted-key"),
        pytest.param(S.name == "it's", "$states.input.name = 'it\\u0027s'", id="quote-in-string"),
        pytest.param(var("limit") < 3, "$limit < 3", id="variable"),
        pytest.param(CONTEXT.Execution.Name == "run", "$states.context.Execution.Name = 'run'", id="context"),
        pytest.param(
            S.at < NEW_YEAR,
            "$toMillis($states.input.at) < $toMillis('2024-01-01T00:00:00Z')",
            id="timestamp",
        ),
        pytest.param(
            (S.a == 1) & (S.b == 2) & (S.c == 3),
            "$states.input.a = 1 and $states.input.b = 2 and $states.input.c = 3",
            id="and-flattened",
        ),
        pytest.param(
            ((S.a == 1) | (S.b == 2)) & (S.c == 3),
            "($states.input.a = 1 or $states.input.b = 2) and $states.input.c = 3",
            id="grouping-kept",
        ),
        pytest.param(~(S.a > 1), "$not($states.input.a > 1)", id="not"),
        pytest.param(is_present(S.a), "$exists($states.input.a)", id="is-present"),
        pytest.param(is_present(S.a, False), "$not($exists($states.input.a))", id="is-present-false"),
        pytest.param(is_null(S.a), "$type($states.input.a) = 'null'", id="is-null"),
        pytest.param(is_numeric(S.a), "$type($states.input.a) = 'number'", id="is-numeric"),
        pytest.param(is_string(S.a), "$type($states.input.a) = 'string'", id="is-string"),
        pytest.param(is_boolean(S.a), "$type($states.input.a) = 'boolean'", id="is-boolean"),
        pytest.param(matches(S.f, "log-*.txt"), "$contains($states.input.f, /^log-.*\\.txt$/)", id="matches"),
    ],
)
def test_condition_text(condition: Condition, text: str) -> None:
    assert condition_to_jsonata(condition) == "{% " + text + " %}"


@pytest.mark.parametrize(
    ("condition", "state_input", "expected"),
    [
        pytest.param(S.Status == 1, {"Status": 1}, True, id="equals-true"),
        pytest.param(S.Status == 1, {"Status": "1"}, False, id="equals-other-type"),
        pytest.param(S.name == "it's", {"name": "it's"}, True, id="quote-round-trip"),
        pytest.param(S.total > S.limit, {"total": 5, "limit": 3}, True, id="path-operand"),
        pytest.param(S.at < NEW_YEAR, {"at": "2023-12-31T23:00:00-02:00"}, False, id="timestamp-offset"),
        pytest.param(S.at < NEW_YEAR, {"at": "2023-12-31T23:00:00Z"}, True, id="timestamp-utc"),
        pytest.param(~(S.a == 1) | (S.b == 2), {"a": 1, "b": 2}, True, id="or-not"),
        pytest.param(is_present(S.a), {"b": 1}, False, id="is-present-missing"),
        pytest.param(is_null(S.a), {"a": None}, True, id="is-null"),
        pytest.param(is_null(S.a, False), {"a": 0}, True, id="is-null-false"),
        pytest.param(is_numeric(S.a), {"a": 1.5}, True, id="is-numeric"),
        pytest.param(is_boolean(S.a), {"a": 0}, False, id="is-boolean-on-number"),
        pytest.param(is_timestamp(S.t), {"t": "2024-05-01T10:00:00.5+02:00"}, True, id="is-timestamp"),
        pytest.param(is_timestamp(S.t), {"t": "2024-05-01"}, False, id="is-timestamp-date-only"),
        pytest.param(is_timestamp(S.t, False), {"t": 5}, True, id="is-timestamp-false-number"),
        pytest.param(matches(S.f, "log-*.txt"), {"f": "log-2024.txt"}, True, id="matches"),
        pytest.param(matches(S.f, "log-*.txt"), {"f": "log-2024.txt.gz"}, False, id="matches-anchored"),
        pytest.param(matches(S.f, r"a\*b"), {"f": "a*b"}, True, id="matches-escaped-star"),
        pytest.param(matches(S.f, "a/b.*"), {"f": "a/b.c"}, True, id="matches-slash"),
    ],
)
def test_condition_meaning(condition: Condition, state_input: Any, expected: bool) -> None:
    text = condition_to_jsonata(condition)
    assert evaluate(text, states={"input": state_input}, variables={}) is expected


@pytest.mark.parametrize(
    ("path", "text"),
    [
        pytest.param(S, "$states.input", id="root"),
        pytest.param(S.a["b c"][2], "$states.input.a.`b c`[2]", id="mixed"),
        pytest.param(S["in"], "$states.input.`in`", id="keyword"),
        pytest.param(S["a-b"], "$states.input.`a-b`", id="hyphen"),
        pytest.param(CONTEXT.Map.Item.Value, "$states.context.Map.Item.Value", id="context"),
        pytest.param(var("order").id, "$order.id", id="variable"),
        pytest.param("$.x", "$states.input.x", id="plain-text"),
    ],
)
def test_path_to_jsonata(path: Any, text: str) -> None:
    assert path_to_jsonata(path) == text


def test_expr_wraps_checks_and_joins_lines() -> None:
    value = expr("""
        $states.input.a
            + 1
    """)
    assert value == "{% $states.input.a + 1 %}"
    assert value.body == "$states.input.a + 1"
    assert isinstance(value, str)
    assert expr("{% 1 %}") == "{% 1 %}"
    assert expr(S.order.id) == "{% $states.input.order.id %}"


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        pytest.param("1 +", "invalid JSONata '1 +'", id="syntax"),
        pytest.param(3, "expr() takes a str or a path", id="not-text"),
    ],
)
def test_expr_errors_point_at_the_call(argument: Any, message: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        expr(argument)
    (diagnostic,) = caught.value.diagnostics
    assert message in diagnostic.message
    assert diagnostic.location.startswith("tests/expr/jsonata/test_jsonata_dsl.py:")


@pytest.mark.parametrize(
    "text",
    ["plain", "it's", 'say "hi"', "back\\slash", "line\nbreak", "tab\there", "ünï"],
)
def test_string_literals_round_trip(text: str) -> None:
    assert evaluate("{% " + string_literal(text) + " %}", states={}, variables={}) == text
