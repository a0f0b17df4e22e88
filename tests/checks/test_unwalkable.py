"""Definitions no later stage could walk (issue #10 crashes): one located error, from
`flowdsl.validate`, `flowdsl.run` and the CLI alike, never a Python exception."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import flowdsl
from flowdsl import FlowdslError, Pass, Workflow
from flowdsl.checks.shape import MAX_NESTING_DEPTH
from flowdsl.cli.main import cli


def nested(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = {"a": value}
    return value


def pass_machine(**fields: Any) -> dict[str, Any]:
    return {"StartAt": "A", "States": {"A": {"Type": "Pass", **fields, "End": True}}}


SURROGATES = {
    "comment": (
        {"StartAt": "A", "Comment": "\ud800", "States": {"A": {"Type": "Pass", "End": True}}},
        "/Comment",
    ),
    "result-value": (pass_machine(Result={"x": "\ud800"}), "/States/A/Result/x"),
    "parameters-value": (pass_machine(Parameters={"x": "\udfff"}), "/States/A/Parameters/x"),
    "result-key": (pass_machine(Result={"\udc00": 1}), "/States/A/Result"),
    "state-name": ({"StartAt": "\ud800", "States": {"\ud800": {"Type": "Pass", "End": True}}}, "/StartAt"),
}
DEEP = {f"{levels}-levels": pass_machine(Parameters=nested(levels)) for levels in (255, 5000, 10_000)}


@pytest.mark.parametrize(("data", "where"), SURROGATES.values(), ids=SURROGATES.keys())
def test_lone_surrogate_is_one_located_error(data: dict[str, Any], where: str) -> None:
    (found,) = flowdsl.validate(data)
    assert (found.code, found.location) == ("lone-surrogate", where)
    with pytest.raises(FlowdslError) as raised:
        flowdsl.run(data)
    assert [d.code for d in raised.value.diagnostics] == ["lone-surrogate"]
    assert str(raised.value).isprintable()


@pytest.mark.parametrize("data", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_one_located_error(data: dict[str, Any]) -> None:
    (found,) = flowdsl.validate(data)
    assert found.code == "nesting-too-deep"
    # Located at the first place past the limit: the document, States, A, Parameters, then "a"s.
    assert found.location == "/States/A/Parameters" + "/a" * (MAX_NESTING_DEPTH - 3)
    with pytest.raises(FlowdslError) as raised:
        flowdsl.run(data)
    assert [d.code for d in raised.value.diagnostics] == ["nesting-too-deep"]


def test_nesting_up_to_the_limit_runs() -> None:
    value = nested(MAX_NESTING_DEPTH - 4)
    data = pass_machine(Result=value)
    assert flowdsl.validate(data) == []
    assert flowdsl.run(data).output == value


def test_deep_result_from_the_dsl_is_refused_at_its_line() -> None:
    line = sys._getframe().f_lineno + 1
    workflow = Workflow("W", Pass("A", result=nested(300)))
    (found,) = flowdsl.validate(workflow)
    assert found.code == "nesting-too-deep"
    assert found.location.endswith(f"{Path(__file__).name}:{line}")


def test_cli_reports_an_escaped_lone_surrogate(tmp_path: Path) -> None:
    path = tmp_path / "x.asl.json"
    path.write_text('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "\\ud800", "End": true}}}')
    for command in ("validate", "run"):
        result = CliRunner().invoke(cli, [command, str(path)])
        assert result.exit_code == 1, result.output
        assert "lone-surrogate" in result.output or "lone surrogate" in result.output
        assert "internal error" not in result.output


@pytest.mark.parametrize("value", [None, 5, [], {}])
def test_a_choice_path_operand_that_is_not_a_string_is_reported(value: Any) -> None:
    rule = {"Variable": "$.a", "NumericLessThanPath": value, "Next": "P"}
    data = {
        "StartAt": "C",
        "States": {"C": {"Type": "Choice", "Choices": [rule], "Default": "P"}, "P": {"Type": "Succeed"}},
    }
    (found,) = flowdsl.validate(data)
    assert found.location == "/States/C/Choices/0/NumericLessThanPath"
    assert found.code == ("explicit-null" if value is None else "invalid-type")
    with pytest.raises(FlowdslError):
        flowdsl.run(data, {"a": 1})


@pytest.mark.parametrize("name", ["\ud800.asl.json", "a\x00b.json", "x" * 5000 + ".json"])
def test_a_file_name_the_system_cannot_take_is_unreadable_file(name: str) -> None:
    (found,) = flowdsl.validate(name)
    assert found.code == "unreadable-file"
    assert found.format().isprintable()
    with pytest.raises(FlowdslError) as raised:
        flowdsl.run(name)
    assert [d.code for d in raised.value.diagnostics] == ["unreadable-file"]
