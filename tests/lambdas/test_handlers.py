"""The call-center handlers do what the tutorial's functions do, and fail clearly on bad events."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lambdas import assign_case, close_case, escalate_case, open_case, work_on_case

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

OPENED = {"Case": "001", "Message": "Case 001: opened..."}
ASSIGNED = {"Case": "001", "Message": "Case 001: opened...assigned..."}
WORKED = {"Case": "001", "Status": 1, "Message": "Case 001: opened...assigned...resolved..."}

CASES: list[tuple[str, Handler, dict[str, Any], dict[str, Any]]] = [
    ("open", open_case.handler, {"inputCaseID": "001"}, OPENED),
    ("open numeric id", open_case.handler, {"inputCaseID": 7}, {"Case": 7, "Message": "Case 7: opened..."}),
    ("assign", assign_case.handler, OPENED, ASSIGNED),
    (
        "close",
        close_case.handler,
        WORKED,
        {"Case": "001", "Status": 1, "Message": "Case 001: opened...assigned...resolved...closed."},
    ),
    (
        "escalate",
        escalate_case.handler,
        {**WORKED, "Status": 0},
        {"Case": "001", "Status": 0, "Message": "Case 001: opened...assigned...resolved...escalating."},
    ),
]


@pytest.mark.parametrize(("handler", "event", "result"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_handler_result(handler: Handler, event: dict[str, Any], result: dict[str, Any]) -> None:
    assert handler(event, None) == result


@pytest.mark.parametrize(("status", "outcome"), [("1", "resolved..."), ("0", "unresolved...")])
def test_work_on_case_status_is_forced_by_the_environment(
    monkeypatch: pytest.MonkeyPatch, status: str, outcome: str
) -> None:
    monkeypatch.setenv(work_on_case.STATUS_VARIABLE, status)
    result = work_on_case.handler(ASSIGNED, None)
    assert result == {"Case": "001", "Status": int(status), "Message": ASSIGNED["Message"] + outcome}


def test_work_on_case_is_random_but_seedable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(work_on_case.STATUS_VARIABLE, raising=False)
    statuses = {work_on_case.work_on_case(ASSIGNED, random.Random(seed))["Status"] for seed in range(20)}
    assert statuses == {0, 1}
    first = work_on_case.work_on_case(ASSIGNED, random.Random(3))
    assert work_on_case.work_on_case(ASSIGNED, random.Random(3)) == first


def test_work_on_case_rejects_a_bad_forced_status(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(work_on_case.STATUS_VARIABLE, "2")
    with pytest.raises(ValueError, match="must be 0 or 1"):
        work_on_case.handler(ASSIGNED, None)


BAD_EVENTS: list[tuple[str, Handler, Any, str]] = [
    ("open without inputCaseID", open_case.handler, {"caseId": "1"}, "inputCaseID"),
    ("open with a non-object", open_case.handler, "001", "inputCaseID"),
    ("assign without Message", assign_case.handler, {"Case": "1"}, "Message"),
    ("work without Case", work_on_case.handler, {"Message": "m"}, "Case"),
    ("close without Status", close_case.handler, {"Case": "1", "Message": "m"}, "Status"),
    ("escalate without anything", escalate_case.handler, {}, "Case"),
]


@pytest.mark.parametrize(
    ("handler", "event", "field"), [b[1:] for b in BAD_EVENTS], ids=[b[0] for b in BAD_EVENTS]
)
def test_bad_event_raises_a_clear_key_error(handler: Handler, event: Any, field: str) -> None:
    with pytest.raises(KeyError) as caught:
        handler(event, None)
    assert str(caught.value) == f"event has no '{field}' field"
    assert type(caught.value).__name__ == "MissingFieldError"


@pytest.mark.parametrize("module", [open_case, assign_case, work_on_case, close_case, escalate_case])
def test_handlers_import_only_the_standard_library(module: Any) -> None:
    source = Path(module.__file__).read_text(encoding="utf-8")
    imports = [line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert all(name.split(".")[0] in {"__future__", "os", "random", "typing"} for name in imports), imports
