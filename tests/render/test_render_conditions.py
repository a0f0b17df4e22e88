"""Choice conditions as edge labels: each rule is drawn, parsed by mermaid, and read back."""

from __future__ import annotations

from typing import Any

import pytest

from tests.render.drawing import Drawer, machine

V = {"Variable": "$.v"}
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "numeric-equals": ({**V, "NumericEquals": 1}, "$.v == 1"),
    "numeric-float": ({**V, "NumericLessThan": 2.5}, "$.v < 2.5"),
    "numeric-gte": ({**V, "NumericGreaterThanEquals": -3}, "$.v >= -3"),
    "string-equals": ({**V, "StringEquals": "done"}, '$.v == "done"'),
    "string-lte": ({**V, "StringLessThanEquals": "m"}, '$.v <= "m"'),
    "string-quotes-inside": ({**V, "StringEquals": 'say "hi"'}, '$.v == "say \\"hi\\""'),
    "boolean": ({**V, "BooleanEquals": False}, "$.v == false"),
    "timestamp": (
        {**V, "TimestampGreaterThan": "2026-01-01T00:00:00Z"},
        '$.v > timestamp "2026-01-01T00:00:00Z"',
    ),
    "path-variant": ({"Variable": "$.a", "NumericGreaterThanPath": "$.b"}, "$.a > $.b"),
    "string-path": ({"Variable": "$.a", "StringEqualsPath": "$$.Execution.Name"}, "$.a == $$.Execution.Name"),
    "matches": ({**V, "StringMatches": "log-*.txt"}, '$.v matches "log-*.txt"'),
    "is-present": ({**V, "IsPresent": True}, "$.v is present"),
    "is-not-present": ({**V, "IsPresent": False}, "$.v is not present"),
    "is-null": ({**V, "IsNull": True}, "$.v is null"),
    "is-numeric": ({**V, "IsNumeric": True}, "$.v is numeric"),
    "is-string": ({**V, "IsString": False}, "$.v is not a string"),
    "is-boolean": ({**V, "IsBoolean": True}, "$.v is a boolean"),
    "is-timestamp": ({**V, "IsTimestamp": True}, "$.v is a timestamp"),
    "and": (
        {"And": [{**V, "IsPresent": True}, {**V, "NumericGreaterThan": 0}]},
        "$.v is present and $.v > 0",
    ),
    "or-inside-and": (
        {"And": [{**V, "IsNumeric": True}, {"Or": [{**V, "NumericEquals": 1}, {**V, "NumericEquals": 2}]}]},
        "$.v is numeric and ($.v == 1 or $.v == 2)",
    ),
    "not": ({"Not": {**V, "StringEquals": "x"}}, 'not ($.v == "x")'),
    "not-of-or": (
        {"Not": {"Or": [{**V, "IsNull": True}, {**V, "BooleanEquals": True}]}},
        "not ($.v is null or $.v == true)",
    ),
    "jsonata": ({"Condition": "{% $states.input.Status = 1 %}"}, "$states.input.Status = 1"),
    "jsonata-multiline": (
        {"Condition": "{%\n  $count($states.input.items) > 0\n  and $x != 'a|b'\n%}"},
        "$count($states.input.items) > 0 and $x != 'a|b'",
    ),
    "jsonata-literal": ({"Condition": True}, "true"),
    "no-operator": ({**V}, "(no condition)"),
}


@pytest.mark.parametrize(("rule", "label"), CASES.values(), ids=CASES.keys())
def test_condition_label(draw: Drawer, rule: dict[str, Any], label: str) -> None:
    choice = {"Type": "Choice", "Choices": [{**rule, "Next": "Yes"}], "Default": "No"}
    drawn = draw(machine({"C": choice, "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}}))
    labels = [text for start, _, text, _ in drawn.edges() if start == "s0"]
    assert labels == [label, "default"]
