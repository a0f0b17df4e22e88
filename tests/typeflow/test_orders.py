"""A typed workflow using most constructs (Map, Parallel, Catch, Retry, Wait, And/Or/Not, timestamps,
Optional and nested models, aliases, Decimal, dict fields, intrinsics, JSONata, variables): valid as
written, and each planted mistake is reported once, with its code, at the line it is on."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowdsl.checks import validate_source
from flowdsl.loader import load_source

TEXT = (Path(__file__).parent / "data" / "orders.py.txt").read_text(encoding="utf-8")

# id -> (text replaced, replacement, expected code)
PLANTED = {
    "nested-typo": ("S.summary.total >= 3", "S.summary.totl >= 3", "path-not-in-input"),
    "literal-vs-string": ('S.kind == "a"', "S.kind == 1", "choice-type-mismatch"),
    "optional-model-typo": ('S.addr.city == "x"', 'S.addr.cty == "x"', "path-not-in-input"),
    "map-result-typo": ("S.scores[0].score > 1", "S.scores[0].scor > 1", "path-not-in-input"),
    "parallel-result-typo": ("S.par[0].n == 2", "S.par[0].m == 2", "path-not-in-input"),
    "boolean-vs-decimal": ("S.amount > 3", "S.amount == True", "choice-type-mismatch"),
    "timestamp-vs-number": ("S.placed > datetime", "S.ratio > datetime", "choice-type-mismatch"),
    "task-given-an-array": ("input_path=S.summary,", "input_path=S.scores,", "task-input-mismatch"),
    "variable-typo": ('output=expr("$who")', 'output=expr("$who.name")', "path-not-in-input"),
    "error-object-typo": ('"$.err.Cause"', '"$.err.Causes"', "path-not-in-input"),
    "dict-values-are-booleans": ("S.flags.fast == True", "S.flags.fast == 1", "choice-type-mismatch"),
    "alias-not-field-name": (
        '"id": expr("$states.input.orderId")',
        '"id": expr("$states.input.order_id")',
        "path-not-in-input",
    ),
    "map-over-object": ("items_path=S.items", "items_path=S.addr", "items-not-array"),
}


def _errors(text: str, tmp_path: Path) -> list[tuple[str, str]]:
    path = tmp_path / "orders.py"
    path.write_text(text, encoding="utf-8")
    return [(d.code, d.location) for d in validate_source(load_source(path)) if d.is_error]


def test_the_valid_workflow_has_no_error(tmp_path: Path) -> None:
    assert _errors(TEXT, tmp_path) == []


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_each_planted_mistake(planted: str, tmp_path: Path) -> None:
    old, new, code = PLANTED[planted]
    assert TEXT.count(old) == 1
    text = TEXT.replace(old, new)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if new in row)
    # A Choice rule is reported at its `.when(...)` line, every other state at its own line.
    assert _errors(text, tmp_path) == [(code, f"{tmp_path / 'orders.py'}:{line}")]
