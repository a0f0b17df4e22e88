"""What a daily user of `flowdsl run` reads when something is off: each problem is one line that
names the thing, says how to fix it and ends with where it is; the trace says which Map item a
state ran in and which error a Catch took over."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from flowdsl.diagnostics import FlowdslError
from flowdsl.engine.mockconfig import load_mock_config
from tests.runtools.cases import MOCKS, invoke

MAP = {
    "StartAt": "M",
    "States": {
        "M": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "Check",
                "States": {
                    "Check": {
                        "Type": "Choice",
                        "Choices": [{"Variable": "$", "NumericGreaterThan": 2, "Next": "TooBig"}],
                        "Default": "Fine",
                    },
                    "TooBig": {"Type": "Fail", "Error": "Item.TooBig", "Cause": "over 2"},
                    "Fine": {"Type": "Pass", "End": True},
                },
            },
            "End": True,
        }
    },
}
DYNAMIC = {
    "StartAt": "Call",
    "States": {
        "Call": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName.$": "$.fn", "Payload": {}},
            "OutputPath": "$.Payload",
            "End": True,
        }
    },
}


CHARGE_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ChargeFunction"


def _write(folder: Path, name: str, data: Any) -> str:
    path = folder / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return str(path)


def _one_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    return line


def test_map_rows_name_the_item_they_ran_for(tmp_path: Path) -> None:
    result = invoke(_write(tmp_path, "map.asl.json", MAP), "--input", '{"items": [1, 3]}')
    labels = [line[:12].rstrip() for line in result.stdout.splitlines()[:5]]
    assert labels == ["M", "  [0] Check", "  [0] Fine", "  [1] Check", "  [1] TooBig"]


HANDLER_BINDINGS = {
    "module-missing": (
        "flowdsl_no_such_module:handler",
        "cannot import handler module 'flowdsl_no_such_module'",
    ),
    "function-misspelt": (
        "{dir}/charge.py:handle=ChargeFunction",
        "has no function 'handle' (did you mean 'handler'?)",
    ),
    "function-name-misspelt": (
        "{dir}/charge.py:handler=ChargeFunctio",
        "a handler is bound to 'ChargeFunctio', which no Task calls (did you mean 'ChargeFunction'?)",
    ),
}


@pytest.mark.parametrize(("binding", "message"), HANDLER_BINDINGS.values(), ids=HANDLER_BINDINGS.keys())
def test_handler_binding_problems_are_located_at_the_option(
    order: tuple[Path, Path], binding: str, message: str
) -> None:
    folder = order[0].parent
    (folder / "charge.py").write_text(
        "def handler(event, context):\n    return {'ok': True}\n", encoding="utf-8"
    )
    line = _one_error(invoke(str(order[0]), "--handlers", binding.replace("{dir}", str(folder))))
    assert message in line
    assert line.endswith(" [--handlers]")


def test_a_function_chosen_at_run_time_may_be_bound_by_any_name(tmp_path: Path) -> None:
    (tmp_path / "echo.py").write_text("def handler(event, context):\n    return 'echoed'\n", encoding="utf-8")
    args = [
        "--handlers",
        f"{tmp_path / 'echo.py'}:handler=Echo",
        "--input",
        '{"fn": "Echo"}',
        "--format",
        "json",
    ]
    result = invoke(_write(tmp_path, "dynamic.asl.json", DYNAMIC), *args)
    assert json.loads(result.stdout)["output"] == "echoed"


def test_a_missing_handler_is_located_at_its_state(
    order: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(order[0].parent)
    line = _one_error(invoke(str(order[0])))
    assert "no handler for Lambda function 'ChargeFunction' used by state 'Charge'" in line
    assert line.endswith(f"[{order[0]}:1 /States/Charge]")  # the order case is written on one line


def test_an_unmocked_service_integration_says_to_mock_it(order: tuple[Path, Path]) -> None:
    cases = json.loads(json.dumps(MOCKS))
    cases["StateMachines"]["Order"]["TestCases"]["NoShip"] = {"Charge": "ChargeOk"}
    mocks = _write(order[0].parent, "no-ship.json", cases)
    line = _one_error(invoke(str(order[0]), "--mock", mocks, "--test-case", "NoShip"))
    assert line == (
        "flowdsl: error: state 'Ship' calls 'arn:aws:states:::sqs:sendMessage', which runs only on aws: "
        f"mock the state (in the test case of a --mock file, or with mocks=) [{order[0]}:1 /States/Ship]"
    )


def test_a_mocked_state_that_does_not_exist_is_blamed_on_the_mock_file(order: tuple[Path, Path]) -> None:
    cases = json.loads(json.dumps(MOCKS))
    cases["StateMachines"]["Order"]["TestCases"]["Typo"] = {"Charge": "ChargeOk", "Shipp": "Sent"}
    mocks = _write(order[0].parent, "typo.json", cases)
    line = _one_error(invoke(str(order[0]), "--mock", mocks, "--test-case", "Typo"))
    assert line == f"flowdsl: error: mock for 'Shipp' matches no state (did you mean 'Ship'?) [{mocks}]"


def test_mock_file_problems_give_the_line_and_say_what_is_wrong(tmp_path: Path) -> None:
    bad = {
        "StateMachines": {"Order": {"TestCases": {"A": {"Charge": "R"}}}},
        "MockedResponses": {"R": {"0": {"Throw": {"Error": 1, "Reason": "x"}}}},
    }
    path = _write(tmp_path, "mocks.json", bad)
    with pytest.raises(FlowdslError) as caught:
        load_mock_config(path)
    (problem,) = caught.value.diagnostics
    assert problem.message == (
        "'Throw' needs string fields 'Error' and 'Cause': 'Error' is a number, 'Cause' is missing, "
        "unknown field 'Reason'"
    )
    assert problem.location == f"{path}:14 /MockedResponses/R/0/Throw"  # the line of "Throw"


def test_a_handler_exception_reads_as_its_message_and_traceback(order: tuple[Path, Path]) -> None:
    folder = order[0].parent
    (folder / "charge.py").write_text(
        "def handler(event, context):\n    raise ValueError('card ' + event['card'] + ' is invalid')\n",
        encoding="utf-8",
    )
    direct = {
        "StartAt": "Charge",
        "States": {"Charge": {"Type": "Task", "Resource": CHARGE_ARN, "End": True}},
    }
    args = ["--handlers", f"{folder / 'charge.py'}:handler=ChargeFunction", "--input", '{"card": "42"}']
    text = invoke(_write(folder, "direct.asl.json", direct), *args)
    assert text.exit_code == 1
    assert text.stdout.splitlines()[1:] == [
        "FAILED",
        "error: ValueError",
        "cause: card 42 is invalid",
        f'  File "{folder / "charge.py"}", line 2, in handler',
        "    raise ValueError('card ' + event['card'] + ' is invalid')",
    ]
    raw = json.loads(invoke(str(folder / "direct.asl.json"), *args, "--format", "json").stdout)["cause"]
    assert json.loads(raw)["errorMessage"] == "card 42 is invalid"  # JSON mode keeps AWS's cause


def _parallel(branches: int, *, retry: bool) -> dict[str, Any]:
    task = {"Type": "Task", "Resource": CHARGE_ARN, "End": True}
    state: dict[str, Any] = {
        "Type": "Parallel",
        "Branches": [{"StartAt": f"T{i}", "States": {f"T{i}": task}} for i in range(branches)],
        "End": True,
    }
    if retry:
        state["Retry"] = [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2}]
    return {"StartAt": "P", "States": {"P": state}}


def _trace(folder: Path, definition: dict[str, Any], handler: str) -> list[list[str]]:
    (folder / "charge.py").write_text(f"def handler(event, context):\n    {handler}\n", encoding="utf-8")
    binding = f"{folder / 'charge.py'}:handler=ChargeFunction"
    result = invoke(_write(folder, "p.asl.json", definition), "--handlers", binding)
    return [
        line.split() for line in result.stdout.splitlines() if line.split()[:1] in (["P"], ["T0"], ["T1"])
    ]


def test_tasks_inside_a_parallel_are_not_its_retries(tmp_path: Path) -> None:
    rows = _trace(tmp_path, _parallel(2, retry=False), "return event")
    assert rows == [
        ["P", "Parallel", "0", "ms", "succeeded"],
        ["T0", "Task", "0", "ms", "succeeded"],
        ["T1", "Task", "0", "ms", "succeeded"],
    ]


def test_a_retried_parallel_counts_its_retries_and_its_branches_not_the_back_off(tmp_path: Path) -> None:
    rows = _trace(tmp_path, _parallel(1, retry=True), "raise ValueError('no')")
    # IntervalSeconds 1, BackoffRate 2: the Parallel waits 1 s + 2 s between its three attempts;
    # each attempt of T0 fails at once.
    assert rows == [
        ["P", "Parallel", "3.000", "s", "failed", "after", "2", "retries"],
        *[["T0", "Task", "0", "ms", "failed"]] * 3,
    ]


def test_the_state_running_when_the_execution_times_out_is_shown_timed_out(tmp_path: Path) -> None:
    definition = {
        "TimeoutSeconds": 5,
        "StartAt": "W",
        "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "D"}, "D": {"Type": "Succeed"}},
    }
    result = invoke(_write(tmp_path, "slow.asl.json", definition))
    assert result.exit_code == 1
    assert [line.split() for line in result.stdout.splitlines()[:2]] == [
        ["W", "Wait", "5.000", "s", "timed", "out"],
        ["TIMED_OUT"],
    ]
