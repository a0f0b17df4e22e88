"""Property: the same template of paths reads the same values in JSONPath and in JSONata.

A template whose leaves are DSL paths into a random input is compiled twice: as a JSONPath
`parameters=` (rendered by the engine's payload-template rules) and as a JSONata `output=`
(evaluated by the JSONata evaluator). Both must give the template with every path replaced by
the value it names, so the compiler's two ways of writing a path agree with each other and
with what the path means.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdsl import Pass, S, Workflow
from flowdsl.compiler import compile_workflow
from flowdsl.dsl import Path
from flowdsl.expr.jsonata import evaluate_template
from flowdsl.expr.payload import render
from flowdsl.model import QueryLanguage, to_asl

# Keys JSONPath dots and JSONata reads bare, and keys both must quote or backquote.
KEYS = st.sampled_from(["a", "b_c", "x-y", "odd key", "and", "in", "it's", "é", "9lives", "$d"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(alphabet="ab ", max_size=3))
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=12,
)


@st.composite
def reference(draw: st.DrawFn, data: Any) -> tuple[Path, Any]:
    """A path into `data` that exists, and the value it names."""
    path, value = S, data
    while isinstance(value, dict | list) and value and draw(st.booleans()):
        step: str | int = draw(
            st.sampled_from(sorted(value) if isinstance(value, dict) else range(len(value)))
        )
        path, value = path[step], value[step]  # type: ignore[index]
    return path, value


@st.composite
def case(draw: st.DrawFn) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """An input, a template of paths into it (nested once at most), and its expected value."""
    data = draw(st.dictionaries(KEYS, DATA, min_size=1, max_size=4))
    template: dict[str, Any] = {}
    expected: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(["one", "two", "three"]), min_size=1, unique=True)):
        path, value = draw(reference(data))
        if draw(st.booleans()):
            template[name], expected[name] = {"inner": path, "k": 1}, {"inner": value, "k": 1}
        else:
            template[name], expected[name] = path, value
    return data, template, expected


def compiled(field: str, template: dict[str, Any], language: QueryLanguage) -> Any:
    state = Pass("T", parameters=template) if field == "Parameters" else Pass("T", output=template)
    source = compile_workflow(Workflow("W", state, query_language=language))
    assert source.diagnostics == ()
    return to_asl(source.definition)["States"]["T"][field]


@settings(max_examples=150, deadline=None)
@given(case())
def test_jsonpath_and_jsonata_read_the_same_values(drawn: tuple[Any, dict[str, Any], dict[str, Any]]) -> None:
    data, template, expected = drawn
    assert render(compiled("Parameters", template, "JSONPath"), data) == expected
    jsonata = compiled("Output", template, "JSONata")
    assert evaluate_template(jsonata, states={"input": data}, variables={}) == expected
