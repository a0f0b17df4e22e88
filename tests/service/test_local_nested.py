"""`flowdsl.run` and `flowdsl run` of a Workflow starting Workflows: the children run on our
engine, with their own handlers, and the parent gets what AWS returns (AWS Developer Guide,
"Start a new AWS Step Functions state machine from a running execution")."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import flowdsl
from flowdsl import Fail, Pass, Wait, Workflow, run_cache
from flowdsl.checks import check_document
from flowdsl.cli.main import cli
from flowdsl.engine import plan as plan_module
from flowdsl.integrations import start_execution
from flowdsl.model import StateMachine
from flowdsl.service import core
from tests.dsl.integrations import nested

SYNC_KEYS = {
    "ExecutionArn", "Input", "InputDetails", "Name", "Output", "OutputDetails", "RedriveCount",
    "RedriveStatus", "StartDate", "StateMachineArn", "Status", "StopDate",
}  # fmt: skip
SERVED = "arn:aws:states:us-east-1:123456789012:"


def _millis(timestamp: str) -> int:
    return round(datetime.fromisoformat(timestamp).timestamp() * 1000)


def test_the_children_run_with_their_handlers_and_aws_output_shapes() -> None:
    execution = flowdsl.run(nested.parent, {"n": 5})
    assert execution.status == "SUCCEEDED", execution.cause
    child: dict[str, Any] = execution.output["child"]
    assert set(child) == SYNC_KEYS
    assert child["Status"] == "SUCCEEDED"
    assert child["StateMachineArn"] == f"{SERVED}stateMachine:Child"
    assert child["Input"] == {"n": 5}  # .sync:2: JSON
    # Child's `.sync` start of Leaf got Output as a JSON string; Leaf's handler doubled n.
    assert child["Output"] == {"text": '{"n":10}'}
    fired = execution.output["fired"]  # request-response: the execution, started
    assert set(fired) == {"ExecutionArn", "StartDate"}
    assert fired["ExecutionArn"].startswith(f"{SERVED}execution:Leaf:")
    assert isinstance(fired["StartDate"], int)


def test_the_parent_history_names_the_child_arn_not_its_placeholder() -> None:
    execution = flowdsl.run(nested.parent, {"n": 1})
    scheduled = [e for e in execution.history if e["type"] == "TaskScheduled"]
    parameters = [json.loads(e["taskScheduledEventDetails"]["parameters"]) for e in scheduled]
    assert [p["StateMachineArn"] for p in parameters] == [
        f"{SERVED}stateMachine:{k}" for k in ("Child", "Leaf")
    ]


def test_a_child_starts_at_the_parents_time_and_the_parent_resumes_after_it() -> None:
    slow = Workflow("Slow", Wait("Nap", seconds=600) >> Pass("Up"))
    flow = Workflow(
        "P", Wait("Hour", seconds=3600) >> start_execution("Go", slow, sync=True, timeout_seconds=900)
    )
    execution = flowdsl.run(flow)
    result = execution.output
    started = _millis(execution.history[0]["timestamp"])
    assert result["StartDate"] == started + 3_600_000
    assert result["StopDate"] == started + 4_200_000
    succeeded = next(e for e in execution.history if e["type"] == "TaskSucceeded")
    assert _millis(succeeded["timestamp"]) >= result["StopDate"]


def test_a_failing_child_fails_the_task_with_its_description() -> None:
    broken = Workflow("Broken", Fail("Stop", error="Bad", cause="no"))
    flow = Workflow("P", start_execution("Go", broken, sync=True, timeout_seconds=60))
    execution = flowdsl.run(flow)
    assert (execution.status, execution.error) == ("FAILED", "States.TaskFailed")
    cause = json.loads(execution.cause or "")
    assert (cause["Status"], cause["Error"], cause["Cause"]) == ("FAILED", "Bad", "no")


def test_a_sync_string_output_is_json_text() -> None:
    child = Workflow("Echo", Pass("Same"))
    flow = Workflow("P", start_execution("Go", child, input={"a": [1]}, sync=".sync", timeout_seconds=60))
    out = flowdsl.run(flow).output
    assert (out["Input"], out["Output"]) == ('{"a":[1]}', '{"a":[1]}')


def test_flowdsl_run_runs_a_file_of_a_parent_and_its_children() -> None:
    result = CliRunner().invoke(
        cli, ["run", str(Path(nested.__file__)), "--input", '{"n": 4}', "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)["output"]
    assert output["child"]["Output"] == {"text": '{"n":8}'}


def test_running_again_checks_and_plans_no_workflow_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each run serves its workflows in a Service of its own; what is known about a definition
    # text (valid, its model, the engine's plan of it) is not learnt again.
    run_cache.clear()
    checked: list[str] = []
    planned: list[object] = []
    real_compile = plan_module.compile_body

    def counted_check(document: Any) -> Any:
        checked.append(document["StartAt"])
        return check_document(document)

    def counted_compile(body: Any, language: str) -> Any:
        planned.append(body)
        return real_compile(body, language)

    monkeypatch.setattr(core, "check_document", counted_check)  # what the service checks with
    monkeypatch.setattr(plan_module, "compile_body", counted_compile)
    outputs = [flowdsl.run(nested.parent, {"n": 5}).output for _ in range(2)]
    assert outputs[0]["child"]["Output"] == outputs[1]["child"]["Output"] == {"text": '{"n":10}'}
    assert len(checked) == 3  # Leaf, Child and the parent, in the first run only
    assert len([body for body in planned if isinstance(body, StateMachine)]) == 3
