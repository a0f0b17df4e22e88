"""MockConfigFile.json: AWS's own example parses into engine mocks; bad files get one clear line each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.diagnostics import FlowdslError
from flowdsl.engine.mockconfig import load_mock_config, parse_mock_config
from flowdsl.engine.mocks import Return, Throw

# The example of AWS's guide, "Configuration file for mocked service integrations".
AWS_EXAMPLE = Path(__file__).parent / "data" / "MockConfigFile.json"
HELLO = Return({"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}})
NOT_READY = Throw("Lambda.ResourceNotReadyException", "Lambda resource is not ready.")
TIMED_OUT = Throw("Lambda.TimeoutException", "Lambda timed out.")


def test_aws_example_retry_path_expands_ranges_in_call_order() -> None:
    mocks = load_mock_config(AWS_EXAMPLE).mocks_for("RetryPath")
    assert mocks["LambdaState"] == [NOT_READY, TIMED_OUT, TIMED_OUT, HELLO]
    assert set(mocks) == {"LambdaState", "SQSState"}


def test_hybrid_path_mocks_only_the_states_it_names() -> None:
    assert load_mock_config(AWS_EXAMPLE).mocks_for("HybridPath") == {"LambdaState": [HELLO]}


def test_machine_can_be_named_as_step_functions_local_does() -> None:
    mocks = load_mock_config(AWS_EXAMPLE).mocks_for("LambdaSQSIntegration#HappyPath")
    assert mocks["LambdaState"] == [HELLO]


def _config(responses: dict[str, Any], cases: dict[str, Any] | None = None) -> dict[str, Any]:
    cases = cases if cases is not None else {"Case": {"A": next(iter(responses), "R")}}
    return {"StateMachines": {"M": {"TestCases": cases}}, "MockedResponses": responses}


def test_single_test_case_is_picked_without_a_name() -> None:
    config = parse_mock_config(_config({"R": {"0": {"Return": 1}}}))
    assert config.mocks_for(None) == {"A": [Return(1)]}


def test_machine_named_after_the_workflow_wins_over_others() -> None:
    data = _config({"R": {"0": {"Return": 1}}})
    data["StateMachines"]["Other"] = {"TestCases": {"Case": {"B": "R"}}}
    assert parse_mock_config(data).mocks_for("Case", machine="Other") == {"B": [Return(1)]}


BAD_CONFIGS = {
    "not-an-object": ([], "expected an object, found an array"),
    "no-state-machines": ({"MockedResponses": {}}, "required field 'StateMachines' is missing"),
    "unknown-top-field": ({**_config({"R": {"0": {"Return": 1}}}), "Extra": 1}, "unknown field 'Extra'"),
    "undefined-response": (
        _config({"Rsp": {"0": {"Return": 1}}}, {"Case": {"A": "Rsq"}}),
        "mocked response 'Rsq' is not defined (did you mean 'Rsp'?)",
    ),
    "bad-key": (_config({"R": {"first": {"Return": 1}}}), "invocation key 'first' must be a number"),
    "reversed-range": (_config({"R": {"0": {"Return": 1}, "3-1": {"Return": 2}}}), "ends before it starts"),
    "gap": (_config({"R": {"0": {"Return": 1}, "2": {"Return": 2}}}), "invocation 1 has no response"),
    "overlap": (_config({"R": {"0-1": {"Return": 1}, "1": {"Return": 2}}}), "invocation 1 is given twice"),
    "both-return-and-throw": (
        _config({"R": {"0": {"Return": 1, "Throw": {"Error": "E", "Cause": "C"}}}}),
        "exactly one field, 'Return' or 'Throw'",
    ),
    "throw-without-cause": (_config({"R": {"0": {"Throw": {"Error": "E"}}}}), "'Error' and 'Cause'"),
    "empty-response": (_config({"R": {}}), "needs at least one invocation"),
}


@pytest.mark.parametrize(("data", "message"), BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_bad_configs_are_reported_with_code_and_pointer(data: Any, message: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        parse_mock_config(data, origin="mocks.json")
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.code == "mock-config-invalid"
    assert message in diagnostic.message
    assert diagnostic.location.startswith("mocks.json:/")


ONE_PROBLEM = {
    "array-root": [],
    "a-definition": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
}


@pytest.mark.parametrize("data", ONE_PROBLEM.values(), ids=ONE_PROBLEM.keys())
def test_a_file_of_the_wrong_kind_is_one_problem_not_a_cascade(data: Any) -> None:
    with pytest.raises(FlowdslError) as caught:
        parse_mock_config(data, origin="mocks.json")
    assert len(caught.value.diagnostics) == 1


def test_a_definition_given_as_the_mock_file_says_so() -> None:
    with pytest.raises(FlowdslError, match="this is a state machine definition, not a mock file"):
        parse_mock_config(ONE_PROBLEM["a-definition"])


def test_overlap_is_located_at_the_offending_key() -> None:
    with pytest.raises(FlowdslError) as caught:
        parse_mock_config(_config({"R": {"0-1": {"Return": 1}, "1": {"Return": 2}}}), origin="m.json")
    assert caught.value.diagnostics[0].location == "m.json:/MockedResponses/R/1"


CHOICE_ERRORS = {
    "unknown-case": (
        "HapyPath",
        "mock-test-case-unknown",
        "no test case 'HapyPath' (did you mean 'HappyPath'?)",
    ),
    "case-required": (None, "mock-test-case-required", "several test cases"),
    "unknown-machine": ("Nope#HappyPath", "mock-machine-unknown", "no state machine 'Nope'"),
}


@pytest.mark.parametrize(("case", "code", "message"), CHOICE_ERRORS.values(), ids=CHOICE_ERRORS.keys())
def test_choosing_a_test_case_reports_clearly(case: str | None, code: str, message: str) -> None:
    with pytest.raises(FlowdslError) as caught:
        load_mock_config(AWS_EXAMPLE).mocks_for(case)
    assert caught.value.diagnostics[0].code == code
    assert message in caught.value.diagnostics[0].message


def test_several_machines_without_a_match_need_a_choice() -> None:
    data = _config({"R": {"0": {"Return": 1}}})
    data["StateMachines"]["Other"] = {"TestCases": {"Case": {"B": "R"}}}
    with pytest.raises(FlowdslError, match="several state machines"):
        parse_mock_config(data).mocks_for("Case")


def test_unreadable_and_invalid_json_files_are_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"StateMachines": ', encoding="utf-8")
    with pytest.raises(FlowdslError) as caught:
        load_mock_config(broken)
    assert caught.value.diagnostics[0].code == "mock-file-not-json"
    assert caught.value.diagnostics[0].location.startswith(f"{broken}:1:")
    with pytest.raises(FlowdslError) as missing:
        load_mock_config(tmp_path / "absent.json")
    assert missing.value.diagnostics[0].message == "cannot read mock file: no such file or directory"


def test_all_problems_are_reported_at_once() -> None:
    data = _config({"R": {"x": {"Return": 1}, "0": {"Nope": 1}}}, {"Case": {"A": "Missing"}})
    with pytest.raises(FlowdslError) as caught:
        parse_mock_config(json.loads(json.dumps(data)))
    assert len(caught.value.diagnostics) == 3
