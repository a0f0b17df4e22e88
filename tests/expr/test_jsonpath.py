"""JSONPath-mode paths: parsing, reference detection, selection and AWS's errors."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.expr.errors import AslRuntimeError, PathNotFoundError
from flowdsl.expr.jsonpath import PathSyntaxError, Root, compile_path

DATA: dict[str, Any] = {
    "foo": 123,
    "bar": ["a", "b", "c"],
    "car": {"cdr": True},
    "def ghi": 1,
    "it's": 2,
    "items": [{"price": 5, "name": "x"}, {"price": 20, "name": "y"}, {"price": 12}],
    "n": None,
}
CONTEXT = {"Execution": {"Id": "arn:exec", "Input": {"k": 1}}, "Map": {"Item": {"Index": 2}}}
VARIABLES = {"total": 42, "order": {"lines": [{"sku": "A1"}]}}

SELECT = [
    ("root", "$", DATA),
    ("field", "$.foo", 123),
    ("index", "$.bar[1]", "b"),
    ("negative-index", "$.bar[-1]", "c"),
    ("nested", "$.car.cdr", True),
    ("null-value", "$.n", None),
    ("bracket-single-quotes", "$['def ghi']", 1),
    ("bracket-double-quotes", '$["foo"]', 123),
    ("dot-then-bracket", "$.car.['cdr']", True),
    ("escaped-quote", "$['it\\'s']", 2),
    ("index-then-field", "$.items[1].name", "y"),
    ("context", "$$.Execution.Id", "arn:exec"),
    ("context-root", "$$.Map.Item.Index", 2),
    ("variable", "$total", 42),
    ("variable-field", "$order.lines[0].sku", "A1"),
    ("wildcard", "$.bar[*]", ["a", "b", "c"]),
    ("dot-wildcard", "$.car.*", [True]),
    ("slice", "$.bar[0:2]", ["a", "b"]),
    ("union", "$.bar[0,2]", ["a", "c"]),
    ("filter", "$.items[?(@.price > 10)].name", ["y"]),
    ("filter-rfc-syntax", "$.items[?@.price < 10].name", ["x"]),
    ("recursive-descent", "$..price", [5, 20, 12]),
    ("filter-without-match", "$.items[?(@.price > 100)]", []),
    ("context-wildcard", "$$.Execution.Input.*", [1]),
    ("jayway-length-script", "$.bar[(@.length-1)]", ["c"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in SELECT], ids=[case[0] for case in SELECT]
)
def test_select(text: str, expected: Any) -> None:
    assert compile_path(text).select(DATA, CONTEXT, VARIABLES) == expected


REFERENCE = [
    ("$", True),
    ("$.a.b[0]", True),
    ("$['a b'][-1]", True),
    ("$$.Execution.Input", True),
    ("$var.field", True),
    ("$.a[*]", False),
    ("$.a[0:1]", False),
    ("$.a[0,1]", False),
    ("$..a", False),
    ("$.a[?(@.b)]", False),
    ("$.*", False),
    ("$.a[(@.length-1)]", False),
]


@pytest.mark.parametrize(("text", "expected"), REFERENCE, ids=[case[0] for case in REFERENCE])
def test_is_reference(text: str, expected: bool) -> None:
    assert compile_path(text).is_reference is expected


@pytest.mark.parametrize(
    ("text", "root", "variable"),
    [("$.a", Root.INPUT, None), ("$$.a", Root.CONTEXT, None), ("$my_var2.a", Root.VARIABLE, "my_var2")],
    ids=["input", "context", "variable"],
)
def test_root(text: str, root: Root, variable: str | None) -> None:
    path = compile_path(text)
    assert (path.root, path.variable) == (root, variable)


def test_compile_is_cached() -> None:
    assert compile_path("$.cached.path") is compile_path("$.cached.path")


NOT_FOUND = [
    ("missing-key", "$.nope", "$['nope']"),
    ("missing-nested", "$.car.nope", "$['car']['nope']"),
    ("index-out-of-range", "$.bar[3]", "$['bar'][3]"),
    ("field-of-string", "$.foo.x", "$['foo']['x']"),
    ("index-of-object", "$.car[0]", "$['car'][0]"),
    ("index-of-string", "$.bar[0][0]", "$['bar'][0][0]"),
]


@pytest.mark.parametrize(("text", "normalised"), [c[1:] for c in NOT_FOUND], ids=[c[0] for c in NOT_FOUND])
def test_reference_path_finding_nothing_is_a_runtime_error(text: str, normalised: str) -> None:
    with pytest.raises(PathNotFoundError) as caught:
        compile_path(text).select(DATA)
    assert caught.value.error == "States.Runtime"
    assert caught.value.path == text
    assert caught.value.cause == f"Invalid path '{text}' : No results for path: {normalised}"


def test_undefined_variable_is_a_runtime_error() -> None:
    with pytest.raises(AslRuntimeError, match="variable is not defined") as caught:
        compile_path("$missing").select(DATA, CONTEXT, VARIABLES)
    assert caught.value.error == "States.Runtime"


SYNTAX = [
    ("no-dollar", "a.b", 0),
    ("empty", "", 0),
    ("unclosed-bracket", "$.a[", 4),
    ("unfinished-filter", "$.a[?(@.x >", 11),
    ("context-unclosed", "$$.a[", 5),
]


@pytest.mark.parametrize(("text", "position"), [c[1:] for c in SYNTAX], ids=[c[0] for c in SYNTAX])
def test_syntax_errors_carry_position(text: str, position: int) -> None:
    with pytest.raises(PathSyntaxError) as caught:
        compile_path(text)
    assert caught.value.position == position
    assert caught.value.text == text
    assert str(caught.value).startswith(f"invalid path '{text}': ")
