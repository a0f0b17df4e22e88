"""docs/integrations.md lists every optimized integration exactly as the registry describes it.

The table of optimized integrations is compared row for row, in the registry's order, with
the rows `row()` writes from each entry; after changing the registry, rewrite the table with
`python -c "from tests.docs.test_integrations_doc import table; print(table())"`.
"""

from __future__ import annotations

from pathlib import Path

from flowdsl import integrations
from flowdsl.model.integrations import INTEGRATIONS, PATTERN_NAMES, Integration

DOC = Path(__file__).resolve().parents[2] / "docs" / "integrations.md"
HEADER = "| integration | patterns | IAM actions | `.sync` adds | DSL constructor |"
_RULE_ACTIONS = ("events:PutTargets", "events:PutRule", "events:DescribeRule")


def _code(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"`{name}`" for name in dict.fromkeys(names)) or "—"


def row(entry: Integration) -> str:
    """The table row of one registry entry."""
    patterns = ", ".join(f"`{PATTERN_NAMES[p]}`" if p else PATTERN_NAMES[p] for p in entry.patterns)
    actions = [
        *entry.iam_actions,
        *(a for target in entry.targets for a in target.actions),
        *(a for actions, _ in entry.extra for a in actions),
        *(("iam:CreateServiceLinkedRole",) if entry.linked_role else ()),
    ]
    sync = _code(entry.sync_actions) if entry.sync_actions else ""
    if entry.sync_rule:
        rule = f"{_code(_RULE_ACTIONS)} on rule `{entry.sync_rule}`"
        sync = f"{sync}, {rule}" if sync else rule
    constructor = f"`{entry.constructor}`" if entry.constructor else "`Task(resource=...)`"
    return f"| `{entry.key}` | {patterns} | {_code(actions)} | {sync or '—'} | {constructor} |"


def table() -> str:
    return "\n".join([HEADER, "|---|---|---|---|---|", *(row(entry) for entry in INTEGRATIONS)])


def test_the_table_is_the_registry() -> None:
    lines = DOC.read_text().splitlines()
    start = lines.index(HEADER)
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    assert "\n".join(lines[start:end]) == table()


def test_every_constructor_is_in_the_table() -> None:
    named = {entry.constructor for entry in INTEGRATIONS}
    assert set(integrations.__all__) - named == {"aws_sdk"}
    assert all(entry.constructor in integrations.__all__ for entry in INTEGRATIONS if entry.constructor)
