"""Handler binding for raw ASL: the naming rule, discovery in `lambdas/`, explicit bindings winning."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flowdsl.api import run
from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import Return
from flowdsl.handlers import (
    bind_handlers,
    function_for_module,
    lambda_functions,
    module_for_function,
    parse_binding,
)
from flowdsl.model import parse_machine
from flowdsl.source import Source

REPO = Path(__file__).resolve().parents[2]
GREET: dict[str, Any] = {
    "StartAt": "Greet",
    "States": {
        "Greet": {"Type": "Task", "Resource": "${GreetUserFunctionArn}", "Next": "Shout"},
        "Shout": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {
                "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:Shout",
                "Payload.$": "$",
            },
            "OutputPath": "$.Payload",
            "End": True,
        },
    },
}

NAMES = {
    "snake": ("open_case", "OpenCaseFunction"),
    "single": ("shout", "ShoutFunction"),
    "digits": ("step2_go", "Step2GoFunction"),
}


@pytest.mark.parametrize(("module", "function"), NAMES.values(), ids=NAMES.keys())
def test_naming_rule_round_trips(module: str, function: str) -> None:
    assert function_for_module(module) == function
    assert module_for_function(function) == module


def test_function_names_without_the_suffix_or_with_dashes_map_too() -> None:
    assert module_for_function("Shout") == "shout"
    assert module_for_function("open-case") == "open_case"
    assert module_for_function("HTTPGetter") == "http_getter"


def test_both_resource_styles_name_their_function() -> None:
    assert lambda_functions(parse_machine(GREET)) == {"GreetUserFunction": ["Greet"], "Shout": ["Shout"]}


def test_service_integrations_and_dynamic_names_need_no_handler() -> None:
    machine = parse_machine(
        {
            "StartAt": "Send",
            "States": {
                "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Next": "Call"},
                "Call": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName.$": "$.fn"},
                    "End": True,
                },
            },
        }
    )
    assert lambda_functions(machine) == {}


def _project(tmp_path: Path) -> Path:
    """A folder with greet.asl.json and a lambdas/ package of handlers, as a user would have."""
    lambdas = tmp_path / "lambdas"
    lambdas.mkdir()
    (lambdas / "__init__.py").write_text("", encoding="utf-8")
    (lambdas / "greet_user.py").write_text(
        "def handler(event, context):\n    return {'greeting': 'hello ' + event['name']}\n", encoding="utf-8"
    )
    (lambdas / "shout.py").write_text(
        "def lambda_handler(event, context):\n    return event['greeting'].upper()\n", encoding="utf-8"
    )
    return tmp_path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The project on sys.path, its `lambdas` package isolated from the repository's own."""
    saved = {name: module for name, module in sys.modules.items() if _is_lambdas(name)}
    for name in saved:
        del sys.modules[name]
    monkeypatch.syspath_prepend(str(tmp_path))
    yield _project(tmp_path)
    for name in [name for name in sys.modules if _is_lambdas(name)]:
        del sys.modules[name]
    sys.modules.update(saved)


def _is_lambdas(module: str) -> bool:
    return module == "lambdas" or module.startswith("lambdas.")


def test_handlers_are_discovered_beside_the_definition(project: Path) -> None:
    source = Source("greet", parse_machine(GREET), origin=str(project / "greet.asl.json"))
    execution = run(source, {"name": "ada"})
    assert (execution.status, execution.output) == ("SUCCEEDED", "HELLO ADA")


def test_explicit_binding_wins_over_discovery(project: Path) -> None:
    source = Source("greet", parse_machine(GREET), origin=str(project / "greet.asl.json"))
    execution = run(source, {"name": "ada"}, handlers={"Shout": lambda event, context: "quiet"})
    assert execution.output == "quiet"


def test_discovery_looks_again_on_every_run_of_the_same_source(project: Path) -> None:
    source = Source("greet", parse_machine(GREET), origin=str(project / "greet.asl.json"))
    assert run(source, {"name": "ada"}).output == "HELLO ADA"
    (project / "lambdas" / "shout.py").unlink()
    with pytest.raises(FlowdslError, match="Shout"):
        run(source, {"name": "ada"})


def test_own_handlers_bound_once_still_give_way_to_explicit_ones_and_mocks() -> None:
    own = {
        "GreetUserFunction": lambda event, context: {"greeting": "hi"},
        "Shout": lambda event, context: "own",
    }
    source = Source("greet", parse_machine(GREET), handlers=own)
    assert [run(source, {}).output for _ in range(2)] == ["own", "own"]
    assert run(source, {}, handlers={"Shout": lambda event, context: "explicit"}).output == "explicit"
    assert run(source, {}, mocks={"Shout": Return({"Payload": "mocked"})}).output == "mocked"
    assert run(source, {}).output == "own"


def test_binding_strings_name_module_function_and_function_name(project: Path) -> None:
    name, handler = parse_binding(f"{project / 'lambdas' / 'shout.py'}:lambda_handler=Shout")
    assert name == "Shout"
    assert handler({"greeting": "hi"}, None) == "HI"
    default_name, _ = parse_binding("lambdas.greet_user:handler")
    assert default_name == "GreetUserFunction"


BAD_BINDINGS = {
    "no-function": ("lambdas.shout", "handler-binding-invalid"),
    "empty-name": ("lambdas.shout:lambda_handler=", "handler-binding-invalid"),
    "no-module": ("flowdsl_no_such_module:handler=X", "handler-import-failed"),
    "no-attribute": ("lambdas.shout:nope=X", "handler-not-found"),
}


@pytest.mark.parametrize(("text", "code"), BAD_BINDINGS.values(), ids=BAD_BINDINGS.keys())
def test_bad_bindings_are_one_clear_error(project: Path, text: str, code: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        parse_binding(text)
    assert [d.code for d in caught.value.diagnostics] == [code]


def test_missing_handler_names_function_state_and_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FlowdslError) as caught:
        run(GREET, {}, mocks={"Shout": Return({"Payload": "x"})})
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "handler-missing"
    assert "'GreetUserFunction' used by state 'Greet'" in diagnostic.message
    assert "lambdas/greet_user.py" in diagnostic.message


def test_mocked_states_need_no_handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert bind_handlers(Source("g", parse_machine(GREET)), None, mocked={"Greet", "Shout"}) == {}


def test_only_states_the_path_reaches_need_a_handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As in Step Functions Local, a test case mocks the states its path reaches and no others.
    monkeypatch.chdir(tmp_path)
    branching = {
        "StartAt": "Route",
        "States": {
            "Route": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.go", "BooleanEquals": True, "Next": "Greet"}],
                "Default": "Skip",
            },
            "Greet": GREET["States"]["Greet"] | {"Next": "Skip"},
            "Skip": {"Type": "Succeed"},
        },
    }
    assert run(branching, {"go": False}).status == "SUCCEEDED"
    with pytest.raises(FlowdslError, match="no handler for Lambda function 'GreetUserFunction'"):
        run(branching, {"go": True})


def test_a_handler_bound_to_the_resource_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    by_resource = {"${GreetUserFunctionArn}": lambda event, context: {"greeting": "hi"}}
    execution = run(GREET, {}, handlers=by_resource, mocks={"Shout": [Return({"Payload": "ok"})]})
    assert execution.output == "ok"


def test_a_project_lambdas_package_shadowed_by_another_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(REPO))
    importlib.import_module("lambdas.open_case")  # the repository's own `lambdas` is already loaded
    project = _project(tmp_path)
    source = Source("greet", parse_machine(GREET), origin=str(project / "greet.asl.json"))
    assert run(source, {"name": "bo"}).output == "HELLO BO"
