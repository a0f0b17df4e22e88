"""`flowdsl.run`: every accepted definition form, refusal before running, engine options passed on."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

import flowdsl
from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import Return, VirtualClock
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.source import Source

REPO = Path(__file__).resolve().parents[2]
HELLO: dict[str, Any] = {
    "StartAt": "Hello",
    "States": {
        "Hello": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hi {}', $.who)"}, "End": True}
    },
}


def _forms() -> dict[str, Any]:
    return {
        "dict": HELLO,
        "state-machine": parse_machine(HELLO),
        "source": Source("hello", parse_machine(HELLO)),
    }


@pytest.mark.parametrize("form", _forms().values(), ids=_forms().keys())
def test_every_definition_form_runs(form: Any) -> None:
    execution = flowdsl.run(form, {"who": "ada"})
    assert (execution.status, execution.output) == ("SUCCEEDED", {"greeting": "hi ada"})


def test_a_file_path_and_a_workflow_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWDSL_WORK_ON_CASE_STATUS", "1")
    monkeypatch.chdir(REPO)
    by_path = flowdsl.run("examples/callcenter.py", {"inputCaseID": "7"})
    assert by_path.output["Message"] == "Case 7: opened...assigned...resolved...closed."
    workflow = importlib.import_module("examples.callcenter").workflow
    assert flowdsl.run(workflow, {"inputCaseID": "7"}).output == by_path.output


REFUSED = {
    "graph-error": (
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}},
        "'Nowhere' does not exist",
    ),
    "structure-error": ({"States": {"A": {"Type": "Pass", "End": True}}}, "StartAt"),
    "bad-intrinsic": (
        {
            "StartAt": "A",
            "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Nope(1)"}, "End": True}},
        },
        "States.Nope",
    ),
}


@pytest.mark.parametrize(("definition", "fragment"), REFUSED.values(), ids=REFUSED.keys())
def test_invalid_definitions_are_refused_with_their_diagnostics(definition: Any, fragment: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        flowdsl.run(definition, {})
    assert all(d.is_error for d in caught.value.diagnostics)
    assert any(fragment in d.message for d in caught.value.diagnostics), caught.value.diagnostics


def test_mocks_must_name_real_states() -> None:
    with pytest.raises(FlowdslError) as caught:
        flowdsl.run(HELLO, {"who": "x"}, mocks={"Helo": Return(1)})
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "mock-state-unknown"
    assert diagnostic.message == "mock for 'Helo' matches no state (did you mean 'Hello'?)"


def test_something_else_is_a_clear_type_error() -> None:
    with pytest.raises(FlowdslError, match="cannot run a 'int'"):
        flowdsl.run(42, {})  # type: ignore[arg-type]


def test_engine_options_are_passed_through() -> None:
    execution = flowdsl.run(HELLO, {"who": "x"}, clock=VirtualClock(0), name="fixed")
    assert execution.history[0]["timestamp"].startswith("1970-01-01T00:00:00")
    assert execution.context["Execution"]["Name"] == "fixed"


def test_the_repositorys_lambdas_folder_serves_a_definition_without_handlers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLOWDSL_WORK_ON_CASE_STATUS", "0")
    monkeypatch.chdir(REPO)
    bare = Source("CallCenter", load_source(REPO / "examples" / "callcenter.py").definition)
    execution = flowdsl.run(bare, {"inputCaseID": "9"})  # OpenCaseFunction -> lambdas/open_case.py, ...
    assert (execution.status, execution.cause) == ("FAILED", "Engage Tier 2 Support.")


def test_a_refused_definition_reports_each_problem_once(tmp_path: Path) -> None:
    source_file = tmp_path / "dup.py"
    source_file.write_text(
        'from flowdsl import Pass, Workflow\n\nwf = Workflow("dup", Pass("A") >> Pass("A"))\n'
    )
    with pytest.raises(FlowdslError) as refused:
        flowdsl.run(source_file, {})
    codes = [d.code for d in refused.value.diagnostics]
    assert codes == ["duplicate-state-name"]
