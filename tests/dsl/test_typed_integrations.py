"""Typed integrations write the ASL a person writes (goldens in tests/dsl/integrations/), in both
query languages, and run locally with their handler or a mock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl import S, Task, Workflow, run
from flowdsl.compiler import compile_workflow
from flowdsl.dsl import DslError
from flowdsl.engine.mocks import Return
from flowdsl.integrations import aws_sdk, lambda_invoke, sns_publish, start_execution
from flowdsl.model import to_asl
from tests.dsl.integrations.workflows import every_integration

GOLDENS = Path(__file__).parent / "integrations"


@pytest.mark.parametrize("language,golden", [(None, "jsonpath"), ("JSONata", "jsonata")])
def test_every_constructor_writes_the_hand_written_asl(language: str | None, golden: str) -> None:
    source = compile_workflow(every_integration(language))
    assert list(source.diagnostics) == []
    expected = json.loads((GOLDENS / f"{golden}.asl.json").read_text())
    assert to_asl(source.definition) == expected


def double(event: Any, context: Any) -> Any:
    return {"n": event["n"] * 2}


def test_a_lambda_invoke_task_with_a_handler_runs_locally() -> None:
    task = Task("Double", resource="arn:aws:states:::lambda:invoke", handler=double, output_path="$.Payload")
    source = compile_workflow(Workflow("W", task))
    assert source.handlers == {"DoubleFunction": double}
    step = to_asl(source.definition)["States"]["Double"]
    assert step["Parameters"] == {"FunctionName": "${DoubleFunctionArn}", "Payload.$": "$"}
    assert run(Workflow("W", task), {"n": 2}).output == {"n": 4}


def test_the_payload_function_name_names_the_function() -> None:
    task = Task(
        "Double",
        resource="arn:aws:states:::lambda:invoke",
        handler=double,
        parameters={"FunctionName": "Doubler", "Payload": {"n.$": "$.n"}},
    )
    source = compile_workflow(Workflow("W", task))
    assert list(source.handlers) == ["Doubler"]
    params = to_asl(source.definition)["States"]["Double"]["Parameters"]
    assert params == {"FunctionName": "${DoublerArn}", "Payload": {"n.$": "$.n"}}


def test_lambda_invoke_with_a_handler_runs_and_a_mocked_integration_too() -> None:
    flow = Workflow(
        "W",
        lambda_invoke("Double", handler=double, result_selector={"n.$": "$.Payload.n"})
        >> sns_publish(
            "Tell", topic_arn="arn:aws:sns:us-east-1:123456789012:t", message=S.n, result_path=None
        ),
    )
    execution = run(flow, {"n": 5}, mocks={"Tell": Return({"MessageId": "m"})})
    assert execution.output == {"n": 10}


def test_aws_sdk_writes_the_sdk_resource() -> None:
    task = aws_sdk("Who", "sts", "getCallerIdentity")
    assert to_asl(compile_workflow(Workflow("W", task)).definition)["States"]["Who"] == {
        "Type": "Task",
        "Resource": "arn:aws:states:::aws-sdk:sts:getCallerIdentity",
        "End": True,
    }


def test_sync_and_callback_exclude_each_other() -> None:
    with pytest.raises(DslError, match="exclude each other"):
        start_execution("C", "arn:aws:states:us-east-1:123456789012:stateMachine:C", sync=True, callback=True)


def test_a_lambda_invoke_needs_a_function() -> None:
    with pytest.raises(DslError, match="function_name"):
        lambda_invoke("L")
