"""Chains: `>>` keeps start and open ends; loops, rejoins and misuse raise at the user's line."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from flowdsl import Catch, Chain, Choice, Fail, Map, Parallel, Pass, Retry, S, Succeed, Task, Wait, Workflow
from flowdsl.dsl import DslError

HERE = "tests/dsl/test_chain.py"


def states(workflow: Workflow) -> dict[str, Any]:
    result: dict[str, Any] = workflow.to_asl()["States"]
    return result


def transitions(workflow: Workflow) -> dict[str, Any]:
    """Each state's Next (or End) and Default, the shape of the graph."""
    found: dict[str, Any] = {}
    for name, state in states(workflow).items():
        found[name] = (
            state.get("Next") or state.get("Default") or ("End" if state.get("End") else state["Type"])
        )
    return found


def test_chain_keeps_start_and_open_end() -> None:
    a, b, c = Pass("A"), Pass("B"), Pass("C")
    chain = a >> b >> c
    assert chain.start is a
    assert chain.ends == (c,)
    assert transitions(Workflow("W", chain)) == {"A": "B", "B": "C", "C": "End"}


def test_chain_inside_a_longer_chain() -> None:
    middle = Pass("B") >> Pass("C")
    workflow = Workflow("W", Pass("A") >> middle >> Pass("D"))
    assert list(states(workflow)) == ["A", "B", "C", "D"]
    assert transitions(workflow)["C"] == "D"


def test_chain_as_parallel_branch_and_map_processor() -> None:
    parallel = Parallel("P", branches=[Pass("A1") >> Pass("A2"), Pass("B1")])
    mapped = Map("M", processor=Pass("I1") >> Pass("I2"))
    asl = states(Workflow("W", parallel >> mapped))
    assert asl["P"]["Branches"][0]["States"]["A1"]["Next"] == "A2"
    assert asl["P"]["Next"] == "M"
    assert asl["M"]["ItemProcessor"]["States"]["I2"]["End"] is True


def test_chain_as_choice_target() -> None:
    choice = Choice("C").when(S.x == 1, Pass("One") >> Succeed("Done")).otherwise(Fail("No"))
    asl = states(Workflow("W", choice))
    assert asl["C"]["Choices"][0]["Next"] == "One"
    assert asl["One"]["Next"] == "Done"
    assert asl["C"]["Default"] == "No"


def test_loop_by_chaining_back_to_an_existing_state() -> None:
    work = Task("Work", resource="arn:aws:states:::lambda:invoke")
    check = Choice("Done?")
    workflow = Workflow("W", Pass("Start") >> work >> check)
    check.when(S.done == True, Succeed("Finished")).otherwise(Wait("Pause", seconds=5) >> work)  # noqa: E712
    asl = states(workflow)
    assert asl["Pause"]["Next"] == "Work"
    assert list(asl) == ["Start", "Work", "Done?", "Finished", "Pause"]


def test_afterwards_rejoins_branches_and_fills_the_default() -> None:
    choice = Choice("C").when(S.x == 1, Pass("One")).when(S.x == 2, Pass("Two") >> Pass("Two more"))
    workflow = Workflow("W", choice.afterwards() >> Pass("Join"))
    shape = transitions(workflow)
    assert shape["One"] == "Join"
    assert shape["Two more"] == "Join"
    assert states(workflow)["C"]["Default"] == "Join"


def test_afterwards_without_otherwise_leaves_default_unset_on_request() -> None:
    choice = Choice("C").when(S.x == 1, Pass("One"))
    workflow = Workflow("W", choice.afterwards(include_otherwise=False) >> Pass("Join"))
    assert "Default" not in states(workflow)["C"]


def test_catch_target_chain_is_compiled() -> None:
    task = Task("T", resource="arn:r", catch=[Catch("States.ALL", Pass("Log") >> Fail("Failed"))])
    asl = states(Workflow("W", task))
    assert asl["T"]["Catch"][0]["Next"] == "Log"
    assert asl["Log"]["Next"] == "Failed"


def test_state_order_is_deterministic() -> None:
    def build() -> str:
        choice = Choice("C").when(S.a == 1, Pass("X") >> Pass("Y")).otherwise(Pass("Z"))
        return Workflow("W", Pass("A") >> choice).to_json()

    assert build() == build()
    assert list(__import__("json").loads(build())["States"]) == ["A", "C", "X", "Y", "Z"]


def line_of_raise(excinfo: pytest.ExceptionInfo[DslError]) -> int:
    """The test line that raised: the innermost traceback entry in this file."""
    entries = [e for e in excinfo.traceback if str(e.path).endswith("test_chain.py")]
    return entries[-1].lineno + 1


