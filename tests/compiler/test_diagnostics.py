"""One case per compiler diagnostic code, each located at the user's line; all reported at once."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from flowdsl import Catch, Choice, Diagnostic, Fail, FlowdslError, Parallel, Pass, S, Succeed, Task, Workflow
from flowdsl.codes import STAGES
from flowdsl.compiler import ResourceScheme, compile_workflow
from flowdsl.integrations import start_execution
from flowdsl.model import to_asl

HERE = "tests/compiler/test_diagnostics.py"


def above() -> str:
    """`file:line` of the line above the caller's."""
    return f"{HERE}:{sys._getframe(1).f_lineno - 1}"


def handler_a(event: object, context: object) -> object:
    return event


def handler_b(event: object, context: object) -> object:
    return event


Case = tuple[Callable[[], tuple[Workflow, ResourceScheme | None, str]], str]


def duplicate_state_name() -> tuple[Workflow, ResourceScheme | None, str]:
    first = Pass("Twice")
    first_at = above()
    second = Pass("Twice")
    second_at = above()
    workflow = Workflow("W", first >> second)
    return workflow, None, f"(first at {first_at}, again at {second_at})|{second_at}"


def state_in_two_scopes() -> tuple[Workflow, ResourceScheme | None, str]:
    shared = Pass("Shared")
    at = above()
    workflow = Workflow("W", Parallel("P", branches=[shared]) >> shared)
    return workflow, None, f"reached from the workflow and from branch 0 of 'P'|{at}"


def conflicting_handlers() -> tuple[Workflow, ResourceScheme | None, str]:
    a = Task("A", function_name="F", handler=handler_a)
    b = Task("B", function_name="F", handler=handler_b)
    at = above()
    return Workflow("W", a >> b), None, f"lambda function 'F' is given two different handlers|{at}"


class NotAModel:
    """A plain class: pydantic has no JSON type for it."""


def unreadable_model() -> tuple[Workflow, ResourceScheme | None, str]:
    task = Task("A", function_name="F", output_model=NotAModel)
    at = above()
    return Workflow("W", task), None, f"output_model=NotAModel is not a type pydantic can read|{at}"


def unused_resource_binding() -> tuple[Workflow, ResourceScheme | None, str]:
    task = Task("A", function_name="OpenCase")
    workflow = Workflow("W", task)
    at = above()
    scheme = ResourceScheme(bindings={"OpenCas": "arn:aws:lambda:us-east-1:123456789012:function:x"})
    return workflow, scheme, f"resource binding 'OpenCas' matches no task's function_name|{at}"


def jsonata_condition() -> tuple[Workflow, ResourceScheme | None, str]:
    choice = Choice("C").when("{% $states.input.x %}", Pass("A"))
    at = above()
    return (
        Workflow("W", choice),
        None,
        f"is a JSONata string, but the state's query language is JSONPath|{at}",
    )


def path_not_evaluated() -> tuple[Workflow, ResourceScheme | None, str]:
    state = Pass("P", result={"id": S.id})
    at = above()
    return Workflow("W", state), None, f"'Result' is written as is in JSONPath, so path '$.id'|{at}"


def jsonata_path() -> tuple[Workflow, ResourceScheme | None, str]:
    state = Pass("P", output=S["a`b"])
    at = above()
    return Workflow("W", state, query_language="JSONata"), None, f"contains a backquote|{at}"


def handler_not_packageable() -> tuple[Workflow, ResourceScheme | None, str]:
    def nested(event: object, context: object) -> object:
        return event

    task = Task("T", function_name="F", handler=nested)
    at = above()
    return Workflow("W", task), None, f"'F' (task 'T') is defined inside a function: it runs locally|{at}"


def nested_workflow_cycle() -> tuple[Workflow, ResourceScheme | None, str]:
    back = Pass("Back")
    inner = Workflow("Inner", back)
    outer = Workflow("Outer", start_execution("Start Inner", inner))
    back >> start_execution("Start Outer", outer)
    at = above()
    return outer, None, f"'Outer' -> 'Inner' -> 'Outer'|{at}"


def nested_workflow_name_conflict() -> tuple[Workflow, ResourceScheme | None, str]:
    first = start_execution("One", Workflow("Child", Pass("A")))
    second = start_execution("Two", Workflow("Child!", Pass("B")))
    at = above()
    expected = f"placeholder '${{ChildArn}}' is also workflow 'Child''s|{at}"
    return Workflow("W", first >> second), None, expected


CASES: dict[str, Callable[[], tuple[Workflow, ResourceScheme | None, str]]] = {
    "duplicate-state-name": duplicate_state_name,
    "state-in-two-scopes": state_in_two_scopes,
    "conflicting-handlers": conflicting_handlers,
    "unreadable-model": unreadable_model,
    "unused-resource-binding": unused_resource_binding,
    "jsonata-condition": jsonata_condition,
    "path-not-evaluated": path_not_evaluated,
    "jsonata-path": jsonata_path,
    "handler-not-packageable": handler_not_packageable,
    "nested-workflow-cycle": nested_workflow_cycle,
    "nested-workflow-name-conflict": nested_workflow_name_conflict,
}


