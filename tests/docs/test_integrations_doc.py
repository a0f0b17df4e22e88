"""docs/integrations.md lists every optimized integration as the registry describes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowdsl import integrations
from flowdsl.model.integrations import INTEGRATIONS, PATTERN_NAMES, Integration

DOC = Path(__file__).resolve().parents[2] / "docs" / "integrations.md"


def _row(entry: Integration) -> str:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith(f"| `{entry.key}` |")]
    assert len(rows) == 1, f"docs/integrations.md has {len(rows)} rows for {entry.key}"
    return rows[0]


@pytest.mark.parametrize("entry", INTEGRATIONS, ids=lambda e: e.key)
def test_the_table_row_matches_the_registry(entry: Integration) -> None:
    cells = [cell.strip() for cell in _row(entry).strip("|").split("|")]
    patterns = [PATTERN_NAMES[p] for p in entry.patterns]
    assert [p.strip("`") for p in cells[1].split(", ")] == patterns
    for action in (*entry.iam_actions, *entry.sync_actions):
        assert f"`{action}`" in _row(entry)
    if entry.constructor:
        assert cells[4] == f"`{entry.constructor}`"
        assert entry.constructor in integrations.__all__


def test_every_constructor_is_in_the_table() -> None:
    named = {entry.constructor for entry in INTEGRATIONS}
    assert set(integrations.__all__) - named == {"aws_sdk"}
