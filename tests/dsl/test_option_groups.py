"""The DSL's keyword options are the model's fields: named once, spelt in ASL by the model."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from flowdsl import Catch, Choice, Fail, Map, Parallel, Pass, Retry, Succeed, Task, Wait
from flowdsl.dsl.options import keywords
from flowdsl.model import (
    Catcher,
    ChoiceState,
    FailState,
    MapState,
    ParallelState,
    PassState,
    Retrier,
    SucceedState,
    TaskState,
    WaitState,
)

PAIRS: list[tuple[Any, type[BaseModel]]] = [
    (Task.__init__, TaskState),
    (Pass.__init__, PassState),
    (Wait.__init__, WaitState),
    (Succeed.__init__, SucceedState),
    (Fail.__init__, FailState),
    (Choice.__init__, ChoiceState),
    (Parallel.__init__, ParallelState),
    (Map.__init__, MapState),
    (Retry.__init__, Retrier),
    (Catch.__init__, Catcher),
    (Task.retry, Retrier),
    (Task.catch, Catcher),
]
# Options that are not one ASL field of the state itself: where the DSL builds the field.
NOT_FIELDS = {"function_name", "handler", "branches", "processor", "iterator", "mode", "execution_type"}
NOT_FIELDS |= {"errors", "target"}
NOT_FIELDS |= {"input_model", "output_model"}  # types of the data, not ASL fields (docs/types.md)


@pytest.mark.parametrize(("method", "model"), PAIRS, ids=lambda p: getattr(p, "__qualname__", ""))
def test_every_option_is_a_field_of_the_model(method: Any, model: type[BaseModel]) -> None:
    options = set(keywords(method)) - NOT_FIELDS
    assert options, method.__qualname__
    assert options <= set(model.model_fields), options - set(model.model_fields)


def test_options_are_written_under_the_models_names() -> None:
    task = Task("T", resource="arn:aws:states:::sns:publish", timeout_seconds_path="$.t", input_path=None)
    assert task.fields.data == {
        "Resource": "arn:aws:states:::sns:publish",
        "TimeoutSecondsPath": "$.t",
        "InputPath": None,
    }


@pytest.mark.parametrize(
    ("build", "written"),
    [
        (lambda: Pass("P", result=None), {"Result": None}),
        (lambda: Pass("P", assign=None, parameters=None), {}),
        (lambda: Pass("P", result_path=None, output=None), {"ResultPath": None, "Output": None}),
        (lambda: Map("M", processor=Pass("Q"), items=None, items_path=None), {"Items": None}),
    ],
    ids=["result-null-is-a-value", "none-means-unset", "null-result-path-and-output", "items-null"],
)
def test_none_is_null_only_where_null_means_something(build: Any, written: dict[str, Any]) -> None:
    assert build().fields.data == written


def _task() -> Any:
    return Task("T", resource="r", timeout=3)  # type: ignore[call-arg]


def _wait() -> Any:
    return Wait("W", second=1)  # type: ignore[call-arg]


def _retry() -> Any:
    return Retry("E", attempts=2)  # type: ignore[call-arg]


def _pass() -> Any:
    return Pass("P", function_name="F")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (_task, "Task.__init__() got an unexpected keyword argument 'timeout'"),
        (_wait, "Wait.__init__() got an unexpected keyword argument 'second'"),
        (_retry, "Retry.__init__() got an unexpected keyword argument 'attempts'"),
        (_pass, "Pass.__init__() got an unexpected keyword argument 'function_name'"),
    ],
    ids=["task", "wait", "retry", "option-of-another-state"],
)
def test_an_unknown_option_fails_as_python_would(build: Any, message: str) -> None:
    """mypy refuses these calls; at run time they fail with Python's own wording."""
    with pytest.raises(TypeError) as caught:
        build()
    assert str(caught.value) == message
