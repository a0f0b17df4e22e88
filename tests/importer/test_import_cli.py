"""`flowdsl import` through click's CliRunner: ASL files, SAM/CloudFormation templates, output rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from flowdsl.cli.main import cli
from flowdsl.diagnostics import FlowdslError
from flowdsl.importer import import_asl
from flowdsl.importer.sources import read_source
from flowdsl.loader import load_python
from flowdsl.model import to_asl
from tests.conftest import REPO_ROOT

DEFINITION = {
    "StartAt": "Put Item",
    "States": {
        "Put Item": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {"TableName": "${TableName}", "Item": {"id": {"S.$": "$.id"}}},
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
    },
}

SAM_YAML = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  OrderMachine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionSubstitutions:
        TableName: !Ref Table
      Role: !GetAtt Role.Arn
      Definition:
        StartAt: Wait Until
        States:
          Wait Until:
            Type: Wait
            Timestamp: 2016-03-14T01:59:00Z
            Next: Notify
          Notify:
            Type: Task
            Resource: !GetAtt Notifier.Arn
            End: true
  FileMachine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/put.asl.json
"""


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _compiled(file: Path) -> dict[str, object]:
    return to_asl(load_python(file).definition)


@pytest.fixture
def asl(tmp_path: Path) -> Path:
    path = tmp_path / "put_item.asl.json"
    path.write_text(json.dumps(DEFINITION), encoding="utf-8")
    return path


def test_asl_file_is_written_beside_it_and_compiles_back(asl: Path) -> None:
    result = _invoke("import", str(asl))
    assert result.exit_code == 0, result.output
    target = asl.with_name("put_item.py")
    text = target.read_text(encoding="utf-8")
    assert 'table_name="${TableName}", item={"id": {"S": S.id}}' in text  # dynamodb_put_item
    assert 'Workflow("PutItem", put_item >> done)' in text
    assert _compiled(target) == DEFINITION


def test_never_overwrites_without_force(asl: Path) -> None:
    target = asl.with_name("put_item.py")
    target.write_text("# mine\n", encoding="utf-8")
    result = _invoke("import", str(asl))
    assert result.exit_code == 1
    assert "error: refusing to overwrite" in result.output and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert _invoke("import", str(asl), "--force").exit_code == 0
    assert _compiled(target) == DEFINITION


def test_dash_prints_and_name_sets_the_workflow(asl: Path) -> None:
    result = _invoke("import", str(asl), "-o", "-", "--name", "Orders")
    assert result.exit_code == 0
    assert 'workflow = Workflow("Orders", put_item >> done)' in result.output
    assert not asl.with_name("put_item.py").exists()


def test_template_with_several_machines_writes_one_file_each(tmp_path: Path) -> None:
    (tmp_path / "statemachine").mkdir()
    (tmp_path / "statemachine" / "put.asl.json").write_text(json.dumps(DEFINITION), encoding="utf-8")
    template = tmp_path / "template.yaml"
    template.write_text(SAM_YAML, encoding="utf-8")
    result = _invoke("import", str(template))
    assert result.exit_code == 0, result.output
    order = tmp_path / "template_order_machine.py"
    assert _compiled(tmp_path / "template_file_machine.py") == DEFINITION
    compiled = _compiled(order)
    assert compiled["States"]["Wait Until"]["Timestamp"] == "2016-03-14T01:59:00Z"  # type: ignore[index]
    assert compiled["States"]["Notify"]["Resource"] == {"Fn::GetAtt": ["Notifier", "Arn"]}  # type: ignore[index]
    assert 'Workflow("OrderMachine"' in order.read_text(encoding="utf-8")


def test_machine_picks_one_and_o_needs_it(tmp_path: Path) -> None:
    (tmp_path / "statemachine").mkdir()
    (tmp_path / "statemachine" / "put.asl.json").write_text(json.dumps(DEFINITION), encoding="utf-8")
    template = tmp_path / "template.yaml"
    template.write_text(SAM_YAML, encoding="utf-8")
    several = _invoke("import", str(template), "-o", str(tmp_path / "x.py"))
    assert several.exit_code == 1
    assert "'OrderMachine', 'FileMachine'" in several.output and "--machine" in several.output
    one = _invoke("import", str(template), "--machine", "FileMachine", "-o", str(tmp_path / "x.py"))
    assert one.exit_code == 0
    assert _compiled(tmp_path / "x.py") == DEFINITION
    unknown = _invoke("import", str(template), "--machine", "Nope")
    assert unknown.exit_code == 1 and "no state machine 'Nope'" in unknown.output


