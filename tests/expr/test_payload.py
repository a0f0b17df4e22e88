"""Payload templates: the `.$` key rules of Parameters, ItemSelector and ResultSelector."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.payload import compile_template, render, resolve

DATA: dict[str, Any] = {"comment": "hi", "product": {"details": {"color": "blue", "size": "small"}}, "n": 3}
CONTEXT = {"Execution": {"Id": "arn:exec"}, "Map": {"Item": {"Value": {"id": 7}, "Index": 0}}}
VARIABLES = {"limit": 10}

RENDERED = [
    ("constant-copied", {"a": 1, "b": "$.not.a.path", "c": None}, {"a": 1, "b": "$.not.a.path", "c": None}),
    ("path-field", {"color.$": "$.product.details.color"}, {"color": "blue"}),
    ("whole-input", {"all.$": "$"}, {"all": DATA}),
    ("context-field", {"id.$": "$$.Execution.Id"}, {"id": "arn:exec"}),
    ("map-item", {"item.$": "$$.Map.Item.Value"}, {"item": {"id": 7}}),
    ("variable-field", {"limit.$": "$limit"}, {"limit": 10}),
    ("intrinsic-field", {"msg.$": "States.Format('{} x{}', $.comment, $.n)"}, {"msg": "hi x3"}),
    (
        "nested-objects",
        {"outer": {"inner.$": "$.n", "k": [1, {"deep.$": "$.comment"}]}},
        {"outer": {"inner": 3, "k": [1, {"deep": "hi"}]}},
    ),
    ("top-level-array", [{"a.$": "$.n"}, "b"], [{"a": 3}, "b"]),
    ("non-reference-path-gives-list", {"colors.$": "$.product.details.*"}, {"colors": ["blue", "small"]}),
    ("scalar-template", "plain", "plain"),
]


@pytest.mark.parametrize(("template", "expected"), [c[1:] for c in RENDERED], ids=[c[0] for c in RENDERED])
def test_render(template: Any, expected: Any) -> None:
    assert render(template, DATA, CONTEXT, VARIABLES) == expected


@pytest.mark.parametrize(("template", "expected"), [c[1:] for c in RENDERED], ids=[c[0] for c in RENDERED])
def test_compiled_template_renders_the_same(template: Any, expected: Any) -> None:
    compiled = compile_template(template)
    assert compiled.render(DATA, CONTEXT, VARIABLES) == expected
    assert compiled.render(DATA, CONTEXT, VARIABLES) == expected, "a compiled template renders repeatedly"


@pytest.mark.parametrize("compiled", [False, True], ids=["render", "compiled"])
def test_missing_path_is_worded_for_the_field(compiled: bool) -> None:
    template = {"x": {"JobName.$": "$.JobName"}}
    with pytest.raises(AslRuntimeError) as caught:
        if compiled:
            compile_template(template).render({}, CONTEXT, None)
        else:
            render(template, {}, CONTEXT)
    assert caught.value.error == "States.Runtime"
    assert (
        caught.value.cause
        == "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'"
    )


@pytest.mark.parametrize(
    ("template", "fragment"),
    [
        ({"a.$": 5}, "The value of the field 'a.$' must be a path or an intrinsic call"),
        ({"a.$": "not a path"}, "a path must start with '$'"),
        ({"a.$": "States.Nope()"}, "unknown intrinsic function 'States.Nope'"),
        ({"a.$": "States.ArrayLength($.n)"}, "must be array"),
    ],
    ids=["non-string", "malformed-path", "unknown-function", "intrinsic-failure"],
)
@pytest.mark.parametrize("compiled", [False, True], ids=["render", "compiled"])
def test_render_failures_are_states_runtime(template: Any, fragment: str, compiled: bool) -> None:
    with pytest.raises(AslRuntimeError) as caught:
        if compiled:
            compile_template(template).render(DATA, CONTEXT, VARIABLES)
        else:
            render(template, DATA, CONTEXT, VARIABLES)
    assert caught.value.error == "States.Runtime"
    assert fragment in caught.value.cause


def test_resolve_one_expression() -> None:
    assert resolve("States.MathAdd($.n, $limit)", DATA, CONTEXT, VARIABLES) == 13
