"""What a deploy decides before any AWS call: the invoke policy, resolved definitions, permission warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.deploy.plan import invoke_policy, resolved_definition, used_functions
from flowdsl.diagnostics import FlowdslError
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.source import Source


def _handler(event: Any, context: Any) -> Any:
    return event


def _source(task: dict[str, Any], handlers: tuple[str, ...] = ("Open",)) -> Source:
    machine = parse_machine({"StartAt": "T", "States": {"T": {"Type": "Task", "End": True, **task}}})
    return Source("W", machine, handlers=dict.fromkeys(handlers, _handler))


def test_the_invoke_policy_names_each_function_and_its_qualifiers_sorted() -> None:
    assert invoke_policy(["arn:f:B", "arn:f:A"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "lambda:InvokeFunction",
                "Resource": ["arn:f:A", "arn:f:A:*", "arn:f:B", "arn:f:B:*"],
            }
        ],
    }


def test_every_placeholder_occurrence_is_resolved() -> None:
    source = _source(
        {
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${OpenArn}", "Payload": {"again": "${OpenArn}"}},
        }
    )
    assert used_functions(source) == ["Open"]
    definition = json.loads(resolved_definition(source, {"Open": "arn:aws:lambda:r:1:function:W-Open"}))
    parameters = definition["States"]["T"]["Parameters"]
    assert parameters == {
        "FunctionName": "arn:aws:lambda:r:1:function:W-Open",
        "Payload": {"again": "arn:aws:lambda:r:1:function:W-Open"},
    }


def test_an_asl_file_without_handlers_is_pointed_at_its_workflow(repo_root: Path) -> None:
    with pytest.raises(FlowdslError) as caught:
        used_functions(load_source(repo_root / "build" / "callcenter.asl.json"))
    first = caught.value.diagnostics[0]
    assert first.code == "unresolved-placeholder"
    assert first.message == (
        "placeholder '${OpenCaseFunctionArn}' names no lambda function with a handler "
        "(deploy the .py workflow, which binds them)"
    )
