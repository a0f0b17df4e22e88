"""`flowdsl schema`: the JSON Schema of a workflow's input and output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flowdsl.cli.main import cli
from tests.conftest import REPO_ROOT


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)


def schema(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema", "examples/callcenter_typed.py", *args])
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def test_input_schema_has_the_input_fields() -> None:
    found = schema()
    assert found["properties"] == {"inputCaseID": {"title": "Inputcaseid", "type": "string"}}
    assert found["required"] == ["inputCaseID"]
    assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_output_schema() -> None:
    found = schema("--of", "output")
    assert set(found["properties"]) == {"Case", "Message", "Status"}


def test_written_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "input.schema.json"
    result = CliRunner().invoke(cli, ["schema", "examples/callcenter_typed.py", "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text())["title"] == "CaseRequest"


def test_untyped_asl_file_is_any_json(tmp_path: Path) -> None:
    asl = tmp_path / "m.asl.json"
    asl.write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}))
    result = CliRunner().invoke(cli, ["schema", str(asl)])
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)) == {"$schema", "title"}


def test_inferred_output_without_output_model(tmp_path: Path) -> None:
    source = tmp_path / "wf.py"
    source.write_text(
        "from flowdsl import Pass, Workflow\n"
        "from lambdas.callcenter_typed import CaseRequest\n"
        'done = Pass("P", result={"done": True}, result_path="$.out")\n'
        'workflow = Workflow("W", done, input_model=CaseRequest)\n'
    )
    result = CliRunner().invoke(cli, ["schema", str(source), "--of", "output"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["properties"]["out"] == {
        "type": "object", "properties": {"done": {"type": "boolean"}}, "required": ["done"],
        "additionalProperties": False,
    }  # fmt: skip
    assert found["required"] == ["inputCaseID", "out"]