CHAIN_ERRORS = [
    ("after Fail", lambda: Fail("F") >> Pass("X"), "chain-after-end", "after Fail state 'F'"),
    ("after Succeed", lambda: Succeed("S") >> Pass("X"), "chain-after-end", "after Succeed state 'S'"),
    ("after chain ending in Fail", lambda: (Pass("A") >> Fail("F")) >> Pass("X"), "chain-after-end", "'F'"),
    ("after Choice", lambda: Choice("C") >> Pass("X"), "chain-after-end", "use .afterwards()"),
    ("relink Next", lambda: [a := Pass("A"), a >> Pass("B"), a >> Pass("C")], "already-chained",
     "already continues to 'B'"),
    ("second otherwise", lambda: Choice("C").otherwise(Pass("A")).otherwise(Pass("B")), "already-chained",
     "already has default 'A'"),
    ("chain a non-state", lambda: Pass("A") >> 3, "invalid-chain", "got int"),  # type: ignore[operator]
    ("non-str name", lambda: Pass(3), "invalid-state-name", "not int"),  # type: ignore[arg-type]
    ("task without target", lambda: Task("T"), "task-target", "exactly one of"),
    ("task handler without name", lambda: Task("T", handler=lambda e, c: e, resource="arn:r"), "task-target",
     "function_name"),
    ("handler of one argument", lambda: Task("T", function_name="F", handler=lambda event: event),  # type: ignore[arg-type,misc]
     "task-target", "handler '<lambda>' cannot be called as handler(event, context)"),
    ("path as handler", lambda: Task("T", function_name="F", handler=S.run), "task-target",  # type: ignore[arg-type]
     "handler must be callable"),
    ("wait without time", lambda: Wait("W"), "wait-duration", "exactly one of"),
    ("map without processor", lambda: Map("M"), "map-processor", "exactly one of"),
    ("object in a payload", lambda: Pass("P", parameters={"a": object()}), "not-json",
     "'Parameters' holds an object"),
    ("nan in a payload", lambda: Pass("P", result=[float("nan")]), "not-json", "'Result' holds nan"),
    ("non-str key", lambda: Pass("P", result={1: "x"}), "not-json", "an object with non-str keys"),
    ("condition as a value", lambda: Pass("P", result={"c": S.x == 1}), "not-json",
     "conditions go in Choice.when"),
    ("rule without condition", lambda: Choice("C").when(True, Pass("A")), "invalid-condition", "not bool"),  # type: ignore[arg-type]
    ("rule on a bare path", lambda: Choice("C").when(S.ok, Pass("A")), "invalid-condition",  # type: ignore[arg-type]
     "a path is not a condition: compare it (S.ok == True) or test it (is_present(S.ok))"),
    ("rule on a str without {% %}", lambda: Choice("C").when("$x > 1", Pass("A")), "invalid-condition",
     "a JSONata condition is written '{% ... %}': use expr('$x > 1')"),
    ("target by name", lambda: Pass("A") >> "B", "invalid-chain",  # type: ignore[operator]
     "got the str 'B': transitions go to state objects, not names"),
    ("lone retrier", lambda: Task("T", resource="arn:r", retry=Retry("States.ALL")), "invalid-retry",  # type: ignore[arg-type]
     "state 'T': retry= takes a list of Retry (write retry=[...])"),
    ("catch list of str", lambda: Task("T", resource="arn:r", catch=["States.ALL"]), "invalid-catch",  # type: ignore[list-item]
     "state 'T': catch= holds a str, not a Catch"),
    ("lone branch", lambda: Parallel("P", branches=Pass("A")), "invalid-branches",  # type: ignore[arg-type]
     "branches= takes a list of states or chains"),
    ("comparison with None", lambda: S.x == None, "invalid-condition", "use is_null(S.x)"),  # noqa: E711
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "code", "text"), [e[1:] for e in CHAIN_ERRORS], ids=[e[0] for e in CHAIN_ERRORS]
)
def test_misuse_raises_at_the_users_line(build: Any, code: str, text: str) -> None:
    with pytest.raises(DslError) as caught:
        build()
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == code
    assert text in diagnostic.message
    lambda_line = next(e for e in caught.traceback if e.name == "<lambda>").lineno + 1
    assert diagnostic.location == f"{HERE}:{lambda_line}"


def test_state_records_the_line_it_was_created_on() -> None:
    state = Pass("Here")
    assert state.location == f"{HERE}:{sys._getframe().f_lineno - 1}"


def test_chain_of_rejects_non_states() -> None:
    with pytest.raises(DslError):
        Chain.of("A")  # type: ignore[arg-type]
