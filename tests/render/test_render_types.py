"""`flowdsl diagram --types`: each transition is labelled with the fields it carries; Mermaid parses it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from flowdsl import Choice, Pass, S, Succeed, Task, Workflow
from flowdsl.cli.main import cli
from flowdsl.compiler import compile_workflow
from flowdsl.render import mermaid
from flowdsl.typeflow import analyse
from flowdsl.typeflow.edges import describe, edge_labels
from flowdsl.typeflow.jtype import ANY, INTEGER, STRING, Arr, Obj, Union
from tests.conftest import REPO_ROOT
from tests.mermaid.harness import MermaidParser
from tests.typeflow.models import Order


def _labels(workflow: Workflow) -> dict[tuple[str, str | None], str]:
    analysis = analyse(compile_workflow(workflow))
    assert analysis is not None
    return dict(edge_labels(analysis))


def test_describe_names_fields_optional_ones_and_open_objects() -> None:
    assert describe(ANY) == ""
    assert describe(Obj({"a": STRING, "b": INTEGER}, frozenset({"a"}))) == "{a, b?}"
    assert describe(Obj({"a": STRING}, frozenset({"a"}), ANY)) == "{a, ...}"
    assert describe(Arr(Obj({"a": STRING}, frozenset({"a"})))) == "[{a}]"
    union = Union((Obj({"a": STRING}, frozenset({"a"})), Obj({"b": STRING}, frozenset({"b"}))))
    assert describe(union) == "{a} | {b}"
    many = Obj({f"f{i}": STRING for i in range(8)}, frozenset())
    assert describe(many) == "{f0?, f1?, f2?, f3?, f4?, f5?, +2}"


def test_every_transition_of_a_typed_workflow_is_labelled(mermaid_parser: MermaidParser) -> None:
    picked = Pass("Pick", parameters={"id": S.id, "rush": S.rush})
    risky = Task("Risky", resource="arn:aws:states:::sqs:sendMessage", result_path="$.sent")
    risky.catch(["States.ALL"], Pass("Recover"), result_path="$.error")
    choice = Choice("Rush?").when(S.rush == True, Succeed("Fast")).otherwise(picked >> risky)  # noqa: E712
    workflow = Workflow("T", choice, input_model=Order)
    labels = _labels(workflow)
    assert labels["Pick", "Risky"] == "{id, rush}"
    assert labels["Risky", "Recover"] == "{id, rush, error}"
    assert labels["Risky", None].startswith("{id, rush, sent}")
    text = mermaid(compile_workflow(workflow).definition, notes=labels)
    displayed = [edge.text for edge in mermaid_parser.graph(text).edges]
    assert "{id, rush}" in displayed
    assert any(
        t.startswith("$.rush == true") and t.endswith("{id, lines, rush, note?, totalCents}")
        for t in displayed
    )
    assert any(t.startswith("States.ALL") and "{id, rush, error}" in t for t in displayed)


def test_cli_labels_the_typed_call_center() -> None:
    result = CliRunner().invoke(
        cli, ["diagram", str(REPO_ROOT / "examples/callcenter_typed.py"), "--types", "-o", "-"]
    )
    assert result.exit_code == 0, result.output
    assert '-->|"{Case, Message}"|' in result.output


def test_cli_types_on_an_untyped_workflow_warns_and_draws_the_plain_diagram(tmp_path: Path) -> None:
    source = tmp_path / "flow.asl.json"
    source.write_text(json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}))
    plain = CliRunner().invoke(cli, ["diagram", str(source), "-o", "-"])
    typed = CliRunner().invoke(cli, ["diagram", str(source), "--types", "-o", "-"])
    assert typed.exit_code == 0
    assert "--types: the workflow declares no model" in typed.stderr
    assert typed.stdout == plain.stdout
