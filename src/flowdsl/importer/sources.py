"""Where `flowdsl import` finds definitions: an ASL file, a SAM/CloudFormation template, an ARN.

A template's state machines are its `AWS::StepFunctions::StateMachine` and
`AWS::Serverless::StateMachine` resources, with the definition given as `Definition` (an
object), `DefinitionString` (JSON text, optionally in `Fn::Sub` or `Fn::Join`) or, for SAM,
`DefinitionUri` (a local file). `DefinitionSubstitutions` placeholders (`${TableName}`) stay in
the definition as written, so the imported workflow still fits the template (AWS CloudFormation
User Guide, "AWS::StepFunctions::StateMachine"; AWS SAM Developer Guide,
"AWS::Serverless::StateMachine"). YAML templates may use the short intrinsic tags (`!Sub`,
`!GetAtt`, `!Ref`, ...): they are read as the long form (`{"Fn::Sub": ...}`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.aslfile import read_asl
from flowdsl.diagnostics import Diagnostic, FlowdslError, error
from flowdsl.dsl.errors import display_path
from flowdsl.locations import FileLine, InDocument, Location, Pointer
from flowdsl.model.machine import pointer_escape

MACHINE_TYPES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")
SOURCE_CODES = (
    "import-no-state-machine", "import-bad-template", "import-several-machines", "import-unknown-machine",
    "import-bad-arn",
)  # fmt: skip


@dataclass(frozen=True)
class Found:
    """One definition to import: its default Workflow name, where it came from, its JSON."""

    name: str
    logical_id: str | None
    definition: dict[str, Any]
    # Where the definition's JSON Pointers are: `file.asl.json`, or a template's property.
    origin: str = ""
    base: str = ""

    def locate(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Diagnostics located by a JSON Pointer of the definition, located in the source."""
        return [d.relocated(self.place(d.location)) if _in_definition(d) else d for d in diagnostics]

    def place(self, pointer: str) -> Location:
        """`file /pointer` of a definition's JSON Pointer (its file's lines are not known)."""
        full = f"{self.base}{pointer}"
        return InDocument(self.origin, full) if self.origin else Pointer(full)


def _in_definition(diagnostic: Diagnostic) -> bool:
    where = diagnostic.location
    return isinstance(where, Pointer) and where.startswith("/")


def read_source(path: Path) -> list[Found]:
    """The definitions of an ASL file (one) or a template (one per state machine resource)."""
    shown = display_path(str(path))
    data = _load(path, shown)
    if isinstance(data, dict) and "States" in data and "StartAt" in data:
        if path.suffix == ".json":
            read_asl(path)  # the ASL reader's checks too: a duplicate key JSON would silently drop
        return [Found(workflow_name(_stem(path)), None, data, shown)]
    if isinstance(data, dict) and isinstance(data.get("Resources"), dict):
        found = _template_machines(data["Resources"], path.parent, shown)
        if found:
            return found
    raise _fail(
        "import-no-state-machine",
        "no state machine here: expected an ASL definition (StartAt, States) or a template with an "
        f"{' or '.join(MACHINE_TYPES)} resource",
        shown,
    )


def select(found: list[Found], machine: str | None, shown: str) -> list[Found]:
    """The machines `--machine` picks (all when not given)."""
    if machine is None:
        return found
    for item in found:
        if item.logical_id == machine:
            return [item]
    listed = ", ".join(f"'{item.logical_id}'" for item in found)
    raise _fail(
        "import-unknown-machine", f"no state machine '{machine}' in the template (it has {listed})", shown
    )


def workflow_name(text: str) -> str:
    """`order_fulfilment` -> `OrderFulfilment`: a file stem as a Workflow name."""
    words = [word for word in re.split(r"[^A-Za-z0-9]+", text) if word]
    return "".join(word[:1].upper() + word[1:] for word in words) or "StateMachine"


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".json", ".yaml", ".yml", ".asl", ".template"):
        name = name.removesuffix(suffix)
    return name


def _fail(code: str, message: str, where: str) -> FlowdslError:
    """`where`: a file as shown, or a template property (`t.yaml /Resources/M/Properties`)."""
    return FlowdslError([error(code, message, where)])


