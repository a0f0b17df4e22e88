"""Pathological definitions: one clear report each, never a traceback or an internal error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flowdsl.checks import check_document
from flowdsl.cli.main import cli


def machine(state: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"StartAt": "A", "States": {"A": {**state, "End": True}}, **top}


def nested_parallels(depth: int) -> dict[str, Any]:
    body: dict[str, Any] = {"StartAt": "L", "States": {"L": {"Type": "Pass", "End": True}}}
    for i in range(depth):
        body = {
            "StartAt": f"P{i}",
            "States": {f"P{i}": {"Type": "Parallel", "Branches": [body], "End": True}},
        }
    return body


CASES: dict[str, tuple[dict[str, Any], str]] = {
    "intrinsic-calls-nested-5000-deep": (
        machine({"Type": "Pass", "Parameters": {"x.$": "States.Array(" * 5000 + ")" * 5000}}),
        "invalid-intrinsic",
    ),
    "jsonata-parentheses-20000-deep": (
        machine(
            {"Type": "Pass", "Output": "{% " + "(" * 20000 + "1" + ")" * 20000 + " %}"},
            QueryLanguage="JSONata",
        ),
        "invalid-jsonata",
    ),
    "filter-openers-without-closer": (
        machine({"Type": "Pass", "Parameters": {"x.$": "$.a" + "[(" * 20000}}),
        "invalid-path",
    ),
    "unclosed-brackets": (machine({"Type": "Pass", "InputPath": "$" + "[" * 20000}), "invalid-path"),
    "parallels-nested-2000-deep": (nested_parallels(2000), "nesting-too-deep"),
}


@pytest.mark.parametrize(("data", "code"), CASES.values(), ids=CASES.keys())
def test_pathological_input_is_one_report(data: dict[str, Any], code: str) -> None:
    assert [d.code for d in check_document(data)] == [code]


def test_long_valid_paths_and_patterns_pass() -> None:
    data = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$" + ".a" * 50_000, "StringMatches": "*" * 50_000 + "a", "Next": "D"}
                ],
                "Default": "D",
            },
            "D": {"Type": "Succeed"},
        },
    }
    assert check_document(data) == []


def test_control_characters_in_names_stay_on_one_line() -> None:
    data = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "x\x00y"}, "x\x00y": {"Type": "Succeed"}},
    }
    (found,) = check_document(data)
    assert found.location == "/States/x\\x00y"
    assert found.format().isprintable()


def _doc(states: str, top: str = "") -> str:
    return "{" + top + '"StartAt": "A", "States": {' + states + "}}"


BROKEN_FILES = {
    "nan-and-infinity": _doc(
        '"A": {"Type": "Wait", "Seconds": Infinity, "End": true}', '"TimeoutSeconds": NaN, '
    ),
    "5000-digit-number": _doc('"A": {"Type": "Wait", "Seconds": ' + "9" * 5000 + ', "End": true}'),
    "states-of-wrong-types": _doc('"A": 5, "B": [], "C": null'),
    "choice-rules-of-wrong-types": _doc(
        '"A": {"Type": "Choice", "Choices": [5, null, {"And": 5}, {"Not": []}]}'
    ),
    "map-parts-of-wrong-types": _doc(
        '"A": {"Type": "Map", "ItemProcessor": 5, "ItemReader": [], "End": true}'
    ),
    "assign-array": _doc('"A": {"Type": "Pass", "Assign": [1], "End": true}', '"QueryLanguage": "JSONata", '),
}


@pytest.mark.parametrize("text", BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_cli_never_exits_with_an_internal_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.asl.json"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert len(json.dumps(result.output)) < 10_000
