"""Parallel and Map: order, concurrency on the virtual clock, failures, variable scopes."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import RealClock, Return, execute
from tests.engine.helpers import run, seconds_at, single


def wait_map(concurrency: int) -> dict[str, Any]:
    processor = {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": True}}}
    return single({"Type": "Map", "MaxConcurrency": concurrency, "ItemProcessor": processor})


@pytest.mark.parametrize(
    ("concurrency", "finish"),
    [(0, 40), (1, 100), (2, 60), (3, 50), (10, 40)],
    ids=["unlimited", "one", "two", "three", "more-than-items"],
)
def test_map_max_concurrency_shapes_virtual_time(concurrency: int, finish: float) -> None:
    execution = run(wait_map(concurrency), [10, 20, 30, 40])
    assert execution.output == [10, 20, 30, 40]
    assert seconds_at(execution, "ExecutionSucceeded") == [finish]


def test_each_iteration_takes_the_lane_that_frees_first() -> None:
    # Two lanes: 30 s on one; 10, 10, 10 one after another on the other, which frees first.
    execution = run(wait_map(2), [30, 10, 10, 10, 5])
    assert seconds_at(execution, "ExecutionSucceeded") == [35]  # the 5 s item after the 30 s one
    started = seconds_at(execution, "MapIterationStarted")
    assert started == [0, 0, 10, 20, 30]


def test_parallel_results_in_branch_order_and_time_is_the_longest_branch() -> None:
    def branch(name: str, seconds: int) -> dict[str, Any]:
        return {
            "StartAt": name,
            "States": {
                name: {"Type": "Wait", "Seconds": seconds, "Next": f"{name}!"},
                f"{name}!": {"Type": "Pass", "Result": name, "End": True},
            },
        }

    execution = run(single({"Type": "Parallel", "Branches": [branch("slow", 30), branch("fast", 5)]}))
    assert execution.output == ["slow", "fast"]
    assert seconds_at(execution, "ExecutionSucceeded") == [30]


def test_map_item_selector_sees_index_value_and_input() -> None:
    state = {
        "Type": "Map",
        "ItemsPath": "$.xs",
        "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
    }
    execution = run(single(state), {"xs": ["a", "b"], "tag": "t"})
    assert execution.output == [{"i": 0, "v": "a", "tag": "t"}, {"i": 1, "v": "b", "tag": "t"}]


def test_map_items_must_be_an_array_or_an_object() -> None:
    state = {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}
    execution = run(single(state), "not a list")
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")


def failing_map(**fields: Any) -> dict[str, Any]:
    processor = {
        "StartAt": "C",
        "States": {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$", "NumericLessThan": 0, "Next": "Bad"}],
                "Default": "Ok",
            },
            "Bad": {"Type": "Fail", "Error": "Negative"},
            "Ok": {"Type": "Pass", "End": True},
        },
    }
    return single({"Type": "Map", "ItemProcessor": processor, **fields})


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, "Negative"),
        ({"ToleratedFailureCount": 1}, "States.ExceedToleratedFailureThreshold"),
        ({"ToleratedFailureCount": 2}, None),
        ({"ToleratedFailurePercentage": 50}, None),
        ({"ToleratedFailurePercentage": 25}, "States.ExceedToleratedFailureThreshold"),
    ],
    ids=["first-failure-fails", "count-exceeded", "count-ok", "percent-ok", "percent-exceeded"],
)
def test_map_tolerated_failures(fields: dict[str, Any], error: str | None) -> None:
    execution = run(failing_map(**fields), [1, -1, 2, -2])
    assert execution.error == error
    if error is None:
        failed = {"Error": "Negative", "Cause": ""}
        assert execution.output == [1, failed, 2, failed]


def test_branch_failure_is_caught_at_the_parallel() -> None:
    machine = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}],
                "Catch": [{"ErrorEquals": ["E"], "ResultPath": "$.error", "Next": "H"}],
                "End": True,
            },
            "H": {"Type": "Pass", "End": True},
        },
    }
    execution = run(machine, {"in": 1})
    assert execution.output == {"in": 1, "error": {"Error": "E", "Cause": "C"}}
    assert execution.visited == {"F": "failed", "P": "caught", "H": "succeeded"}


def test_variables_flow_into_branches_but_not_out() -> None:
    inner = {
        "StartAt": "Read",
        "States": {
            "Read": {
                "Type": "Pass",
                "Parameters": {"outer.$": "$x"},
                "Assign": {"x": "inner"},
                "Next": "Again",
            },
            "Again": {"Type": "Pass", "Parameters": {"before.$": "$.outer", "now.$": "$x"}, "End": True},
        },
    }
    machine = {
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"x": "outer"}, "Next": "Fan"},
            "Fan": {"Type": "Parallel", "Branches": [inner], "ResultPath": "$.branches", "Next": "After"},
            "After": {"Type": "Pass", "Parameters": {"x.$": "$x", "branches.$": "$.branches"}, "End": True},
        },
    }
    assert run(machine).output == {"x": "outer", "branches": [{"before": "outer", "now": "inner"}]}


def test_distributed_map_children_do_not_see_outer_variables() -> None:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True}},
    }
    machine = {
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": processor, "End": True},
        },
    }
    execution = run(machine, [1])
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")


def test_item_reader_needs_a_mock() -> None:
    state = {
        "Type": "Map",
        "ItemReader": {
            "Resource": "arn:aws:states:::s3:getObject",
            "Parameters": {"Bucket": "b", "Key": "k"},
        },
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": True}},
        },
    }
    with pytest.raises(FlowdslError, match="ItemReader"):
        run(single(state))
    assert run(single(state), mocks={"S": Return([1, 2])}).output == [1, 2]


def test_map_history_events() -> None:
    execution = run(wait_map(0), [0, 0])
    kinds = [event["type"] for event in execution.history]
    assert kinds.count("MapIterationStarted") == 2
    assert kinds.count("MapIterationSucceeded") == 2
    assert kinds.index("MapStateStarted") < kinds.index("MapStateSucceeded") < kinds.index("MapStateExited")


@pytest.mark.parametrize(
    ("items", "error"),
    [
        ("{% $states.input.xs %}", None),
        ("{% $states.input.one %}", "States.QueryEvaluationError"),
        ([7, 8], None),
    ],
    ids=["expression", "expression-not-array", "literal"],
)
def test_jsonata_map_items(items: Any, error: str | None) -> None:
    state = {
        "Type": "Map",
        "QueryLanguage": "JSONata",
        "Items": items,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
    }
    execution = run(single(state), {"xs": [1, 2], "one": 5})
    assert execution.error == error
    if error is None:
        assert execution.output == (items if isinstance(items, list) else [1, 2])


def test_item_batcher_groups_items_with_batch_input() -> None:
    state = {
        "Type": "Map",
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag.$": "$.tag"}},
        "ItemsPath": "$.xs",
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": True}},
        },
    }
    execution = run(single(state), {"xs": [1, 2, 3], "tag": "t"})
    assert execution.output == [
        {"BatchInput": {"tag": "t"}, "Items": [1, 2]},
        {"BatchInput": {"tag": "t"}, "Items": [3]},
    ]


@pytest.mark.parametrize(
    ("value", "error"),
    [(1, None), ("2", None), (-1, "States.Runtime"), ("many", "States.Runtime"), (None, "States.Runtime")],
    ids=["int", "numeric-string", "negative", "word", "null"],
)
def test_max_concurrency_path_values(value: Any, error: str | None) -> None:
    state = {
        "Type": "Map",
        "ItemsPath": "$.xs",
        "MaxConcurrencyPath": "$.limit",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
    }
    assert run(single(state), {"xs": [1, 2], "limit": value}).error == error


def test_map_stops_at_the_first_intolerable_failure() -> None:
    execution = run(failing_map(), [1, -1, 2, 3])
    assert execution.error == "Negative"
    assert sum(e["type"] == "MapIterationStarted" for e in execution.history) == 2


def test_real_clock_runs_branches_and_iterations_on_threads_in_order() -> None:
    processor = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 0, "End": True}}}
    machine = {
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "M",
                        "States": {
                            "M": {"Type": "Map", "MaxConcurrency": 2, "ItemProcessor": processor, "End": True}
                        },
                    },
                    {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": "second", "End": True}}},
                ],
                "End": True,
            }
        },
    }
    execution = execute(machine, [1, 2, 3, 4, 5], clock=RealClock())
    assert execution.output == [[1, 2, 3, 4, 5], "second"]
    ids = [event["id"] for event in execution.history]
    assert ids == list(range(1, len(ids) + 1))


def test_real_clock_failure_in_a_branch_fails_the_parallel() -> None:
    machine = {
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": True}}},
                    {"StartAt": "Bad", "States": {"Bad": {"Type": "Fail", "Error": "Broken"}}},
                ],
                "End": True,
            }
        },
    }
    assert execute(machine, {}, clock=RealClock()).error == "Broken"
    assert execute(failing_map(), [1, -1], clock=RealClock()).error == "Negative"
