"""Failures are States.QueryEvaluationError with AWS's cause wording."""

from __future__ import annotations

from typing import Any

import pytest
from jsonata.timebox import Timebox  # type: ignore[import-untyped]

from flowdsl.expr import jsonata as jsonata_module
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.jsonata import evaluate, evaluate_template

STATES: dict[str, Any] = {"input": {"a": 1, "s": "x"}}


def _cause(template: Any, field: str = "Output") -> str:
    with pytest.raises(AslRuntimeError) as caught:
        evaluate_template(template, states=STATES, variables={}, field=field)
    assert caught.value.error == "States.QueryEvaluationError"
    return caught.value.cause


@pytest.mark.parametrize(
    ("template", "cause"),
    [
        pytest.param(
            {"FunctionResult": "{% $randomSeeded($states.input.a) %}"},
            "The JSONata expression '$randomSeeded($states.input.a)' specified for the field "
            "'Output/FunctionResult' threw an error during evaluation. "
            "T1006: Attempted to invoke a non-function",
            id="unknown-function",
        ),
        pytest.param(
            "{% $states.input.missing %}",
            "The JSONata expression '$states.input.missing' specified for the field 'Output' "
            "returned nothing (undefined).",
            id="undefined",
        ),
        pytest.param(
            ["ok", "{% function($x) { $x } %}"],
            "The JSONata expression 'function($x) { $x }' specified for the field 'Output/1' "
            "returned an unsupported result type.",
            id="function-result",
        ),
        pytest.param(
            "{% $states.input.s + 1 %}",
            "The JSONata expression '$states.input.s + 1' specified for the field 'Output' threw an error "
            "during evaluation. T2001: The left side of the + operator must evaluate to a number",
            id="type-error",
        ),
        pytest.param(
            "{% 1 / 0 %}",
            "The JSONata expression '1 / 0' specified for the field 'Output' threw an error during "
            "evaluation. D1001: Number out of range",
            id="division-by-zero",
        ),
        pytest.param(
            {"a": {"b": "{% 10 + * 2 %}"}},
            "The JSONata expression '10 + * 2' specified for the field 'Output/a/b' threw an error during "
            "evaluation. S0201: Syntax error: 2",
            id="syntax-error-at-run-time",
        ),
    ],
)
def test_causes(template: Any, cause: str) -> None:
    assert _cause(template) == cause


def test_cause_without_a_field() -> None:
    with pytest.raises(AslRuntimeError) as caught:
        evaluate("{% $nope %}", states=STATES, variables={})
    assert caught.value.cause == "The JSONata expression '$nope' returned nothing (undefined)."


def test_runaway_recursion_fails_instead_of_crashing() -> None:
    text = "{% ($f := function($n) { 1 + $f($n) }; $f(1)) %}"
    with pytest.raises(AslRuntimeError) as caught:
        evaluate(text, states=STATES, variables={})
    assert "D1011: Stack overflow" in caught.value.cause


def test_endless_loop_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # A tail call never deepens the stack: only the time limit stops it.
    monkeypatch.setattr(jsonata_module, "TIMEOUT_MS", 50)
    text = "{% ($f := function($n) { $f($n) }; $f(1)) %}"
    with pytest.raises(AslRuntimeError) as caught:
        evaluate(text, states=STATES, variables={})
    assert "D1012: Evaluation timeout after 50 milliseconds" in caught.value.cause


def test_the_time_limit_is_per_evaluation(monkeypatch: pytest.MonkeyPatch) -> None:
    # The compiled expression is cached: its age must not count against later evaluations.
    clock = [0]
    monkeypatch.setattr(Timebox, "current_milli_time", staticmethod(lambda: clock[0]))
    jsonata_module.parse("{% 40 + 2 %}")
    clock[0] = 10 * jsonata_module.TIMEOUT_MS
    assert evaluate("{% 40 + 2 %}", states=STATES, variables={}) == 42
