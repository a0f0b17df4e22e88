"""Choice rule spellings the importer needs and people can use: a timestamp compared with its
RFC 3339 text as written, a comment on a nested rule, and a constant JSONata condition."""

from __future__ import annotations

import pytest

from flowdsl import Choice, Pass, S, Workflow, constant, is_present, timestamp
from flowdsl.dsl import DslError


def _rules(choice: Choice, *, query_language: str | None = None) -> list[dict[str, object]]:
    workflow = Workflow("W", choice, query_language=query_language)  # type: ignore[arg-type]
    rules: list[dict[str, object]] = workflow.to_asl()["States"]["C"]["Choices"]
    return rules


def test_timestamp_path_compared_with_text_keeps_the_text() -> None:
    choice = Choice("C").when(timestamp(S.at) < "2016-03-14T01:59:00.000Z", Pass("P"))
    assert _rules(choice) == [
        {"Variable": "$.at", "TimestampLessThan": "2016-03-14T01:59:00.000Z", "Next": "P"}
    ]


def test_untyped_path_compared_with_text_is_still_a_string_comparison() -> None:
    choice = Choice("C").when(S.at == "2016-03-14T01:59:00Z", Pass("P"))
    assert _rules(choice)[0]["StringEquals"] == "2016-03-14T01:59:00Z"


def test_nested_rule_comment() -> None:
    condition = is_present(S.a).with_comment("first") & (S.b == 1)
    rule = _rules(Choice("C").when(condition, Pass("P")))[0]
    assert rule["And"] == [
        {"Variable": "$.a", "IsPresent": True, "Comment": "first"},
        {"Variable": "$.b", "NumericEquals": 1},
    ]


def test_commented_group_keeps_its_nesting_in_jsonata() -> None:
    condition = (S.a == 1) & ((S.b == 2) | (S.c == 3)).with_comment("either")
    rule = _rules(Choice("C").when(condition, Pass("P")), query_language="JSONata")[0]
    assert rule["Condition"] == "{% $states.input.a = 1 and ($states.input.b = 2 or $states.input.c = 3) %}"


def test_rule_comment_must_be_text() -> None:
    with pytest.raises(DslError, match="rule comment must be a str"):
        (S.a == 1).with_comment(3)  # type: ignore[arg-type]


def test_constant_jsonata_condition_is_the_literal() -> None:
    rules = _rules(Choice("C").when(constant(True), Pass("P")), query_language="JSONata")
    assert rules == [{"Condition": True, "Next": "P"}]


def test_constant_inside_a_combination_is_jsonata_true() -> None:
    rule = _rules(Choice("C").when(constant(False) | (S.a == 1), Pass("P")), query_language="JSONata")[0]
    assert rule["Condition"] == "{% false or $states.input.a = 1 %}"


def test_constant_in_jsonpath_is_reported() -> None:
    workflow = Workflow("W", Choice("C").when(constant(True), Pass("P")))
    found = [d for d in workflow.validate() if d.code == "jsonata-condition"]
    assert found and "is a JSONata constant" in found[0].message


def test_constant_takes_a_bool() -> None:
    with pytest.raises(DslError, match="constant\\(\\) takes True or False"):
        constant(1)  # type: ignore[arg-type]
