"""`flowdsl diagram` through click's CliRunner; every diagram written is checked by mermaid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from flowdsl.cli.main import cli
from flowdsl.model import parse_machine
from flowdsl.render import mermaid
from tests.mermaid.harness import MermaidParser

ORDER = {
    "StartAt": "Take Order",
    "States": {"Take Order": {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}},
}
TWO_WORKFLOWS = """
from flowdsl import Pass, Succeed, Workflow

first = Workflow("First", Pass("One") >> Succeed("Finished"))
second = Workflow("Second", Pass("Two") >> Succeed("Finished"))
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "order.asl.json").write_text(json.dumps(ORDER), encoding="utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["diagram", *args])


def test_asl_file_goes_to_build_stem_mmd(workdir: Path, mermaid_parser: MermaidParser) -> None:
    result = run("order.asl.json")
    assert result.exit_code == 0, result.output
    written = (workdir / "build" / "order.mmd").read_text(encoding="utf-8")
    assert written == mermaid(parse_machine(ORDER))
    assert mermaid_parser.parse(written).ok
    assert "wrote build/order.mmd" in result.stderr


def test_python_workflow_goes_to_build_stem_mmd(
    workdir: Path, repo_root: Path, mermaid_parser: MermaidParser
) -> None:
    result = run(str(repo_root / "examples" / "callcenter.py"))
    assert result.exit_code == 0, result.output
    graph = mermaid_parser.graph((workdir / "build" / "callcenter.mmd").read_text(encoding="utf-8"))
    names = {v.text.split("\n")[0] for v in graph.vertices.values()}
    assert names >= {"Open Case", "Is Case Resolved", "Fail"}


def test_name_picks_one_of_several_workflows(workdir: Path, mermaid_parser: MermaidParser) -> None:
    (workdir / "flows.py").write_text(TWO_WORKFLOWS, encoding="utf-8")
    result = run("flows.py", "--name", "Second", "-o", "-")
    assert result.exit_code == 0, result.output
    assert {v.text for v in mermaid_parser.graph(result.stdout).vertices.values()} >= {"Two"}
    assert '"One"' not in result.stdout


def test_dash_writes_to_stdout(workdir: Path) -> None:
    result = run("order.asl.json", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout == mermaid(parse_machine(ORDER))
    assert not (workdir / "build").exists()


def test_refuses_to_overwrite_the_source(workdir: Path) -> None:
    result = run("order.asl.json", "-o", "order.asl.json")
    assert result.exit_code == 1
    assert "error: refusing to overwrite the source file 'order.asl.json'" in result.stderr
    assert json.loads((workdir / "order.asl.json").read_text(encoding="utf-8")) == ORDER


def test_refuses_to_overwrite_a_file_that_is_not_a_diagram(workdir: Path) -> None:
    (workdir / "notes.md").write_text("# my notes\n", encoding="utf-8")
    result = run("order.asl.json", "-o", "notes.md")
    assert result.exit_code == 1
    assert "it is not a Mermaid flowchart" in result.stderr
    assert (workdir / "notes.md").read_text(encoding="utf-8") == "# my notes\n"


def test_replaces_an_older_diagram(workdir: Path) -> None:
    (workdir / "old.mmd").write_text("flowchart TD\n  a --> b\n", encoding="utf-8")
    assert run("order.asl.json", "-o", "old.mmd").exit_code == 0
    assert (workdir / "old.mmd").read_text(encoding="utf-8") == mermaid(parse_machine(ORDER))


def test_replaces_a_diagram_with_front_matter(workdir: Path) -> None:
    # What diagram writes now starts with its `---` config block, not `flowchart`.
    assert run("order.asl.json", "-o", "out.mmd").exit_code == 0
    assert (workdir / "out.mmd").read_text(encoding="utf-8").startswith("---\nconfig:\n")
    assert run("order.asl.json", "-o", "out.mmd").exit_code == 0


@pytest.mark.parametrize(
    ("existing", "code", "message"),
    [(None, 1, "is missing"), ("flowchart TD\n  a --> b\n", 1, "is stale"), ("fresh", 0, "is up to date")],
    ids=["missing", "stale", "fresh"],
)
def test_check_compares_without_writing(workdir: Path, existing: str | None, code: int, message: str) -> None:
    target = workdir / "build" / "order.mmd"
    if existing is not None:
        target.parent.mkdir()
        target.write_text(
            mermaid(parse_machine(ORDER)) if existing == "fresh" else existing, encoding="utf-8"
        )
    result = run("order.asl.json", "--check")
    assert (result.exit_code, message in result.stderr) == (code, True), result.output
    assert target.exists() == (existing is not None)


def test_unloadable_source_is_one_located_error(workdir: Path) -> None:
    (workdir / "broken.asl.json").write_text(
        '{"StartAt": "A", "States": {"A": {"Type": "Nope"}}}', encoding="utf-8"
    )
    result = run("broken.asl.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("flowdsl: error: ")
    assert "Traceback" not in result.output
    assert not (workdir / "build").exists()


def test_missing_source(workdir: Path) -> None:
    result = run("nothere.asl.json")
    assert result.exit_code == 1
    assert "nothere.asl.json" in result.stderr


def test_diagram_is_a_registered_command() -> None:
    assert "diagram" in CliRunner().invoke(cli, ["--help"]).output
