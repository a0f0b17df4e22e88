"""Every DSL option reaches its ASL field, and the result round-trips through the model.

One row per option: build a state, compile it in a one-state workflow, find the field in the
state's ASL, then check `parse_machine` / `to_asl` gives back the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from flowdsl import (
    Branch,
    Catch,
    Choice,
    Fail,
    Map,
    Parallel,
    Pass,
    Retry,
    S,
    Succeed,
    Task,
    Wait,
    Workflow,
)
from flowdsl.dsl import State
from flowdsl.model import parse_machine, to_asl

R = "arn:aws:states:::dynamodb:getItem"
SPLIT = "arn:aws:states:::s3:getObject"


def task(**options: Any) -> Task:
    return Task("T", resource=R, **options)


def map_(**options: Any) -> Map:
    return Map("M", processor=Pass("Item"), **options)


def parallel(**options: Any) -> Parallel:
    return Parallel("P", branches=[Pass("B1"), Pass("B2")], **options)


def choice(**options: Any) -> Choice:
    return Choice("C", **options).when(S.x == 1, Pass("One")).otherwise(Pass("Other"))


FULL_RETRY = Retry(
    ["States.Timeout", "States.TaskFailed"],
    interval_seconds=2,
    max_attempts=5,
    backoff_rate=1.5,
    max_delay_seconds=30,
    jitter_strategy="FULL",
    comment="be patient",
)
FULL_RETRY_ASL = {
    "ErrorEquals": ["States.Timeout", "States.TaskFailed"],
    "Comment": "be patient",
    "IntervalSeconds": 2,
    "MaxAttempts": 5,
    "BackoffRate": 1.5,
    "MaxDelaySeconds": 30,
    "JitterStrategy": "FULL",
}


def full_catch() -> Catch:
    return Catch(
        "States.ALL", Pass("Recover"), result_path="$.error", assign={"v": 1}, output={"o": 1}, comment="c"
    )


FULL_CATCH_ASL = {
    "ErrorEquals": ["States.ALL"],
    "Comment": "c",
    "ResultPath": "$.error",
    "Assign": {"v": 1},
    "Output": {"o": 1},
    "Next": "Recover",
}

Row = tuple[str, Callable[[], State], str, Any]
ROWS: list[Row] = [
    # Task
    ("task resource", task, "Resource", R),
    ("task function_name", lambda: Task("T", function_name="F"), "Resource", "${FArn}"),
    ("task parameters", lambda: task(parameters={"a.$": S.a}), "Parameters", {"a.$": "$.a"}),
    ("task arguments", lambda: task(arguments={"a": "{% 1 %}"}), "Arguments", {"a": "{% 1 %}"}),
    ("task credentials", lambda: task(credentials={"RoleArn": "arn:r"}), "Credentials", {"RoleArn": "arn:r"}),
    ("task timeout_seconds", lambda: task(timeout_seconds=30), "TimeoutSeconds", 30),
    ("task timeout_seconds_path", lambda: task(timeout_seconds_path=S.t), "TimeoutSecondsPath", "$.t"),
    ("task heartbeat_seconds", lambda: task(heartbeat_seconds=10), "HeartbeatSeconds", 10),
    ("task heartbeat_seconds_path", lambda: task(heartbeat_seconds_path="$.h"), "HeartbeatSecondsPath",
     "$.h"),
    ("task input_path", lambda: task(input_path=S.detail), "InputPath", "$.detail"),
    ("task input_path null", lambda: task(input_path=None), "InputPath", None),
    ("task output_path", lambda: task(output_path="$.o"), "OutputPath", "$.o"),
    ("task result_selector", lambda: task(result_selector={"v.$": "$.v"}), "ResultSelector", {"v.$": "$.v"}),
    ("task result_path", lambda: task(result_path=S.result), "ResultPath", "$.result"),
    ("task result_path null", lambda: task(result_path=None), "ResultPath", None),
    ("task retry kwarg", lambda: task(retry=[FULL_RETRY]), "Retry", [FULL_RETRY_ASL]),
    ("task .retry()", lambda: task().retry("States.ALL", max_attempts=2), "Retry",
     [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]),
    ("task catch kwarg", lambda: task(catch=[full_catch()]), "Catch", [FULL_CATCH_ASL]),
    ("task .catch()", lambda: task().catch(["E"], Pass("H"), result_path=None), "Catch",
     [{"ErrorEquals": ["E"], "ResultPath": None, "Next": "H"}]),
    ("task assign", lambda: task(assign={"x.$": "$.x"}), "Assign", {"x.$": "$.x"}),
    ("task output", lambda: task(output={"a": 1}), "Output", {"a": 1}),
    ("task comment", lambda: task(comment="hi"), "Comment", "hi"),
    ("task query_language", lambda: task(query_language="JSONata"), "QueryLanguage", "JSONata"),
    # Pass
    ("pass result", lambda: Pass("X", result={"a": [1]}), "Result", {"a": [1]}),
    ("pass result null", lambda: Pass("X", result=None), "Result", None),
    ("pass parameters", lambda: Pass("X", parameters={"k": 1}), "Parameters", {"k": 1}),
    ("pass input_path", lambda: Pass("X", input_path="$.a"), "InputPath", "$.a"),
    ("pass result_path", lambda: Pass("X", result_path=None), "ResultPath", None),
    ("pass output_path", lambda: Pass("X", output_path=S.a[0]), "OutputPath", "$.a[0]"),
    ("pass assign", lambda: Pass("X", assign={"n": 1}), "Assign", {"n": 1}),
    ("pass output", lambda: Pass("X", output="{% $states.input %}"), "Output", "{% $states.input %}"),
    ("pass comment", lambda: Pass("X", comment="c"), "Comment", "c"),
    ("pass end", lambda: Pass("X"), "End", True),
    # Wait
    ("wait seconds", lambda: Wait("W", seconds=5), "Seconds", 5),
    ("wait seconds_path", lambda: Wait("W", seconds_path=S.delay), "SecondsPath", "$.delay"),
    ("wait timestamp", lambda: Wait("W", timestamp="2024-01-01T00:00:00Z"), "Timestamp",
     "2024-01-01T00:00:00Z"),
    ("wait timestamp datetime", lambda: Wait("W", timestamp=datetime(2024, 1, 1, tzinfo=UTC)), "Timestamp",
     "2024-01-01T00:00:00Z"),
    ("wait timestamp_path", lambda: Wait("W", timestamp_path="$.at"), "TimestampPath", "$.at"),
    ("wait input_path", lambda: Wait("W", seconds=1, input_path="$.a"), "InputPath", "$.a"),
    ("wait output_path", lambda: Wait("W", seconds=1, output_path=None), "OutputPath", None),
    ("wait assign", lambda: Wait("W", seconds=1, assign={"a": 1}), "Assign", {"a": 1}),
    ("wait output", lambda: Wait("W", seconds=1, output={"a": 1}), "Output", {"a": 1}),
    ("wait comment", lambda: Wait("W", seconds=1, comment="c"), "Comment", "c"),
    # Succeed
    ("succeed input_path", lambda: Succeed("S", input_path="$.a"), "InputPath", "$.a"),
    ("succeed output_path", lambda: Succeed("S", output_path="$.b"), "OutputPath", "$.b"),
    ("succeed output", lambda: Succeed("S", output={"done": True}), "Output", {"done": True}),
    ("succeed comment", lambda: Succeed("S", comment="c"), "Comment", "c"),
    ("succeed query_language", lambda: Succeed("S", query_language="JSONPath"), "QueryLanguage", "JSONPath"),
    # Fail
    ("fail error", lambda: Fail("F", error="Oops"), "Error", "Oops"),
    ("fail cause", lambda: Fail("F", cause="why"), "Cause", "why"),
    ("fail error_path", lambda: Fail("F", error_path=S.err), "ErrorPath", "$.err"),
    ("fail cause_path", lambda: Fail("F", cause_path="$.cause"), "CausePath", "$.cause"),
    ("fail comment", lambda: Fail("F", comment="c"), "Comment", "c"),
    # Choice
    ("choice rules", choice, "Choices", [{"Variable": "$.x", "NumericEquals": 1, "Next": "One"}]),
    ("choice default", choice, "Default", "Other"),
    ("choice input_path", lambda: choice(input_path="$.a"), "InputPath", "$.a"),
    ("choice output_path", lambda: choice(output_path="$.b"), "OutputPath", "$.b"),
    ("choice assign", lambda: choice(assign={"a": 1}), "Assign", {"a": 1}),
    ("choice output", lambda: choice(output={"a": 1}), "Output", {"a": 1}),
    ("choice comment", lambda: choice(comment="c"), "Comment", "c"),
    ("choice rule comment and assign",
     lambda: Choice("C").when(S.x == 1, Pass("One"), comment="one", assign={"v": 1}),
     "Choices",
     [{"Variable": "$.x", "NumericEquals": 1, "Comment": "one", "Assign": {"v": 1}, "Next": "One"}]),
    ("choice rule output",
     lambda: Choice("C", query_language="JSONata").when(S.x == 1, Pass("One"), output={"one": True}),
     "Choices", [{"Condition": "{% $states.input.x = 1 %}", "Output": {"one": True}, "Next": "One"}]),
    ("choice jsonata condition string",
     lambda: Choice("C", query_language="JSONata").when("{% $states.input.x = 1 %}", Pass("One")),
     "Choices", [{"Condition": "{% $states.input.x = 1 %}", "Next": "One"}]),
    ("choice jsonata condition from path",
     lambda: Choice("C", query_language="JSONata").when(S.x == 1, Pass("One")),
     "Choices", [{"Condition": "{% $states.input.x = 1 %}", "Next": "One"}]),
    # Parallel
    ("parallel branches", parallel, "Branches",
     [{"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": True}}},
      {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "End": True}}}]),
    ("parallel branch comment", lambda: Parallel("P", branches=[Branch(Pass("B"), comment="c")]), "Branches",
     [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}, "Comment": "c"}]),
    ("parallel .branch()", lambda: Parallel("P").branch(Pass("B") >> Pass("B2")), "Branches",
     [{"StartAt": "B",
       "States": {"B": {"Type": "Pass", "Next": "B2"}, "B2": {"Type": "Pass", "End": True}}}]),
    ("parallel parameters", lambda: parallel(parameters={"a": 1}), "Parameters", {"a": 1}),
    ("parallel arguments", lambda: parallel(arguments={"a": 1}), "Arguments", {"a": 1}),
    ("parallel input_path", lambda: parallel(input_path="$.a"), "InputPath", "$.a"),
    ("parallel output_path", lambda: parallel(output_path="$.a"), "OutputPath", "$.a"),
    ("parallel result_selector", lambda: parallel(result_selector={"a.$": "$[0]"}), "ResultSelector",
     {"a.$": "$[0]"}),
    ("parallel result_path", lambda: parallel(result_path="$.r"), "ResultPath", "$.r"),
    ("parallel retry", lambda: parallel(retry=[FULL_RETRY]), "Retry", [FULL_RETRY_ASL]),
    ("parallel catch", lambda: parallel(catch=[full_catch()]), "Catch", [FULL_CATCH_ASL]),
    ("parallel assign", lambda: parallel(assign={"a": 1}), "Assign", {"a": 1}),
    ("parallel output", lambda: parallel(output={"a": 1}), "Output", {"a": 1}),
    ("parallel comment", lambda: parallel(comment="c"), "Comment", "c"),
    # Map
    ("map processor", map_, "ItemProcessor",
     {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": True}}}),
    ("map processor config", lambda: map_(mode="DISTRIBUTED", execution_type="EXPRESS"), "ItemProcessor",
     {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": True}},
      "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}}),
    ("map processor comment", lambda: Map("M", processor=Branch(Pass("I"), comment="c")), "ItemProcessor",
     {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}, "Comment": "c"}),
    ("map legacy iterator", lambda: Map("M", iterator=Pass("I")), "Iterator",
     {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}}),
    ("map items", lambda: map_(items="{% $states.input.list %}"), "Items", "{% $states.input.list %}"),
    ("map items_path", lambda: map_(items_path=S.list), "ItemsPath", "$.list"),
    ("map item_reader", lambda: map_(item_reader={"Resource": SPLIT, "ReaderConfig": {"InputType": "CSV"}}),
     "ItemReader", {"Resource": SPLIT, "ReaderConfig": {"InputType": "CSV"}}),
    ("map item_selector", lambda: map_(item_selector={"v.$": "$$.Map.Item.Value"}), "ItemSelector",
     {"v.$": "$$.Map.Item.Value"}),
    ("map parameters", lambda: map_(parameters={"v.$": "$$.Map.Item.Value"}), "Parameters",
     {"v.$": "$$.Map.Item.Value"}),
    ("map item_batcher", lambda: map_(item_batcher={"MaxItemsPerBatch": 10}), "ItemBatcher",
     {"MaxItemsPerBatch": 10}),
    ("map result_writer", lambda: map_(result_writer={"Resource": "arn:aws:states:::s3:putObject"}),
     "ResultWriter", {"Resource": "arn:aws:states:::s3:putObject"}),
    ("map max_concurrency", lambda: map_(max_concurrency=4), "MaxConcurrency", 4),
    ("map max_concurrency_path", lambda: map_(max_concurrency_path="$.n"), "MaxConcurrencyPath", "$.n"),
    ("map tolerated_failure_percentage", lambda: map_(tolerated_failure_percentage=5.5),
     "ToleratedFailurePercentage", 5.5),
    ("map tolerated_failure_percentage_path", lambda: map_(tolerated_failure_percentage_path="$.p"),
     "ToleratedFailurePercentagePath", "$.p"),
    ("map tolerated_failure_count", lambda: map_(tolerated_failure_count=3), "ToleratedFailureCount", 3),
    ("map tolerated_failure_count_path", lambda: map_(tolerated_failure_count_path="$.c"),
     "ToleratedFailureCountPath", "$.c"),
    ("map label", lambda: map_(label="Items"), "Label", "Items"),
    ("map input_path", lambda: map_(input_path="$.a"), "InputPath", "$.a"),
    ("map output_path", lambda: map_(output_path="$.a"), "OutputPath", "$.a"),
    ("map result_selector", lambda: map_(result_selector={"n.$": "$[0]"}), "ResultSelector", {"n.$": "$[0]"}),
    ("map result_path", lambda: map_(result_path=None), "ResultPath", None),
    ("map retry", lambda: map_(retry=[FULL_RETRY]), "Retry", [FULL_RETRY_ASL]),
    ("map catch", lambda: map_(catch=[full_catch()]), "Catch", [FULL_CATCH_ASL]),
    ("map assign", lambda: map_(assign={"a": 1}), "Assign", {"a": 1}),
    ("map output", lambda: map_(output={"a": 1}), "Output", {"a": 1}),
    ("map comment", lambda: map_(comment="c"), "Comment", "c"),
]  # fmt: skip


def compiled(workflow: Workflow) -> dict[str, Any]:
    """The workflow's ASL, after checking it survives a trip through the model unchanged."""
    asl = workflow.to_asl()
    assert to_asl(parse_machine(asl)) == asl
    return asl


@pytest.mark.parametrize(("build", "key", "value"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_option_reaches_its_field(build: Callable[[], State], key: str, value: Any) -> None:
    state = build()
    asl = compiled(Workflow("Options", state))
    assert asl["States"][state.name][key] == value


def test_unset_options_leave_no_field() -> None:
    asl = compiled(Workflow("Bare", Task("T", resource=R)))
    assert asl["States"]["T"] == {"Type": "Task", "Resource": R, "End": True}


WORKFLOW_ROWS = [
    ("comment", {"comment": "c"}, "Comment", "c"),
    ("timeout_seconds", {"timeout_seconds": 60}, "TimeoutSeconds", 60),
    ("query_language", {"query_language": "JSONata"}, "QueryLanguage", "JSONata"),
    ("version", {"version": "1.0"}, "Version", "1.0"),
]


@pytest.mark.parametrize(
    ("options", "key", "value"), [r[1:] for r in WORKFLOW_ROWS], ids=[r[0] for r in WORKFLOW_ROWS]
)
def test_workflow_option_reaches_its_field(options: dict[str, Any], key: str, value: Any) -> None:
    asl = compiled(Workflow("W", Pass("X"), **options))
    assert asl[key] == value
