"""The machines bench_run.py measures, as ASL documents."""

from __future__ import annotations

from typing import Any

# Ten states: Init, Check, Pause, Fan (with Left and Right), Each (with Double), Shape, Done.
TEN_STATES: dict[str, Any] = {
    "Comment": "Every control-flow state type once, with no Task, so only the interpreter is measured",
    "StartAt": "Init",
    "States": {
        "Init": {
            "Type": "Pass",
            "Result": {"items": [1, 2, 3], "n": 2},
            "ResultPath": "$.init",
            "Next": "Check",
        },
        "Check": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.init.n", "NumericGreaterThan": 1, "Next": "Pause"}],
            "Default": "Done",
        },
        "Pause": {"Type": "Wait", "Seconds": 0, "Next": "Fan"},
        "Fan": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "Left",
                    "States": {"Left": {"Type": "Pass", "Parameters": {"side": "left"}, "End": True}},
                },
                {
                    "StartAt": "Right",
                    "States": {"Right": {"Type": "Pass", "InputPath": "$.init", "End": True}},
                },
            ],
            "ResultPath": "$.fan",
            "Next": "Each",
        },
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.init.items",
            "MaxConcurrency": 2,
            # $$.Map.Item is defined in ItemSelector only, not inside the iteration's states.
            "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "Double",
                "States": {
                    "Double": {
                        "Type": "Pass",
                        "Parameters": {"value.$": "$.value", "at.$": "$.index"},
                        "End": True,
                    }
                },
            },
            "ResultPath": "$.each",
            "Next": "Shape",
        },
        "Shape": {
            "Type": "Pass",
            "Parameters": {"count.$": "States.ArrayLength($.each)", "left.$": "$.fan[0].side"},
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
    },
}

TEN_STATES_INPUT: dict[str, Any] = {"order": "A-1"}
TEN_STATES_OUTPUT: dict[str, Any] = {"count": 3, "left": "left"}

# The floor: one Pass state, i.e. what an execution costs before any state does real work.
ONE_PASS: dict[str, Any] = {"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": True}}}


# A Map over 1,000 items, and a chain of 100 Pass states: per-item and per-state costs.
MAP_ITEMS = 1000
MAP: dict[str, Any] = {
    "StartAt": "Each",
    "States": {
        "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "StartAt": "Tag",
                "States": {"Tag": {"Type": "Pass", "Parameters": {"v.$": "$.n"}, "End": True}},
            },
            "End": True,
        }
    },
}
CHAIN: dict[str, Any] = {
    "StartAt": "S0",
    "States": {
        f"S{i}": {
            "Type": "Pass",
            "Result": i,
            "ResultPath": "$.last",
            **({"Next": f"S{i + 1}"} if i < 99 else {"End": True}),
        }
        for i in range(100)
    },
}


def items(count: int) -> dict[str, Any]:
    # Objects, not numbers: aws-local-stepfunctions cannot apply a path to a number.
    return {"items": [{"n": n} for n in range(count)]}
