"""Data flow in AWS order: InputPath -> Parameters -> task -> ResultSelector -> ResultPath -> OutputPath."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from flowdsl.engine import Return
from tests.engine.helpers import run, single

INPUT = {"a": {"b": 1, "c": [10, 20]}, "keep": "k"}

TASK_CASES = [
    ("defaults-replace-input", {}, {"r": 1}),
    ("result-path-uses-raw-input", {"InputPath": "$.a", "ResultPath": "$.r"}, {**INPUT, "r": {"r": 1}}),
    ("input-path-null", {"InputPath": None, "ResultPath": "$.r"}, {**INPUT, "r": {"r": 1}}),
    (
        "result-path-merges-raw-input",
        {"InputPath": "$.a", "ResultPath": "$.x.y"},
        {**INPUT, "x": {"y": {"r": 1}}},
    ),
    ("result-path-null-discards", {"ResultPath": None}, INPUT),
    (
        "result-selector-before-result-path",
        {"ResultSelector": {"v.$": "$.r"}, "ResultPath": "$.s"},
        {**INPUT, "s": {"v": 1}},
    ),
    ("output-path-last", {"ResultPath": "$.r", "OutputPath": "$.r"}, {"r": 1}),
    ("output-path-null-is-empty", {"OutputPath": None}, {}),
]


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in TASK_CASES], ids=[c[0] for c in TASK_CASES])
def test_task_data_flow(fields: dict[str, Any], expected: Any) -> None:
    state = {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", **fields}
    execution = run(single(state), INPUT, mocks={"S": Return({"r": 1})})
    assert (execution.status, execution.output) == ("SUCCEEDED", expected)


def test_parameters_are_what_the_task_receives() -> None:
    seen: list[Any] = []

    def capture(task_input: Any) -> Any:
        seen.append(task_input)
        return "done"

    state = {
        "Type": "Task",
        "Resource": "arn:aws:states:::sns:publish",
        "InputPath": "$.a",
        "Parameters": {
            "first.$": "$.c[0]",
            "fixed": "x",
            "name.$": "$$.State.Name",
            "n.$": "States.ArrayLength($.c)",
        },
    }
    run(single(state), INPUT, mocks={"S": capture})
    assert seen == [{"first": 10, "fixed": "x", "name": "S", "n": 2}]


PASS_CASES = [
    ("passes-input", {}, INPUT),
    ("result-replaces", {"Result": {"x": 1}}, {"x": 1}),
    ("result-null-is-a-result", {"Result": None, "ResultPath": "$.n"}, {**INPUT, "n": None}),
    (
        "parameters-then-result-path",
        {"Parameters": {"b.$": "$.a.b"}, "ResultPath": "$.p"},
        {**INPUT, "p": {"b": 1}},
    ),
    ("filter-path-returns-list", {"Parameters": {"big.$": "$.a.c[?(@ > 15)]"}}, {"big": [20]}),
]


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in PASS_CASES], ids=[c[0] for c in PASS_CASES])
def test_pass_data_flow(fields: dict[str, Any], expected: Any) -> None:
    execution = run(single({"Type": "Pass", **fields}), INPUT)
    assert (execution.status, execution.output) == ("SUCCEEDED", expected)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"InputPath": "$.missing"}, "States.Runtime"),
        ({"Parameters": {"x.$": "$.missing"}}, "States.Runtime"),
        ({"ResultPath": "$.keep.deeper"}, "States.ResultPathMatchFailure"),
        ({"OutputPath": "$.missing"}, "States.Runtime"),
    ],
    ids=["input-path", "parameters", "result-path-into-string", "output-path"],
)
def test_path_failures(fields: dict[str, Any], error: str) -> None:
    execution = run(single({"Type": "Pass", **fields}), INPUT)
    assert (execution.status, execution.error) == ("FAILED", error)
    assert "An error occurred while executing the state 'S'" in (execution.cause or "")


def test_context_object_is_fixed_and_overridable() -> None:
    state = {"Type": "Pass", "Parameters": {"ctx.$": "$$"}}
    override = {"Execution": {"Id": "arn:aws:states:eu-west-1:111111111111:execution:m:run-1"}}
    execution = run(single(state), {"in": 1}, name="run-1", context=override)
    context = execution.output["ctx"]
    assert context["Execution"] == {
        "Id": "arn:aws:states:eu-west-1:111111111111:execution:m:run-1",
        "Input": {"in": 1},
        "Name": "run-1",
        "RoleArn": "arn:aws:iam::123456789012:role/flowdsl-local",
        "StartTime": "2024-01-01T00:00:00.000Z",
        "RedriveCount": 0,
    }
    # A Pass state cannot retry: no RetryCount (LocalStack's AWS-validated context_object snapshot).
    assert context["State"] == {"Name": "S", "EnteredTime": "2024-01-01T00:00:00.000Z"}
    assert context["StateMachine"]["Name"] == "flowdsl-local"
    # AWS's key order, which States.JsonToString($$) shows.
    assert list(context) == ["Execution", "StateMachine", "State"]
    assert list(context["Execution"]) == ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"]
    assert list(context["StateMachine"]) == ["Id", "Name"]


def test_execution_names_are_unique_unless_seeded() -> None:
    # Concurrent local runs must not share an execution name or request id (issue #11); a
    # seed makes every id repeat, for reproducible histories.
    state = {"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name"}}
    assert run(single(state)).output != run(single(state)).output
    assert run(single(state), seed=7).output == run(single(state), seed=7).output


def test_jsonpath_assign_reads_the_result_not_the_output() -> None:
    machine = {
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Pass",
                "Result": {"v": 1},
                "ResultPath": "$.r",
                "Assign": {"x.$": "$.v"},
                "Next": "B",
            },
            "B": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True},
        },
    }
    assert run(machine).output == {"x": 1}


def test_assign_sees_values_from_state_entry() -> None:
    machine = {
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Swap"},
            "Swap": {"Type": "Pass", "Assign": {"x": 2, "was.$": "$x"}, "Next": "Show"},
            "Show": {"Type": "Pass", "Parameters": {"x.$": "$x", "was.$": "$was"}, "End": True},
        },
    }
    assert run(machine).output == {"x": 2, "was": 1}


def test_jsonata_assign_and_output_read_old_values() -> None:
    machine = {
        "QueryLanguage": "JSONata",
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Swap"},
            "Swap": {"Type": "Pass", "Assign": {"x": 2}, "Output": {"during": "{% $x %}"}, "Next": "Show"},
            "Show": {
                "Type": "Pass",
                "Output": {"after": "{% $x %}", "in": "{% $states.input %}"},
                "End": True,
            },
        },
    }
    assert run(machine).output == {"after": 2, "in": {"during": 1}}


def test_jsonata_task_arguments_result_output() -> None:
    machine = single(
        {
            "Type": "Task",
            "QueryLanguage": "JSONata",
            "Resource": "arn:aws:states:::sns:publish",
            "Arguments": {"n": "{% $states.input.n + 1 %}"},
            "Output": {"sent": "{% $states.result.echo %}", "raw": "{% $states.input.n %}"},
        }
    )
    execution = run(machine, {"n": 1}, mocks={"S": lambda args: {"echo": args["n"]}})
    assert execution.output == {"sent": 2, "raw": 1}


def test_jsonpath_assign_reads_the_raw_result_before_result_selector() -> None:
    machine = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sns:publish",
                "ResultSelector": {"picked.$": "$.a"},
                "Assign": {"raw.$": "$"},
                "Next": "Show",
            },
            "Show": {"Type": "Pass", "Parameters": {"raw.$": "$raw", "out.$": "$"}, "End": True},
        },
    }
    execution = run(machine, mocks={"T": Return({"a": 1, "b": 2})})
    assert execution.output == {"raw": {"a": 1, "b": 2}, "out": {"picked": 1}}


def test_jsonata_catch_parallel_arguments_and_fail_expressions() -> None:
    machine = {
        "QueryLanguage": "JSONata",
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Arguments": {"n": "{% $states.input.n * 2 %}"},
                "Branches": [
                    {"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": True}}},
                    {
                        "StartAt": "Boom",
                        "States": {
                            "Boom": {
                                "Type": "Fail",
                                "Error": "{% 'Too' & 'Big' %}",
                                "Cause": "{% $string($states.input.n) %}",
                            }
                        },
                    },
                ],
                "Catch": [
                    {
                        "ErrorEquals": ["TooBig"],
                        "Assign": {"why": "{% $states.errorOutput.Cause %}"},
                        "Output": {"in": "{% $states.input %}", "error": "{% $states.errorOutput %}"},
                        "Next": "Done",
                    }
                ],
                "End": True,
            },
            "Done": {
                "Type": "Pass",
                "Output": {"caught": "{% $states.input %}", "why": "{% $why %}"},
                "End": True,
            },
        },
    }
    execution = run(machine, {"n": 21})
    assert execution.output == {
        "caught": {"in": {"n": 21}, "error": {"Error": "TooBig", "Cause": "42"}},
        "why": "42",
    }


def test_a_forked_process_draws_execution_names_of_its_own() -> None:
    # Unseeded ids come from a per-process generator: a child forked with the parent's state
    # must still not repeat the parent's names.
    state = {"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name"}}
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        os.write(writer, json.dumps(run(single(state)).output).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    with os.fdopen(reader) as pipe:
        theirs = json.loads(pipe.read())
    assert run(single(state)).output != theirs
