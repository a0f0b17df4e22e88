"""Paths: Python attribute and index syntax writes the JSONPath Step Functions reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from flowdsl import CONTEXT, Path, S, var
from flowdsl.dsl import DslError
from flowdsl.expr.jsonpath import compile_path

PATHS = [
    ("root", S, "$"),
    ("attribute", S.Status, "$.Status"),
    ("nested", S.detail.case.id, "$.detail.case.id"),
    ("index", S.items[0], "$.items[0]"),
    ("negative index", S.items[-1], "$.items[-1]"),
    ("plain key by index", S["Status"], "$.Status"),
    ("odd key", S["odd key"], "$['odd key']"),
    ("dotted key", S["a.b"], "$['a.b']"),
    ("quote in key", S["it's"], "$['it\\'s']"),
    ("leading underscore", S["_private"], "$._private"),
    ("context", CONTEXT.Execution.Id, "$$.Execution.Id"),
    ("variable", var("total").amount, "$total.amount"),
    ("custom root", Path("$.a").b, "$.a.b"),
    ("no reserved names", S.family.name.text, "$.family.name.text"),
]


@pytest.mark.parametrize(("path", "text"), [p[1:] for p in PATHS], ids=[p[0] for p in PATHS])
def test_path_text(path: Path, text: str) -> None:
    assert str(path) == text


def test_paths_are_unhashable_because_eq_builds_conditions() -> None:
    with pytest.raises(TypeError):
        hash(S.a)


def test_underscore_attributes_are_not_path_steps() -> None:
    with pytest.raises(AttributeError):
        S._private  # noqa: B018


@pytest.mark.parametrize("key", [1.5, None, True], ids=["float", "None", "bool"])
def test_bad_index_raises(key: object) -> None:
    with pytest.raises(DslError) as caught:
        S[key]  # type: ignore[index]
    assert caught.value.diagnostics[0].code == "invalid-path"


@given(st.lists(st.one_of(st.text(max_size=12), st.integers(0, 3)), min_size=1, max_size=4))
@example(["A\n"])  # `$` in a Python regex matches before a final newline: `$.A\n` found nothing
def test_any_key_path_selects_that_key(steps: list[str | int]) -> None:
    """Whatever the keys, the written JSONPath finds exactly the value they name (EXPR's parser)."""
    path, value = S, "found"
    for step in steps:
        path = path[step]
    nested: object = value
    for step in reversed(steps):
        nested = [nested] * (step + 1) if isinstance(step, int) else {step: nested}
    assert compile_path(str(path)).select(nested, {}, {}) == value


# Type checkers reject these uses outright (hence `Any`); users without one get the DSL error.
def _iterate() -> object:
    items: Any = S.items
    return [step for step in items]


def _contains() -> object:
    tags: Any = S.tags
    return 1 in tags


def _call() -> object:
    method: Any = S.name.startswith
    return method("a")


@pytest.mark.parametrize(
    ("misuse", "hint"),
    [
        (_iterate, "use Map(..., items_path=S.items"),
        (_contains, "(S.x == 1) | (S.x == 2)"),
        (_call, "matches("),
    ],
    ids=["iterate", "in", "call"],
)
def test_build_time_misuse_of_a_path_says_what_to_write(misuse: Callable[[], object], hint: str) -> None:
    # Iterating used to go through __getitem__ (S.items[0], [1], ...) without end.
    with pytest.raises(DslError) as caught:
        misuse()
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, hint in diagnostic.message) == ("path-misuse", True)
    assert diagnostic.location.startswith("tests/dsl/test_paths.py:")
