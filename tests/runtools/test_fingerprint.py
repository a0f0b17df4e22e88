"""A Workflow's fingerprint tells apart every difference compiling could see, and ends on loops."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl
from flowdsl import fingerprint as fp


def _key(value: Any) -> tuple[Any, ...]:
    taken = fp.fingerprint(value)
    assert taken is not None
    return taken.key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (1, True),
        (1, 1.0),
        (0.0, -0.0),
        ("ref", ["ref"]),
        ({"a": 1}, [("a", 1)]),
        ([1, 2], [2, 1]),
        ("x", flowdsl.expr("x")),
        ({"a": None}, {"a": "None"}),
    ],
    ids=repr,
)
def test_values_equal_in_python_but_not_in_asl_differ(one: Any, other: Any) -> None:
    assert _key(flowdsl.Pass("P", result=one)) != _key(flowdsl.Pass("P", result=other))


def test_a_loop_back_to_a_state_ends_and_is_told_from_a_copy() -> None:
    def build(*, loop: bool) -> flowdsl.Workflow:
        first, again = flowdsl.Pass("First"), flowdsl.Choice("Again")
        twin = first if loop else flowdsl.Pass("First")
        first.attach(again.when(flowdsl.S.n < 3, twin).otherwise(flowdsl.Succeed("Done")))
        return flowdsl.Workflow("loop", first)

    assert _key(build(loop=True)) == _key(build(loop=True))
    assert _key(build(loop=True)) != _key(build(loop=False))


def test_functions_count_by_identity_and_are_kept_alive() -> None:
    def handler(event: Any, context: Any) -> Any:
        return event

    def task(function: Any) -> flowdsl.Task:
        return flowdsl.Task("T", handler=function, function_name="F")  # one line: one location

    taken = fp.fingerprint(task(handler))
    assert taken is not None
    assert handler in taken.keep
    assert _key(task(handler)) == taken.key
    assert _key(task(lambda e, c: e)) != taken.key


def test_a_graph_too_large_has_no_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fp, "MAX_ITEMS", 50)
    assert fp.fingerprint(flowdsl.Pass("P", result=list(range(100)))) is None
    assert fp.fingerprint(flowdsl.Pass("P", result=list(range(5)))) is not None