def test_cloudformation_json_with_definition_string_in_sub(tmp_path: Path) -> None:
    template = {
        "Resources": {
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {
                    "DefinitionString": {"Fn::Sub": [json.dumps(DEFINITION), {"TableName": {"Ref": "T"}}]},
                    "DefinitionSubstitutions": {"TableName": {"Ref": "T"}},
                },
            }
        }
    }
    path = tmp_path / "stack.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    assert _invoke("import", str(path)).exit_code == 0
    assert _compiled(tmp_path / "stack.py") == DEFINITION


@pytest.mark.parametrize(
    ("text", "name", "code", "says"),
    [
        ("{not json", "bad.json", "import-bad-template", "not valid JSON"),
        ("a: [unclosed", "bad.yaml", "import-bad-template", "not valid JSON or YAML"),
        ('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', "t.json", "import-no-state-machine",
         "no state machine"),
        ('{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": '
         '{"DefinitionS3Location": {"Bucket": "b", "Key": "k"}}}}}', "t.json", "import-bad-template",
         "DefinitionS3Location is in S3"),
        ('{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": '
         '{"DefinitionString": "{oops"}}}}', "t.json", "import-bad-template", "not valid JSON"),
        ('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, '
         '"B": {"Type": "Pass", "End": true}}}', "x.asl.json", "import-unsupported",
         "state 'B' cannot be reached"),
    ],
    ids=["not-json", "not-yaml", "no-machine", "s3-definition", "definition-not-json", "unreachable"],
)  # fmt: skip
def test_bad_sources_give_one_clear_error(tmp_path: Path, text: str, name: str, code: str, says: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = _invoke("import", str(path))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("flowdsl: error: ") and says in lines[0], result.output
    assert "Traceback" not in result.output
    assert _code(path) == code


def _code(path: Path) -> str:
    """The code the library reports for a source (the CLI prints the message only)."""
    try:
        for found in read_source(path):
            import_asl(found.definition)
    except FlowdslError as exc:
        return exc.diagnostics[0].code
    return ""


def test_source_or_arn_is_required() -> None:
    assert _invoke("import").exit_code == 2


def test_console_script_round_trip(tmp_path: Path) -> None:
    """The hidden-check interface: `flowdsl import X.asl.json -o X.py`, `flowdsl compile X.py -o -`."""
    source = REPO_ROOT / "build" / "order_fulfilment.asl.json"
    target = tmp_path / "X.py"
    script = Path(sys.executable).with_name("flowdsl")
    subprocess.run([str(script), "import", str(source), "-o", str(target)], check=True, capture_output=True)
    compiled = subprocess.run(
        [str(script), "compile", str(target), "-o", "-"], check=True, capture_output=True, text=True
    )
    assert json.loads(compiled.stdout) == json.loads(source.read_text(encoding="utf-8"))


def test_errors_name_the_file_and_pointer(tmp_path: Path) -> None:
    path = tmp_path / "x.asl.json"
    path.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": false}}}', encoding="utf-8")
    result = _invoke("import", str(path))
    assert result.exit_code == 1
    assert result.output.rstrip().endswith(f"[{path} /States/A/End]")


def test_errors_in_a_template_definition_point_into_the_template(tmp_path: Path) -> None:
    machine = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "End": True}, "B": {"Type": "Pass", "End": True}},
    }
    template = {
        "Resources": {
            "M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": machine}}
        }
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    result = _invoke("import", str(path))
    assert result.output.rstrip().endswith(f"[{path} /Resources/M/Properties/Definition/States/B]")


def test_duplicate_key_in_an_asl_file_is_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "dupe.asl.json"
    path.write_text(
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}'
    )
    result = _invoke("import", str(path))
    assert result.exit_code == 1
    assert "duplicate" in result.output
    assert not (tmp_path / "dupe.py").exists()
