"""The compiler's outputs besides ASL: resources, the source map, handlers, determinism."""

from __future__ import annotations

import sys

import pytest

from flowdsl import Catch, Choice, Map, Parallel, Pass, Retry, S, Task, Workflow
from flowdsl.compiler import ResourceScheme, compile_workflow

HERE = "tests/compiler/test_compile.py"
ARN = "arn:aws:lambda:eu-west-1:123456789012:function:Custom"

SCHEMES = [
    ("placeholder by default", ResourceScheme(), "${OpenCaseFunctionArn}"),
    (
        "region and account",
        ResourceScheme(region="us-east-1", account="123456789012"),
        "arn:aws:lambda:us-east-1:123456789012:function:OpenCaseFunction",
    ),
    (
        "partition",
        ResourceScheme(region="cn-north-1", account="123456789012", partition="aws-cn"),
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:OpenCaseFunction",
    ),
    ("binding by function name", ResourceScheme(bindings={"OpenCaseFunction": ARN}), ARN),
    ("binding by placeholder name", ResourceScheme(bindings={"OpenCaseFunctionArn": ARN}), ARN),
    (
        "binding wins over region",
        ResourceScheme(region="us-east-1", account="123456789012", bindings={"OpenCaseFunction": ARN}),
        ARN,
    ),
]


@pytest.mark.parametrize(("scheme", "resource"), [s[1:] for s in SCHEMES], ids=[s[0] for s in SCHEMES])
def test_resource_scheme(scheme: ResourceScheme, resource: str) -> None:
    workflow = Workflow("W", Task("Open Case", function_name="OpenCaseFunction"))
    source = compile_workflow(workflow, resources=scheme)
    assert source.definition.states["Open Case"].resource == resource  # type: ignore[union-attr]
    assert source.diagnostics == ()


def test_explicit_resource_is_written_as_is() -> None:
    workflow = Workflow("W", Task("T", resource="arn:aws:states:::sqs:sendMessage"))
    source = compile_workflow(workflow, resources=ResourceScheme(region="us-east-1", account="123456789012"))
    assert source.definition.states["T"].resource == "arn:aws:states:::sqs:sendMessage"  # type: ignore[union-attr]


def handler(event: object, context: object) -> object:
    return event


def test_handlers_map_function_names_to_handlers() -> None:
    same = Task("A", function_name="F", handler=handler) >> Task("B", function_name="F", handler=handler)
    source = compile_workflow(Workflow("W", same >> Task("C", function_name="G")))
    assert source.handlers == {"F": handler}


def test_source_map_locates_states_rules_retriers_catchers_and_branches() -> None:
    line = sys._getframe().f_lineno
    inner = Pass("Inner")
    task = Task("T", resource="arn:r", retry=[Retry("States.Timeout")]).catch("States.ALL", Pass("Recover"))
    parallel = Parallel("P", branches=[inner])
    mapped = Map("M", processor=Pass("Item"))
    choice = Choice("C").when(S.x == 1, task).otherwise(parallel >> mapped)
    workflow = Workflow("W", choice)
    locations = compile_workflow(workflow).locations
    expected = {
        "": line + 6,
        "/States/C": line + 5,
        "/States/C/Choices/0": line + 5,
        "/States/T": line + 2,
        "/States/T/Retry/0": line + 2,
        "/States/T/Catch/0": line + 2,
        "/States/Recover": line + 2,
        "/States/P": line + 3,
        "/States/P/Branches/0": line + 3,
        "/States/P/Branches/0/States/Inner": line + 1,
        "/States/M": line + 4,
        "/States/M/ItemProcessor/States/Item": line + 4,
    }
    assert {pointer: locations[pointer] for pointer in expected} == {
        pointer: f"{HERE}:{at}" for pointer, at in expected.items()
    }


def test_source_origin_and_name() -> None:
    source = compile_workflow(Workflow("Named", Pass("A")))
    assert (source.name, source.origin) == ("Named", HERE)


def test_json_pointer_escapes_state_names() -> None:
    source = compile_workflow(Workflow("W", Pass("a/b~c")))
    assert "/States/a~1b~0c" in source.locations


def test_catch_accepts_a_chain_and_compiles_it() -> None:
    task = Task("T", resource="arn:r", catch=[Catch(["E1", "E2"], Pass("H1") >> Pass("H2"))])
    asl = Workflow("W", task).to_asl()
    assert asl["States"]["T"]["Catch"] == [{"ErrorEquals": ["E1", "E2"], "Next": "H1"}]
    assert asl["States"]["H1"]["Next"] == "H2"


def test_to_json_is_deterministic_text() -> None:
    text = Workflow("W", Pass("A") >> Pass("Ä")).to_json()
    assert text.endswith("}\n")
    assert '\n  "StartAt": "A",\n' in text
    assert "Ä" in text
