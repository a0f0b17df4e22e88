"""Run time: `check_types=True` fails mistyped data with States.Runtime; model handlers get models."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

import flowdsl
from flowdsl import Catch, Map, Parallel, Pass, Task, Workflow
from flowdsl.cli.main import cli
from flowdsl.diagnostics import FlowdslError
from lambdas.callcenter_typed import CaseRequest, OpenCase
from tests.conftest import REPO_ROOT
from tests.typeflow.models import Ship

SEEN: list[object] = []


def opens(event: CaseRequest, context: Any) -> OpenCase:
    SEEN.append(event)
    return OpenCase(Case=event.inputCaseID, Message="opened")


def returns_wrong(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"order_id": "o1", "count": "many"}


def test_a_model_handler_receives_and_returns_models() -> None:
    SEEN.clear()
    workflow = Workflow("W", Task("Open", handler=opens, function_name="Open"))
    execution = flowdsl.run(workflow, {"inputCaseID": "7"})
    assert execution.output == {"Case": "7", "Message": "opened"}
    assert [CaseRequest(inputCaseID="7")] == SEEN


def test_a_model_handler_given_bad_json_fails_like_the_function_would() -> None:
    workflow = Workflow("W", Task("Open", handler=opens, function_name="Open"))
    execution = flowdsl.run(workflow, {"wrong": 1})
    assert execution.error == "ValidationError"
    assert "inputCaseID" in (execution.cause or "")


def test_check_types_fails_a_mistyped_result_with_states_runtime() -> None:
    task = Task("Ship", handler=returns_wrong, function_name="Ship", output_model=Ship)
    workflow = Workflow("W", task)
    assert flowdsl.run(workflow, {}).status == "SUCCEEDED"  # unchecked: the data just flows
    execution = flowdsl.run(workflow, {}, check_types=True)
    assert execution.error == "States.Runtime"
    assert execution.cause == (
        "state 'Ship': the result does not match 'Ship': count: Input should be a valid integer, "
        "unable to parse string as an integer"
    )


def test_check_types_failure_is_not_caught_like_any_states_runtime() -> None:
    task = Task(
        "Ship",
        handler=returns_wrong,
        function_name="Ship",
        input_model=Ship,
        catch=[Catch("States.Runtime", Pass("Recover")), Catch("States.ALL", Pass("Recover too"))],
    )
    execution = flowdsl.run(Workflow("W", task), {"order_id": "o1"}, check_types=True)
    # AWS "Error names": States.Runtime is not retriable and no Catch handles it.
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert execution.cause == "state 'Ship': the input does not match 'Ship': count: Field required"


def test_check_types_refuses_a_mistyped_execution_input() -> None:
    workflow = Workflow("W", Task("Open", handler=opens, function_name="Open"), input_model=CaseRequest)
    with pytest.raises(FlowdslError) as raised:
        flowdsl.run(workflow, {"inputCaseID": 7}, check_types=True)
    assert [d.code for d in raised.value.diagnostics] == ["execution-input-mismatch"]


def test_cli_check_types_on_the_typed_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("FLOWDSL_WORK_ON_CASE_STATUS", "1")
    args = ["run", "examples/callcenter_typed.py", "--check-types", "--format", "json"]
    result = CliRunner().invoke(cli, [*args, "--input", '{"inputCaseID": "001"}'])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["output"]["Status"] == 1
    bad = CliRunner().invoke(cli, [*args, "--input", '{"inputCase": "001"}'])
    assert bad.exit_code == 1


def test_check_types_checks_mocked_tasks() -> None:
    from flowdsl.engine.mocks import Return  # noqa: PLC0415

    task = Task("Ship", resource="arn:aws:states:::sqs:sendMessage", input_model=Ship, output_model=Ship)
    workflow = Workflow("W", task)
    good = flowdsl.run(workflow, {}, mocks={"Ship": Return({"order_id": "o", "count": 2})}, check_types=True)
    assert good.status == "SUCCEEDED"
    bad = flowdsl.run(workflow, {}, mocks={"Ship": Return({"order_id": "o"})}, check_types=True)
    assert (bad.error, bad.cause) == (
        "States.Runtime",
        "state 'Ship': the result does not match 'Ship': count: Field required",
    )
    called = flowdsl.run(workflow, {"order_id": 1}, mocks={"Ship": lambda given: given}, check_types=True)
    assert called.error == "States.Runtime"
    assert (
        called.cause
        == "state 'Ship': the input does not match 'Ship': order_id: Input should be a valid string; "
        "count: Field required"
    )


ORDERS = {"orders": [{"n": 1}, {"n": 2}]}


def _items(_event: Any, _context: Any) -> dict[str, Any]:
    return {"order_id": "o1", "count": 2}


def _mapped(item_model: Any) -> Workflow:
    worker = Task("Work", handler=returns_wrong, function_name="Work")
    return Workflow("W", Map("Each", processor=worker, items_path="$.orders", output_model=item_model))


def test_check_types_validates_each_map_iteration_against_the_output_model() -> None:
    workflow = _mapped(Ship)
    assert flowdsl.run(workflow, ORDERS).status == "SUCCEEDED"
    execution = flowdsl.run(workflow, ORDERS, check_types=True)
    assert execution.error == "States.Runtime"
    assert execution.cause is not None
    assert execution.cause.startswith("state 'Each': the result does not match 'Ship' (each item): 0.count:")


def test_check_types_validates_a_map_result_list_model() -> None:
    execution = flowdsl.run(_mapped(list[Ship]), ORDERS, check_types=True)
    assert execution.error == "States.Runtime"
    assert "the result does not match 'list" in (execution.cause or "")


def test_check_types_passes_a_map_whose_items_match() -> None:
    worker = Task("Work", handler=_items, function_name="Work")
    workflow = Workflow("W", Map("Each", processor=worker, items_path="$.orders", output_model=Ship))
    execution = flowdsl.run(workflow, ORDERS, check_types=True)
    assert execution.status == "SUCCEEDED"
    assert execution.output == [{"order_id": "o1", "count": 2}] * 2


def test_check_types_validates_a_parallel_result() -> None:
    branches = [Pass("A", result={"order_id": "o", "count": 1}), Pass("B", result={"count": "x"})]
    workflow = Workflow("W", Parallel("Both", branches=branches, output_model=list[Ship]))
    assert flowdsl.run(workflow, {}).status == "SUCCEEDED"
    execution = flowdsl.run(workflow, {}, check_types=True)
    assert execution.error == "States.Runtime"
    assert "1.order_id: Field required" in (execution.cause or "")
    events = [e["type"] for e in execution.history_document["events"]]
    assert "ParallelStateFailed" in events and "ParallelStateSucceeded" not in events
