"""Evaluating expressions and templates with `$states` and workflow variables."""

from __future__ import annotations

import json
from typing import Any

import pytest

from flowdsl.expr.jsonata import evaluate, evaluate_template

STATES: dict[str, Any] = {
    "input": {
        "order": {"id": "A1", "total": 12.5, "items": [{"sku": "x", "qty": 2}, {"sku": "y", "qty": 1}]}
    },
    "result": {"Payload": {"ok": True}},
    "errorOutput": {"Error": "States.TaskFailed", "Cause": "boom"},
    "context": {"Execution": {"Name": "run-1"}, "State": {"Name": "Check"}},
}
VARIABLES: dict[str, Any] = {"limit": 10, "customer": {"name": "Ana"}, "nothing": None, "tags": ["a", "b"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{% $states.input.order.id %}", "A1", id="input-path"),
        pytest.param("{% $states.result.Payload.ok %}", True, id="result"),
        pytest.param("{% $states.errorOutput.Cause %}", "boom", id="error-output"),
        pytest.param("{% $states.context.Execution.Name %}", "run-1", id="context"),
        pytest.param("{% $states.input.order.total > $limit %}", True, id="variable-compare"),
        pytest.param("{% $customer.name & '!' %}", "Ana!", id="variable-concat"),
        pytest.param("{% $nothing %}", None, id="null-variable"),
        pytest.param("{% $tags[1] %}", "b", id="array-variable"),
        pytest.param("{% $sum($states.input.order.items.qty) %}", 3, id="aggregate"),
        pytest.param("{% $states.input.order.items[qty > 1].sku %}", "x", id="filter-singleton"),
        pytest.param("{% $states.input.order.items.sku %}", ["x", "y"], id="mapped-sequence"),
        pytest.param("{% $count($states.input.order.items) %}", 2, id="count"),
        pytest.param("{% {'id': $states.input.order.id, 'n': 1} %}", {"id": "A1", "n": 1}, id="object"),
        pytest.param("{% ($x := 2; $x * $limit) %}", 20, id="block-binding"),
        pytest.param("{% 1.5 + 1.5 %}", 3, id="integral-float-prints-as-int"),
        pytest.param("{% 7 / 2 %}", 3.5, id="fraction"),
        pytest.param("{% null %}", None, id="null-literal"),
        pytest.param("{% [] %}", [], id="empty-array"),
    ],
)
def test_evaluate(text: str, expected: Any) -> None:
    assert evaluate(text, states=STATES, variables=VARIABLES) == expected


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        pytest.param("{% 2.5 * 2 %}", "5", id="integral-double"),
        pytest.param("{% 1e20 %}", "100000000000000000000", id="below-1e21-digits"),
        pytest.param("{% 1e21 %}", "1e+21", id="from-1e21-exponent"),
        pytest.param("{% 1e300 * 10 %}", "1e+301", id="huge"),
        pytest.param("{% 0.1 + 0.2 %}", "0.30000000000000004", id="shortest-round-trip"),
        pytest.param("{% $string(0.1 + 0.2) %}", '"0.3"', id="string-uses-15-digits"),
    ],
)
def test_numbers_print_as_javascript_does(text: str, printed: str) -> None:
    assert json.dumps(evaluate(text, states=STATES, variables={})) == printed


def test_nulls_in_input_stay_null() -> None:
    states = {"input": {"a": [1, None, 3], "b": None}}
    assert evaluate("{% $states.input %}", states=states, variables={}) == states["input"]
    assert evaluate("{% $count($states.input.a) %}", states=states, variables={}) == 3


def test_evaluate_template_walks_objects_and_arrays() -> None:
    template = {
        "static": "Hello",
        "id": "{% $states.input.order.id %}",
        "nested": {"list": ["{% $limit %}", 2, "literal", None], "flag": True},
        "notAnExpression": "100%} done",
    }
    assert evaluate_template(template, states=STATES, variables=VARIABLES) == {
        "static": "Hello",
        "id": "A1",
        "nested": {"list": [10, 2, "literal", None], "flag": True},
        "notAnExpression": "100%} done",
    }


@pytest.mark.parametrize(
    "value",
    [pytest.param("x", id="string"), pytest.param(3, id="number"), pytest.param(None, id="null")],
)
def test_evaluate_template_keeps_literals(value: Any) -> None:
    assert evaluate_template(value, states=STATES, variables={}) == value


def test_top_level_dollar_is_undefined() -> None:
    # Step Functions gives expressions no context value: only $states and variables.
    assert evaluate("{% $exists($) %}", states=STATES, variables={}) is False


def test_variables_do_not_leak_between_evaluations() -> None:
    assert evaluate("{% $limit %}", states=STATES, variables={"limit": 1}) == 1
    assert evaluate("{% $exists($limit) %}", states=STATES, variables={}) is False


def test_now_and_millis_read_the_given_time() -> None:
    at = 1_704_067_200.25  # 2024-01-01T00:00:00.250Z
    text = "{% [$now(), $millis(), $now('[Y0001]-[M01]')] %}"
    assert evaluate(text, states={}, variables={}, now=at) == [
        "2024-01-01T00:00:00.250Z",
        1_704_067_200_250,
        "2024-01",
    ]


def test_now_defaults_to_the_system_clock() -> None:
    assert evaluate("{% $millis() > 1700000000000 %}", states={}, variables={}) is True


def test_large_inputs_convert_once_and_results_never_alias_them() -> None:
    big = {"items": [{"n": index, "gap": None} for index in range(40)]}
    first = evaluate("{% $states.input.items %}", states={"input": big}, variables={})
    first[0]["n"] = "changed"
    again = evaluate("{% $states.input.items[0] %}", states={"input": big}, variables={})
    assert again == {"n": 0, "gap": None}
    assert evaluate("{% $count($states.input.items.gap) %}", states={"input": big}, variables={}) == 40
