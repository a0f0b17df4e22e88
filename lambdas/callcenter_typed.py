"""The call-center handlers with pydantic models for what each takes and returns.

The same work as `open_case`, `assign_case`, `work_on_case`, `close_case` and
`escalate_case` (which stay untyped); here each handler receives its validated model and
returns one, and `examples/callcenter_typed.py` checks the data flow between them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lambdas import work_on_case


class CaseRequest(BaseModel):
    """The execution input: which case to open."""

    inputCaseID: str  # noqa: N815 - the tutorial's field name, as the JSON spells it


class OpenCase(BaseModel):
    """A case being handled: its id and the running log message."""

    Case: str
    Message: str


class WorkedCase(OpenCase):
    """A case after work: Status 1 is resolved, 0 is not."""

    Status: int


def open_case(event: CaseRequest, context: Any) -> OpenCase:
    """Opens the case named by the input."""
    return OpenCase(Case=event.inputCaseID, Message=f"Case {event.inputCaseID}: opened...")


def assign_case(event: OpenCase, context: Any) -> OpenCase:
    """Assigns the case to a support engineer."""
    return OpenCase(Case=event.Case, Message=f"{event.Message}assigned...")


def work_case(event: OpenCase, context: Any) -> WorkedCase:
    """Works on the case (the outcome as in `work_on_case`, random unless fixed)."""
    return WorkedCase.model_validate(work_on_case.work_on_case(event.model_dump()))


def close_case(event: WorkedCase, context: Any) -> WorkedCase:
    """Closes a resolved case."""
    return WorkedCase(Case=event.Case, Status=event.Status, Message=f"{event.Message}closed.")


def escalate_case(event: WorkedCase, context: Any) -> WorkedCase:
    """Escalates an unresolved case to tier 2 support."""
    return WorkedCase(Case=event.Case, Status=event.Status, Message=f"{event.Message}escalating.")
