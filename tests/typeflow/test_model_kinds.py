"""Which Python types a model may be: `typing.TypedDict` on every Python, and a clear error for
a declared type pydantic cannot read (docs/types.md)."""

from __future__ import annotations

from typing import Annotated, Any, NotRequired, Optional, TypedDict

import pytest
from pydantic import Field

from flowdsl import Choice, Fail, S, Succeed, Task, Workflow, run
from flowdsl.typeflow.jtype import Obj
from flowdsl.typeflow.schema import adapter, model_type, unreadable


class Line(TypedDict):
    sku: str
    qty: Annotated[int, Field(ge=1)]


class Basket(TypedDict, total=False):
    lines: list[Line]
    coupon: Optional[Line]  # noqa: UP045 - the typing spelling is the case under test
    rush: bool


class Shipment(TypedDict):
    order: str
    note: NotRequired[str]


class Plain:
    """A class pydantic has no schema for."""


def test_typing_typeddicts_are_read_with_their_keys_and_nesting() -> None:
    basket, shipment = model_type(Basket), model_type(Shipment)
    assert isinstance(basket, Obj) and isinstance(shipment, Obj)
    assert sorted(basket.fields) == ["coupon", "lines", "rush"]
    assert basket.required == frozenset()
    assert shipment.required == frozenset({"order"})
    assert adapter(Shipment).json_schema()["title"] == "Shipment"


def test_typing_typeddict_constraints_still_validate() -> None:
    adapter(Basket).validate_python({"lines": [{"sku": "a", "qty": 1}]})
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        adapter(Basket).validate_python({"lines": [{"sku": "a", "qty": 0}]})


def pack(event: Shipment, context: Any) -> dict[str, Any]:
    return {"packed": event["order"]}


def test_a_typing_typeddict_annotation_is_checked_at_compile_time() -> None:
    wrong = Task("Pack", handler=pack, function_name="Pack", parameters={"ordr": S.id})
    found = [d for d in Workflow("T", wrong).validate() if d.is_error]
    assert [d.code for d in found] == ["task-input-mismatch"]
    assert "'$.order' is missing" in found[0].message


def test_a_typing_typeddict_annotation_is_checked_at_run_time() -> None:
    task = Task("Pack", handler=pack, function_name="Pack")
    workflow = Workflow("T", task)
    assert run(workflow, {"order": "7"}, check_types=True).output == {"packed": "7"}
    failed = run(workflow, {"order": 7}, check_types=True)
    assert failed.status == "FAILED"
    assert failed.error == "States.Runtime"
    assert "order: Input should be a valid string" in str(failed.cause)


def test_a_declared_model_pydantic_cannot_read_is_an_error_at_its_line() -> None:
    workflow = Workflow("T", Task("T", function_name="F", input_model=Plain))
    (found,) = [d for d in workflow.validate() if d.is_error]
    assert found.code == "unreadable-model"
    assert found.message.startswith("state 'T': input_model=Plain is not a type pydantic can read")
    assert "test_model_kinds.py:" in found.location
    assert unreadable(Basket) is None


def test_an_annotation_that_is_no_model_declares_nothing() -> None:
    def handler(event: Plain, context: Any) -> dict[str, Any]:
        return {"ok": True}

    choice = Choice("C").when(S.ok == True, Succeed("Y")).otherwise(Fail("N"))  # noqa: E712
    workflow = Workflow("T", Task("H", handler=handler, function_name="H") >> choice)
    assert [d for d in workflow.validate() if d.is_error] == []
    assert run(workflow, {}, check_types=True).status == "SUCCEEDED"
