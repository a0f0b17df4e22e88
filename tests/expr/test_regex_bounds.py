"""Regexes in JSONata and JSONPath run under a time budget: a backtracking pattern cannot hang a run."""

from __future__ import annotations

import importlib
import time

import pytest

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.jsonata import evaluate
from flowdsl.expr.jsonpath import compile_path

# Exponential for backtracking engines, `regex` included (`^(a+)+$` it solves at once).
SLOW = "^(a|aa)+$"
VICTIM = "a" * 60 + "b"


def _jsonata(expression: str) -> object:
    return evaluate("{% " + expression + " %}", states={}, variables={})


@pytest.mark.parametrize(
    "expression",
    [
        f"$match('{VICTIM}', /{SLOW}/)",
        f"$contains('{VICTIM}', /{SLOW}/)",
        f"$replace('{VICTIM}', /{SLOW}/, '')",
    ],
    ids=["match", "contains", "replace"],
)
def test_a_jsonata_regex_fails_at_the_budget(expression: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.import_module("flowdsl.expr.jsonata"), "TIMEOUT_MS", 300)
    started = time.monotonic()
    with pytest.raises(AslRuntimeError) as caught:
        _jsonata(expression)
    assert time.monotonic() - started < 5
    assert caught.value.error == "States.QueryEvaluationError"
    assert f"D1012: the regular expression /{SLOW}/ ran for more than" in caught.value.cause


def test_the_issues_pattern_finishes_within_seconds() -> None:
    started = time.monotonic()
    with pytest.raises(AslRuntimeError, match="returned nothing"):  # no match: undefined
        _jsonata("$match('" + "a" * 35 + "!', /^(a+)+$/)")
    assert time.monotonic() - started < 5


def test_jsonata_regexes_keep_their_meaning() -> None:
    assert _jsonata("$match('ab12cd3', /[0-9]+/).match") == ["12", "3"]
    assert _jsonata("$replace('abcb', /b/, 'X')") == "aXcX"
    assert _jsonata("$split('a, b,c', /,\\s*/)") == ["a", "b", "c"]
    assert _jsonata("$contains('ABC', /b/i)") is True


def test_a_jsonpath_regex_filter_fails_at_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.import_module("flowdsl.expr.jsonpath"), "DEFAULT_SECONDS", 0.3)
    path = compile_path(f"$.items[?(@.v =~ /{SLOW}/)]")
    started = time.monotonic()
    with pytest.raises(AslRuntimeError) as caught:
        path.select({"items": [{"v": "aa"}, {"v": VICTIM}]})
    assert time.monotonic() - started < 5
    assert caught.value.error == "States.Runtime"
    assert "ran for more than" in caught.value.cause


def test_jsonpath_regex_filters_keep_their_meaning() -> None:
    path = compile_path("$.items[?(@.v =~ /a.*/)]")
    assert path.select({"items": [{"v": "abc"}, {"v": "b"}, {"v": 1}]}) == [{"v": "abc"}]
