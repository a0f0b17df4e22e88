"""Choice rules as short readable text for diagram edges (`$.Status == 1`, `$.a > $.b`).

Plain text only: escaping for Mermaid happens later, in `escape`. JSONPath rules read like the
DSL that builds them; JSONata `Condition`s are shown as the expression without `{% %}`.
"""

from __future__ import annotations

import json

from flowdsl.model import ChoiceRule
from flowdsl.model.base import Json
from flowdsl.model.operators import COMPARISONS, MATCHES, TYPE_TESTS

NO_CONDITION = "(no condition)"


def describe(rule: ChoiceRule) -> str:
    """The rule as one line: comparisons, `and`/`or`/`not (...)`, or the JSONata condition."""
    if rule.condition is not None:
        return jsonata_text(rule.condition)
    if rule.and_ is not None:
        return " and ".join(_operand(child) for child in rule.and_) or NO_CONDITION
    if rule.or_ is not None:
        return " or ".join(_operand(child) for child in rule.or_) or NO_CONDITION
    if rule.not_ is not None:
        return f"not ({describe(rule.not_)})"
    # A valid rule has exactly one operator; show all of an invalid one rather than hide any.
    tests = [_comparison(rule.variable or "?", op, value) for op, value in rule.comparisons()]
    return " and ".join(tests) or NO_CONDITION


def jsonata_text(value: Json) -> str:
    """A JSONata expression (or literal) as one line, without its `{% %}` delimiters."""
    if isinstance(value, str):
        inner = value.strip()
        if inner.startswith("{%") and inner.endswith("%}"):
            inner = inner[2:-2]
        return " ".join(inner.split())
    return json.dumps(value, ensure_ascii=False)


def _operand(rule: ChoiceRule) -> str:
    # Parenthesise nested And/Or so `a and (b or c)` keeps its meaning when read.
    text = describe(rule)
    return f"({text})" if rule.and_ is not None or rule.or_ is not None else text


def _comparison(variable: str, operator: str, value: Json) -> str:
    if operator in TYPE_TESTS:
        return f"{variable} is {'' if value else 'not '}{TYPE_TESTS[operator].reads}"
    if operator == MATCHES:
        return f"{variable} matches {json.dumps(value, ensure_ascii=False)}"
    found = COMPARISONS[operator]
    shown = value if found.by_path else _literal(found.family, value)
    return f"{variable} {found.relation.symbol} {shown}"


def _literal(family: str, value: Json) -> str:
    # Quotes tell a string from a number; timestamps say so, since they look like strings.
    shown = json.dumps(value, ensure_ascii=False)
    return f"timestamp {shown}" if family == "Timestamp" else shown
