"""compile and diagram name, guard and check their outputs by one rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from flowdsl.cli.generated import stem
from flowdsl.cli.main import cli

MACHINE = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}\n'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("examples/callcenter.py", "callcenter"),
        ("flows/order.asl.json", "order"),
        ("flows/order.json", "order"),
        ("flows/v1.2.order.py", "v1.2.order"),
        ("flows/a.b.asl.json", "a.b"),
    ],
    ids=["py", "asl-json", "json", "dotted-py", "dotted-asl"],
)
def test_stem_drops_only_source_suffixes(source: str, expected: str) -> None:
    assert stem(Path(source)) == expected


def test_compile_and_diagram_agree_on_a_dotted_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("v1.2.flow.asl.json").write_text(MACHINE)
    runner = CliRunner()
    assert runner.invoke(cli, ["compile", "v1.2.flow.asl.json"]).exit_code == 0
    assert runner.invoke(cli, ["diagram", "v1.2.flow.asl.json"]).exit_code == 0
    assert sorted(p.name for p in Path("build").iterdir()) == ["v1.2.flow.asl.json", "v1.2.flow.mmd"]