def _load(path: Path, shown: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail("file-not-found", f"no such file '{shown}'", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail("unreadable-file", f"cannot read '{shown}': {exc}", shown) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as json_error:
        if path.suffix == ".json":
            where = FileLine(shown, json_error.lineno)
            raise _fail("import-bad-template", f"not valid JSON: {json_error.msg}", where) from None
    return _yaml(text, shown)


def _yaml(text: str, shown: str) -> Any:
    from flowdsl.importer.cfnyaml import load  # noqa: PLC0415 - PyYAML is needed for YAML only

    return load(text, shown)


def _template_machines(resources: dict[str, Any], folder: Path, shown: str) -> list[Found]:
    found = []
    for logical_id, resource in resources.items():
        if isinstance(resource, dict) and resource.get("Type") in MACHINE_TYPES:
            pointer = f"/Resources/{pointer_escape(str(logical_id))}/Properties"
            properties = resource.get("Properties")
            if not isinstance(properties, dict):
                raise _fail("import-bad-template", f"state machine '{logical_id}' has no Properties", shown)
            definition = _definition(properties, folder, f"{shown} {pointer}", str(logical_id))
            base = f"{pointer}/Definition" if "Definition" in properties else ""
            origin = shown if base else f"{shown} {pointer}"
            found.append(Found(str(logical_id), str(logical_id), definition, origin, base))
    return found


def _definition(properties: dict[str, Any], folder: Path, where: str, logical_id: str) -> dict[str, Any]:
    if "Definition" in properties:
        return _object(properties["Definition"], f"{where}/Definition")
    if "DefinitionString" in properties:
        text = _text(properties["DefinitionString"], f"{where}/DefinitionString")
        return _object(_json(text, f"{where}/DefinitionString"), f"{where}/DefinitionString")
    if isinstance(properties.get("DefinitionUri"), str):
        file = folder / properties["DefinitionUri"]
        return _object(_load(file, display_path(str(file))), f"{where}/DefinitionUri")
    given = [key for key in ("DefinitionUri", "DefinitionS3Location") if key in properties]
    detail = f"its {given[0]} is in S3, which flowdsl does not read" if given else "it has no Definition"
    raise _fail(
        "import-bad-template",
        f"cannot read the definition of state machine '{logical_id}': {detail} "
        "(give Definition, DefinitionString or a local DefinitionUri)",
        where,
    )


def _text(value: Any, where: str) -> str:
    """DefinitionString as text: a string, or `Fn::Sub` / `Fn::Join` of strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Fn::Sub":
            text = argument[0] if isinstance(argument, list) and argument else argument
            if isinstance(text, str):
                return text
        if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            separator, parts = argument
            if (
                isinstance(separator, str)
                and isinstance(parts, list)
                and all(isinstance(p, str) for p in parts)
            ):
                return separator.join(parts)
    raise _fail(
        "import-bad-template",
        "DefinitionString must be text, or Fn::Sub / Fn::Join of text, to be imported",
        where,
    )


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail("import-bad-template", f"the definition is not valid JSON: {exc.msg}", where) from None


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or "States" not in value or "StartAt" not in value:
        raise _fail("import-bad-template", "the definition is not a state machine (StartAt, States)", where)
    return value


def from_arn(arn: str, *, region: str | None, profile: str | None) -> Found:
    """The definition of a deployed state machine (Step Functions `DescribeStateMachine`)."""
    from flowdsl.deploy.aws import aws_errors, connect  # noqa: PLC0415 - boto3 only when asked

    parts = arn.split(":")
    if len(parts) < 7 or parts[0] != "arn" or parts[2] != "states" or parts[5] != "stateMachine":
        message = f"'{arn}' is not a state machine ARN (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)"
        raise _fail("import-bad-arn", message, arn)
    aws = connect(region or parts[3], profile)
    with aws_errors(f"reading state machine '{parts[6]}' (states:DescribeStateMachine)"):
        described = aws.client("stepfunctions").describe_state_machine(stateMachineArn=arn)
    definition = _object(_json(described["definition"], arn), arn)
    return Found(str(described["name"]), None, definition, arn)
