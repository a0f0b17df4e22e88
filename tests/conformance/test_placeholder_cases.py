"""The recorded cases the data skips only for placeholders, scored by `tools.conformance.executions`.

Their expected values hold LocalStack's stand-ins for AWS-made values (`<ArnPart_0idx>`,
`start-time`, ...): they run with a fixed context and are matched with placeholders as
wildcards (`tools.conformance.match`). A case that calls another AWS service runs only
when the machine catches the error, which a mock replays from the recording; the others
stay skipped with the data's reason. Known failures are strict xfails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.engine import execute
from tests.conftest import conformance_path
from tools.conformance.executions import NOT_MOCKED, main, run_placeholder_case
from tools.conformance.match import FIXED_CONTEXT, PLACEHOLDER_SKIP, placeholder_equal

KNOWN_FAILURES: dict[str, str] = json.loads((Path(__file__).parent / "known_failures.json").read_text())
CONTEXT_CASE = "base/test_base::test_query_context_object_values/get_execution_history"


def _placeholder_cases() -> list[dict[str, Any]]:
    path = conformance_path() / "execution" / "cases.jsonl"
    if not path.is_file():
        return []
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [case for case in cases if str(case.get("skip", "")).startswith(PLACEHOLDER_SKIP)]


def _params() -> list[Any]:
    cases = _placeholder_cases()
    if not cases:
        reason = f"conformance data not found at {conformance_path()}"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason))]
    return [pytest.param(case, id=case["id"], marks=_marks(case)) for case in cases]


def _marks(case: dict[str, Any]) -> list[pytest.MarkDecorator]:
    if case["id"] in KNOWN_FAILURES:
        return [pytest.mark.xfail(reason=KNOWN_FAILURES[case["id"]], strict=True)]
    return []


@pytest.mark.parametrize("case", _params())
def test_placeholder_case(case: dict[str, Any]) -> None:
    outcome = run_placeholder_case(case)
    if outcome is None:
        pytest.skip(f"{case['skip']}; {NOT_MOCKED}")
    assert outcome.passed, outcome.reason


def test_which_placeholder_cases_run(conformance_dir: Path) -> None:
    outcomes = {case["id"]: run_placeholder_case(case) for case in _placeholder_cases()}
    not_run = sorted(case_id.split("::")[1].split("/")[0] for case_id, o in outcomes.items() if o is None)
    assert len(outcomes) == 10
    assert not_run == [
        "test_dynamodb_put_item_no_such_table",
        "test_put_item_invalid_table_name",
        "test_put_item_no_such_table",
    ]


def _context_case() -> tuple[Any, Any]:
    case = next(case for case in _placeholder_cases() if case["id"] == CONTEXT_CASE)
    execution = execute(case["definition"], case["input"], context=FIXED_CONTEXT)
    return case["expected"]["output"], execution.output


TAMPERED = {
    "execution-name-differs-in-one-place": ("query_values_1", "execution_name", "another-name"),
    "role-arn-not-an-arn": ("query_values_1", "execution_rolearn", "snf_role_arn"),
    "start-time-not-a-timestamp": ("query_values_1", "execution_starttime", "yesterday"),
    "state-name-is-exact": ("query_values_1", "state_name", "QueryValues2"),
    "input-is-exact": ("query_values_1", "execution_input", {"message": "Other"}),
}


@pytest.mark.parametrize(("group", "key", "value"), TAMPERED.values(), ids=TAMPERED.keys())
def test_the_match_still_tells_a_wrong_output(
    conformance_dir: Path, group: str, key: str, value: Any
) -> None:
    expected, actual = _context_case()
    assert placeholder_equal(expected, actual)
    actual[group][key] = value
    assert not placeholder_equal(expected, actual)


def test_the_report_has_its_own_placeholder_line(
    conformance_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--dir", str(conformance_dir)])
    lines = capsys.readouterr().out.splitlines()
    expected_matched = 7 - len(set(KNOWN_FAILURES) & {case["id"] for case in _placeholder_cases()})
    assert any(line.startswith(f"placeholder cases: {expected_matched}/10 matched") for line in lines)
    assert lines[0].startswith("conformance: ") and "75 skipped" in lines[0]
