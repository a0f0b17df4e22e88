"""The Choice operator table: the model, the DSL, JSONata and diagrams all follow it."""

from __future__ import annotations

from typing import get_args

import pytest

from flowdsl import S
from flowdsl.dsl.conditions import Comparison as DslComparison
from flowdsl.dsl.jsonata import condition_to_jsonata
from flowdsl.dsl.paths import Family
from flowdsl.model import ChoiceRule
from flowdsl.model.operators import COMPARISONS, FAMILIES, MATCHES, OPERATOR_NAMES, TYPE_TESTS, comparison
from flowdsl.render.conditions import describe

OPERAND_FIELDS = {"variable", "comment", "and_", "or_", "not_", "condition", "assign", "output", "next"}


def test_the_model_declares_one_rule_field_per_operator() -> None:
    aliases = [
        str(info.alias) for name, info in ChoiceRule.model_fields.items() if name not in OPERAND_FIELDS
    ]
    assert sorted(aliases) == sorted(OPERATOR_NAMES)
    assert len(OPERATOR_NAMES) == 16 * 2 + 1 + 6  # ASL spec "Choice Rules": 16 comparisons, Path forms


def test_the_dsl_families_are_the_tables() -> None:
    assert set(get_args(Family)) == set(FAMILIES)


def test_booleans_only_compare_for_equality() -> None:
    assert [c.name for c in COMPARISONS.values() if c.family == "Boolean"] == [
        "BooleanEquals",
        "BooleanEqualsPath",
    ]
    assert comparison("Boolean", "<", by_path=False) is None


@pytest.mark.parametrize(
    ("condition", "operator", "jsonata", "diagram"),
    [
        (S.n < 3, "NumericLessThan", "{% $states.input.n < 3 %}", "$.n < 3"),
        (S.s >= "b", "StringGreaterThanEquals", "{% $states.input.s >= 'b' %}", '$.s >= "b"'),
        (S.a <= S.b, "NumericLessThanEqualsPath", "{% $states.input.a <= $states.input.b %}", "$.a <= $.b"),
        (S.f == True, "BooleanEquals", "{% $states.input.f = true %}", "$.f == true"),  # noqa: E712
    ],
    ids=["numeric", "string", "path", "boolean"],
)
def test_one_comparison_through_every_layer(
    condition: DslComparison, operator: str, jsonata: str, diagram: str
) -> None:
    assert condition.operator == operator
    assert condition_to_jsonata(condition) == jsonata
    assert describe(ChoiceRule.model_validate(condition.to_rule())) == diagram


@pytest.mark.parametrize("name", [*TYPE_TESTS, MATCHES])
def test_every_test_operator_prints_in_diagrams(name: str) -> None:
    value = "a*" if name == MATCHES else True
    text = describe(ChoiceRule.model_validate({"Variable": "$.x", name: value}))
    assert text.startswith("$.x ") and (name == MATCHES or TYPE_TESTS[name].reads in text)