def test_every_compiler_code_has_a_case() -> None:
    assert sorted(CASES) == sorted(STAGES["compile"])


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_is_reported_at_the_users_line(code: str) -> None:
    workflow, scheme, expected = CASES[code]()
    text, location = expected.split("|")
    source = compile_workflow(workflow, resources=scheme)
    found = [d for d in source.diagnostics if d.code == code]
    assert len(found) == 1, source.diagnostics
    assert text in found[0].message
    assert found[0].location == location


def test_structure_errors_point_at_the_state_line() -> None:
    state = Task("T", resource=42)  # type: ignore[arg-type]
    at = above()
    with pytest.raises(FlowdslError) as caught:
        compile_workflow(Workflow("W", state))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "invalid-type"
    assert diagnostic.location == at
    assert diagnostic.message == "'Resource' must be a string or an object (at /Resource)"


def test_every_problem_is_reported_at_once() -> None:
    a, b = Pass("Same"), Pass("Same")
    shared = Pass("Shared")
    choice = Choice("C").when("{% true %}", a).otherwise(b)
    workflow = Workflow("W", Parallel("P", branches=[shared]) >> shared >> choice)
    codes = sorted(d.code for d in compile_workflow(workflow).diagnostics)
    assert codes == ["duplicate-state-name", "jsonata-condition", "state-in-two-scopes"]


def test_workflow_validate_merges_compile_and_checks_once_each() -> None:
    a, b = Pass("Same"), Pass("Same")
    found = Workflow("W", Choice("C").when(S.x == 1, a >> Fail("F")).when(S.x == 2, b)).validate()
    codes = [d.code for d in found]
    assert codes.count("duplicate-state-name") == 1
    assert "missing-default" in codes
    assert all(isinstance(d, Diagnostic) for d in found)


def test_to_asl_refuses_a_workflow_with_compile_errors() -> None:
    with pytest.raises(FlowdslError) as caught:
        Workflow("W", Pass("Same") >> Pass("Same")).to_asl()
    assert [d.code for d in caught.value.diagnostics] == ["duplicate-state-name"]


def test_catch_target_outside_a_branch_is_two_scopes() -> None:
    outside = Pass("Outside")
    inner = Task("Inner", resource="arn:r", catch=[Catch("States.ALL", outside)])
    workflow = Workflow("W", Parallel("P", branches=[inner]) >> outside)
    assert [d.code for d in compile_workflow(workflow).diagnostics] == ["state-in-two-scopes"]


ARN = "arn:aws:states:::sqs:sendMessage"

DUPLICATES: dict[str, Callable[[], Workflow]] = {
    "chained directly": lambda: Workflow("W", Pass("A") >> Pass("A")),
    "chained with a tail": lambda: Workflow("W", Pass("A") >> Pass("A") >> Pass("B") >> Succeed("Done")),
    "as choice targets": lambda: Workflow("W", Choice("C").when(S.x == 1, Pass("A")).otherwise(Pass("A"))),
    "as a catch target": lambda: Workflow("W", Task("A", resource=ARN).catch("States.ALL", Pass("A"))),
    "80 characters": lambda: Workflow("W", Pass("x" * 80) >> Pass("x" * 80)),
}


@pytest.mark.parametrize("build", DUPLICATES.values(), ids=DUPLICATES.keys())
def test_a_duplicate_name_is_the_only_problem_reported(build: Callable[[], Workflow]) -> None:
    # The second state stands in under another name, so no spurious loop or unreachable state.
    assert [d.code for d in build().validate()] == ["duplicate-state-name"]


def test_a_duplicate_keeps_its_place_in_the_graph() -> None:
    source = compile_workflow(Workflow("W", Pass("A") >> Pass("A") >> Pass("A") >> Pass("A (2)")))
    states = to_asl(source.definition)["States"]
    assert {name: state.get("Next") for name, state in states.items()} == {
        "A": "A (3)",
        "A (3)": "A (4)",
        "A (4)": "A (2)",
        "A (2)": None,
    }


def test_problems_beyond_a_duplicate_are_still_reported() -> None:
    slow = Task("Slow", resource=ARN, timeout_seconds=5, heartbeat_seconds=10)
    at = above()
    found = Workflow("W", Pass("A") >> Pass("A") >> slow).validate()
    assert sorted(d.code for d in found) == ["duplicate-state-name", "heartbeat-not-below-timeout"]
    assert ("heartbeat-not-below-timeout", at) in [(d.code, d.location) for d in found]


def test_a_jsonata_rule_in_jsonpath_keeps_its_edge() -> None:
    # The rule is written as given, so its target and the rules after it stay reachable.
    choice = Choice("C").when("{% $states.input.x %}", Pass("A"))
    at = above()
    choice.when(S.x == 1, Pass("B")).otherwise(Pass("D"))
    found = [(d.code, d.location) for d in Workflow("W", choice).validate()]
    assert found == [("jsonata-condition", at), ("jsonata-only-field", at)]
