"""The compiler dispatches on DSL state type through one table, `KINDS`."""

from __future__ import annotations

from flowdsl import Choice, Fail, Map, Parallel, Pass, Succeed, Task, Wait
from flowdsl.compiler import _PLAIN, KINDS, kind_of
from flowdsl.dsl.base import State


def test_each_state_type_with_extra_compilation_has_an_entry() -> None:
    assert set(KINDS) == {Task, Choice, Parallel, Map}


def test_plain_states_compile_their_own_fields_only() -> None:
    for state in (Pass("p"), Wait("w", seconds=1), Succeed("s"), Fail("f", error="E")):
        assert kind_of(state) is _PLAIN


def test_a_subclass_takes_its_base_entry() -> None:
    class Sub(Task):
        pass

    assert kind_of(Sub("t", resource="arn:aws:states:::sqs:sendMessage")) is KINDS[Task]
    assert all(issubclass(kind, State) for kind in KINDS)
