"""Property: a condition rendered as JSONata decides exactly as its JSONPath Choice rule does.

The oracle is the engine's JSONPath rule evaluation; inputs hold every field the conditions
read, with the type the condition's family expects, which is where both languages are defined
to agree (the differences on wrong types and missing fields are listed in docs/jsonata.md).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdsl.dsl import (
    Condition,
    S,
    is_boolean,
    is_null,
    is_numeric,
    is_present,
    is_string,
    is_timestamp,
    matches,
)
from flowdsl.dsl.conditions import rfc3339
from flowdsl.dsl.jsonata import condition_to_jsonata
from flowdsl.engine.choice import compile_rule
from flowdsl.engine.clock import Lane, VirtualClock
from flowdsl.engine.runtime import Run, Scope
from flowdsl.expr.jsonata import evaluate
from flowdsl.model import ChoiceRule

# What a JSONPath rule reads besides its input: no variables, and a clock it never looks at.
SCOPE = Scope(Run(VirtualClock(0), {}, {}, None, 0), Lane(0), {})
NUMBERS = st.one_of(st.integers(-5, 5), st.sampled_from([-1.5, 0.0, 0.5, 2.25]))
TEXTS = st.text(alphabet="ab.B ", max_size=4)
MOMENTS = st.builds(
    lambda minutes, millis, offset: (
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=offset)))
        + timedelta(minutes=minutes, milliseconds=millis)
    ),
    st.integers(-90, 90),
    st.sampled_from([0, 250]),
    st.integers(-3, 3),
)
INPUTS = st.fixed_dictionaries(
    {"n": NUMBERS, "m": NUMBERS, "s": TEXTS, "b": st.booleans(), "z": st.none(), "t": MOMENTS.map(rfc3339)}
)
OPERATORS = ["==", "!=", "<", "<=", ">", ">="]


def _compare(path: Any, op: str, other: Any) -> Condition:
    result: Condition = {
        "==": lambda: path == other,
        "!=": lambda: path != other,
        "<": lambda: path < other,
        "<=": lambda: path <= other,
        ">": lambda: path > other,
        ">=": lambda: path >= other,
    }[op]()
    return result


COMPARISONS = st.one_of(
    st.builds(lambda op, v: _compare(S.n, op, v), st.sampled_from(OPERATORS), NUMBERS),
    st.builds(lambda op: _compare(S.n, op, S.m), st.sampled_from(OPERATORS[2:])),
    st.builds(lambda op, v: _compare(S.s, op, v), st.sampled_from(OPERATORS), TEXTS),
    st.builds(lambda op, v: _compare(S.b, op, v), st.sampled_from(OPERATORS[:2]), st.booleans()),
    st.builds(lambda op, v: _compare(S.t, op, v), st.sampled_from(OPERATORS), MOMENTS),
)
TESTS = st.one_of(
    st.builds(is_present, st.sampled_from([S.n, S.z, S.missing]), st.booleans()),
    st.builds(is_null, st.sampled_from([S.z, S.n, S.s]), st.booleans()),
    st.builds(is_numeric, st.sampled_from([S.n, S.s, S.z]), st.booleans()),
    st.builds(is_string, st.sampled_from([S.s, S.n, S.t]), st.booleans()),
    st.builds(is_boolean, st.sampled_from([S.b, S.n]), st.booleans()),
    st.builds(is_timestamp, st.sampled_from([S.t, S.s, S.n]), st.booleans()),
    st.builds(lambda pattern: matches(S.s, pattern), st.text(alphabet="ab.*", max_size=4)),
)
CONDITIONS = st.recursive(
    st.one_of(COMPARISONS, TESTS),
    lambda inner: st.one_of(
        st.builds(lambda a, b: a & b, inner, inner),
        st.builds(lambda a, b: a | b, inner, inner),
        st.builds(lambda a: ~a, inner),
    ),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None)
@given(condition=CONDITIONS, data=INPUTS)
def test_jsonata_condition_decides_like_the_jsonpath_rule(condition: Condition, data: dict[str, Any]) -> None:
    expected = compile_rule(ChoiceRule.model_validate(condition.to_rule()))(data, None, SCOPE)
    text = condition_to_jsonata(condition)
    assert evaluate(text, states={"input": data}, variables={}) is expected, text


def test_timestamps_compare_as_instants() -> None:
    # Same instant, different offsets: equal for ASL, and so for the rendered JSONata.
    moment = datetime(2024, 1, 1, 12, tzinfo=UTC)
    data = {"t": "2024-01-01T14:00:00+02:00"}
    text = condition_to_jsonata(S.t == moment)
    assert evaluate(text, states={"input": data}, variables={}) is True
