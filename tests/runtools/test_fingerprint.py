"""A Workflow's fingerprint tells apart every difference compiling could see, and ends on loops."""

from __future__ import annotations

from collections import OrderedDict
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


def _snapshot(value: Any) -> fp.Snapshot:
    taken = fp.fingerprint(value)
    assert taken is not None
    assert taken.snapshot.holds()
    return taken.snapshot


def _change_result_type(state: flowdsl.Pass) -> None:
    state.fields.data["Result"]["n"] = True  # == 1, but another value in ASL


def _append_item(state: flowdsl.Pass) -> None:
    state.fields.data["Result"]["items"].append(3)


def _replace_equal_list(state: flowdsl.Pass) -> None:
    state.fields.data["Result"]["items"] = [1, 2]  # equal, but not the list walked


def _new_attribute(state: flowdsl.Pass) -> None:
    state.extra = "x"  # type: ignore[attr-defined]


def _new_class(state: flowdsl.Pass) -> None:
    state.__class__ = type("Other", (flowdsl.Pass,), {})


def _move_item_to_next_dict(state: flowdsl.Pass) -> None:
    first, second = state.fields.data["Result"]["pair"]
    second["x"] = first.pop("x")  # the same keys and values in walking order, in another dict


def _rename_key(state: flowdsl.Pass) -> None:
    result = state.fields.data["Result"]
    result["m"] = result.pop("n")


def _change_in_subclass(state: flowdsl.Pass) -> None:
    state.fields.data["Result"]["ordered"]["a"] = 2


@pytest.mark.parametrize(
    "change",
    [
        _change_result_type,
        _append_item,
        _replace_equal_list,
        _new_attribute,
        _new_class,
        _move_item_to_next_dict,
        _rename_key,
        _change_in_subclass,
    ],
    ids=repr,
)
def test_a_snapshot_tells_any_change_in_place(change: Any) -> None:
    state = flowdsl.Pass(
        "P", result={"n": 1, "items": [1, 2], "pair": [{"x": 1}, {}], "ordered": OrderedDict(a=1)}
    )
    snapshot = _snapshot(flowdsl.Workflow("w", state))
    change(state)
    assert not snapshot.holds()


def test_a_snapshot_tells_a_changed_slot() -> None:
    path = flowdsl.S.a
    snapshot = _snapshot(flowdsl.Pass("P", parameters={"x": path}))
    object.__setattr__(path, "_text", "$.b")
    assert not snapshot.holds()


def test_the_same_workflow_run_again_sees_a_value_changed_to_an_equal_one_of_another_type() -> None:
    state = flowdsl.Pass("P", result={"n": 1})
    workflow = flowdsl.Workflow("typed", state)
    assert flowdsl.run(workflow).output == {"n": 1}
    _change_result_type(state)
    output = flowdsl.run(workflow).output
    assert output == {"n": True} and output["n"] is True
