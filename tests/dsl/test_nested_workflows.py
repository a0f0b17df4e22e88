"""`start_execution` given a Workflow: the parent knows its children (transitively), writes
`${ChildArn}` as Lambda functions get `${FunctionArn}`, and refuses a cycle."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowdsl import Choice, FlowdslError, Pass, S, Task, Workflow
from flowdsl.compiler import ResourceScheme, compile_workflow
from flowdsl.integrations import start_execution
from flowdsl.loader import load_source
from flowdsl.model import to_asl
from tests.dsl.integrations import nested
from tests.dsl.integrations.lambdas import double

NESTED = Path(nested.__file__)


def _parameters(workflow: Workflow, state: str, scheme: ResourceScheme | None = None) -> object:
    return to_asl(compile_workflow(workflow, resources=scheme).definition)["States"][state]["Parameters"]


def test_the_child_is_written_as_its_placeholder_and_compiled_with_the_parent() -> None:
    source = compile_workflow(nested.parent)
    assert source.diagnostics == ()
    params = _parameters(nested.parent, "Run Child")
    assert params == {"StateMachineArn": "${ChildArn}", "Input": {"n.$": "$.n"}}
    assert list(source.children) == ["Child", "Leaf"]
    assert list(source.nested()) == ["Leaf", "Child"]  # each before the workflows that start it
    assert source.children["Child"].children["Leaf"].handlers == {"DoubleFunction": double.handler}
    assert nested.parent.children() == [nested.child, nested.leaf]


def test_the_patterns_of_a_nested_workflow() -> None:
    steps = to_asl(compile_workflow(nested.parent).definition)["States"]
    assert steps["Run Child"]["Resource"] == "arn:aws:states:::states:startExecution.sync:2"
    assert steps["Fire Leaf"]["Resource"] == "arn:aws:states:::states:startExecution"
    run_leaf = to_asl(compile_workflow(nested.child).definition)["States"]["Run Leaf"]
    assert run_leaf["Resource"] == "arn:aws:states:::states:startExecution.sync"


def test_jsonata_writes_the_placeholder_in_arguments() -> None:
    flow = Workflow("P", start_execution("Go", nested.leaf, input={"n": 1}), query_language="JSONata")
    step = to_asl(compile_workflow(flow).definition)["States"]["Go"]
    assert step["Arguments"] == {"StateMachineArn": "${LeafArn}", "Input": {"n": 1}}


def test_a_region_and_account_or_a_binding_write_the_child_arn() -> None:
    scheme = ResourceScheme(region="eu-west-1", account="111122223333")
    arn = _parameters(nested.parent, "Run Child", scheme)["StateMachineArn"]  # type: ignore[index]
    assert arn == "arn:aws:states:eu-west-1:111122223333:stateMachine:Child"
    bound = ResourceScheme(bindings={"ChildArn": "arn:aws:states:us-east-1:1:stateMachine:Other"})
    source = compile_workflow(nested.parent, resources=bound)
    assert [d.code for d in source.diagnostics] == []
    params = to_asl(source.definition)["States"]["Run Child"]["Parameters"]
    assert params["StateMachineArn"].endswith(":Other")


def test_arn_targets_are_unchanged() -> None:
    flow = Workflow("P", start_execution("Go", "arn:aws:states:us-east-1:123456789012:stateMachine:C"))
    source = compile_workflow(flow)
    assert source.children == {}
    assert to_asl(source.definition)["States"]["Go"]["Parameters"] == {
        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:C"
    }
    path = Workflow("P", start_execution("Go", S.target))
    step = to_asl(compile_workflow(path).definition)["States"]["Go"]
    assert step["Parameters"] == {"StateMachineArn.$": "$.target"}


def test_a_cycle_of_nested_workflows_is_refused_at_the_task() -> None:
    back = Pass("Back")
    inner = Workflow("Inner", back)
    outer = Workflow("Outer", start_execution("Start Inner", inner))
    again = start_execution("Start Outer", outer)
    back >> again  # Inner now starts Outer, which starts Inner
    found = outer.validate()
    assert [d.code for d in found] == ["nested-workflow-cycle"]
    assert "'Outer' -> 'Inner' -> 'Outer'" in found[0].message
    assert str(found[0].location).endswith(f"test_nested_workflows.py:{again.location.line}")
    with pytest.raises(FlowdslError):
        outer.to_asl()


def test_two_workflows_of_one_placeholder_are_refused() -> None:
    one, other = Workflow("Child", Pass("A")), Workflow("Child!", Pass("B"))
    flow = Workflow("P", start_execution("One", one) >> start_execution("Other", other))
    assert [d.code for d in flow.validate()] == ["nested-workflow-name-conflict"]
    shared = Workflow("DoubleFunction", Pass("C"))
    task = Task("Work", handler=double.handler, function_name="DoubleFunction")
    both = Workflow("P", task >> start_execution("Start", shared))
    assert [d.code for d in both.validate()] == ["nested-workflow-name-conflict"]


def test_one_placeholder_anywhere_in_the_tree_names_one_workflow() -> None:
    inner = Workflow("Mid", start_execution("Deep", Workflow("X", Pass("A"))))
    flow = Workflow("P", start_execution("Mid", inner) >> start_execution("Top", Workflow("X!", Pass("B"))))
    assert [d.code for d in flow.validate()] == ["nested-workflow-name-conflict"]
    function = Workflow("F", Task("Work", handler=double.handler, function_name="X"))
    mixed = Workflow(
        "P", start_execution("One", function) >> start_execution("Two", Workflow("X", Pass("C")))
    )
    assert [d.code for d in mixed.validate()] == ["nested-workflow-name-conflict"]


def test_a_workflow_started_twice_is_compiled_once() -> None:
    source = compile_workflow(nested.parent)
    assert source.children["Leaf"] is source.children["Child"].children["Leaf"]


def test_sync_takes_the_string_form_too() -> None:
    with pytest.raises(FlowdslError) as raised:
        start_execution("Go", nested.leaf, sync=".sync:3")  # type: ignore[arg-type]
    assert raised.value.diagnostics[0].code == "task-target"


def test_a_file_defining_a_parent_and_its_children_is_the_parent() -> None:
    source = load_source(NESTED)
    assert source.name == "Parent"
    assert list(source.nested()) == ["Leaf", "Child"]


def test_validating_a_parent_checks_its_children_at_their_lines() -> None:
    choice = Choice("Pick").when(S.x == 1, Pass("One"))  # no Default: a check's warning
    child = Workflow("Child", choice)
    found = Workflow("P", start_execution("Go", child)).validate()
    assert [d.code for d in found] == ["missing-default"]
    assert str(found[0].location).endswith(f"test_nested_workflows.py:{choice.location.line}")
