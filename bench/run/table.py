"""The ratios table of bench_run.py, printed and written into docs/performance.md."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
Rates = dict[str, float]


def ratio(ours: float | None, theirs: float | None) -> str:
    if not (ours and theirs):
        return "-"
    value = ours / theirs
    return f"{value:.2f}x" if value < 10 else f"{value:.0f}x"


def markdown(engine: Rates, api: Rates, node: Rates, moto: Rates, extra: list[tuple[str, str]]) -> str:
    """One row per machine: flowdsl (engine, public API) against aws-local-stepfunctions and moto."""
    lines = [
        "| machine | engine / local-sfn | flowdsl.run / local-sfn | flowdsl.run / engine | engine / moto |",
        "|---|---|---|---|---|",
    ]
    for label, value in engine.items():
        cells = [
            ratio(value, node.get(label)),
            ratio(api.get(label), node.get(label)),
            ratio(api.get(label), value),
            ratio(value, moto.get(label)),
        ]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    lines += ["", "| measure | ratio |", "|---|---|", *(f"| {name} | {value} |" for name, value in extra)]
    return "\n".join(lines)


def write_docs(table: str, command: str, path: Path = DOCS) -> None:
    """Replace the table between the bench markers of docs/performance.md."""
    note = "ratios above 1x favour flowdsl (for times, below 1x does)"
    block = f"{START}\nWritten by `{command}`; {note}.\n\n{table}\n{END}"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    path.write_text(pattern.sub(lambda _: block, text), encoding="utf-8")
