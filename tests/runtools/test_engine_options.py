"""`flowdsl.run(**engine_options)`: exactly `execute`'s options, a misspelt one refused by name."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import flowdsl
from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import VirtualClock, execute
from flowdsl.engine.runner import EngineOptions
from flowdsl.testing import assert_path

PASS: dict[str, Any] = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def test_the_options_are_the_keywords_of_execute() -> None:
    keywords = [
        name
        for name, parameter in inspect.signature(execute).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name not in ("handlers", "mocks")
    ]
    assert sorted(EngineOptions.__optional_keys__) == sorted(keywords)


def test_a_misspelt_option_is_refused_with_a_suggestion() -> None:
    with pytest.raises(FlowdslError) as caught:
        flowdsl.run(PASS, {}, clok=VirtualClock(0))  # type: ignore[call-arg]
    assert [(d.code, d.message) for d in caught.value.diagnostics] == [
        ("run-option-unknown", "unknown engine option 'clok' (did you mean 'clock'?)")
    ]


def test_every_unknown_option_is_named_before_anything_runs() -> None:
    options: dict[str, Any] = {"seed": 1, "speed": 2, "colour": "red"}
    with pytest.raises(FlowdslError) as caught:
        flowdsl.run({"not": "a machine"}, {}, **options)
    assert [d.message for d in caught.value.diagnostics] == [
        "unknown engine option 'speed' (did you mean 'seed'?)",
        "unknown engine option 'colour'",
    ]


def test_assert_path_refuses_them_too() -> None:
    with pytest.raises(FlowdslError, match="unknown engine option 'nmae'"):
        assert_path(PASS, {}, ["A"], nmae="x")  # type: ignore[call-arg]


def test_known_options_still_reach_the_engine() -> None:
    execution = flowdsl.run(PASS, {}, name="fixed", seed=3, clock=VirtualClock(0))
    assert execution.context["Execution"]["Name"] == "fixed"
