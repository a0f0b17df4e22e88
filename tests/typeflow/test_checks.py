"""One case per type check: the mistake is reported with its code, the right version is not."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl import Choice, Fail, Map, Pass, S, Succeed, Task, Workflow, expr, is_present
from flowdsl.diagnostics import Diagnostic
from tests.typeflow.models import Order, Ship, price, ship


def errors(workflow: Workflow) -> list[Diagnostic]:
    return [d for d in workflow.validate() if d.is_error]


def codes(chain: Any, **options: Any) -> list[str]:
    return [d.code for d in errors(Workflow("T", chain, input_model=Order, **options))]


def choice(condition: Any) -> Choice:
    return Choice("C").when(condition, Succeed("Yes")).otherwise(Fail("No"))


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (S.rush == True, []),  # noqa: E712 - the DSL's comparison builds a rule
        (S.rsh == True, ["path-not-in-input"]),  # noqa: E712
        (S.lines[0].sku == "a", []),
        (S.lines[0].skus == "a", ["path-not-in-input"]),
        (S.id.more == "a", ["path-not-in-input"]),
        (S.totalCents > 10, []),
        (S.total_cents > 10, ["path-not-in-input"]),
        (S.totalCents == "10", ["choice-type-mismatch"]),
        (S.rush == 1, ["choice-type-mismatch"]),
        (S.id > 3, ["choice-type-mismatch"]),
        (S.note == "x", []),  # Optional: comparing it is fine
    ],
    ids=repr,
)
def test_choice_rules(condition: Any, expected: list[str]) -> None:
    assert codes(choice(condition)) == expected


def test_did_you_mean() -> None:
    (found,) = errors(Workflow("T", choice(S.rsh == True), input_model=Order))  # noqa: E712
    assert "did you mean 'rush'?" in found.message
    assert found.location.endswith(f"test_checks.py:{choice.__code__.co_firstlineno + 1}")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"input_path": S.lines}, []),
        ({"input_path": S.line}, ["path-not-in-input"]),
        ({"output_path": S.idd}, ["path-not-in-input"]),
        ({"parameters": {"x": S.idd}}, ["path-not-in-input"]),
        ({"parameters": {"x": S.id, "e": S.lines[0].qty}}, []),
    ],
    ids=repr,
)
def test_pass_paths(options: dict[str, Any], expected: list[str]) -> None:
    assert codes(Pass("P", **options)) == expected


def test_result_selector_reads_the_result() -> None:
    good = Task("Ship", handler=ship, function_name="Ship", result_selector={"n.$": "$.count"})
    bad = Task("Ship", handler=ship, function_name="Ship", result_selector={"n.$": "$.cnt"})
    params = {"order_id": S.id, "count": 1}
    assert codes(Pass("Shape", parameters=params) >> good) == []
    assert codes(Pass("Shape", parameters=params) >> bad) == ["path-not-in-input"]


def test_task_input_mismatch() -> None:
    missing = Task("Ship", handler=ship, function_name="Ship", parameters={"order_id": S.id})
    wrong = Task("Ship", handler=ship, function_name="Ship", parameters={"order_id": S.rush, "count": 1})
    right = Task("Ship", handler=ship, function_name="Ship", parameters={"order_id": S.id, "count": 1})
    assert codes(missing) == ["task-input-mismatch"]
    assert codes(wrong) == ["task-input-mismatch"]
    assert codes(right) == []


def test_execution_input_mismatch() -> None:
    first = Task("Ship", resource="arn:aws:states:::sqs:sendMessage", input_model=Ship)
    assert codes(first) == ["execution-input-mismatch"]
    assert codes(Pass("P") >> first) == ["task-input-mismatch"]


def test_items_not_array() -> None:
    processor = Task("Price", handler=price, function_name="Price")
    assert codes(Map("M", items_path=S.lines, processor=processor)) == []
    assert codes(Map("M", items_path=S.id, processor=Pass("X"))) == ["items-not-array"]


def test_map_items_are_checked_against_the_processor() -> None:
    def mapped(qty: str) -> list[str]:
        selector = {"sku.$": "$$.Map.Item.Value.sku", "qty.$": qty}
        processor = Task("Price", handler=price, function_name="Price")
        return codes(Map("M", items_path=S.lines, item_selector=selector, processor=processor))

    assert mapped("$$.Map.Item.Value.qty") == []
    assert mapped("$$.Map.Item.Value.qtty") == ["path-not-in-input"]
    assert mapped("$$.Map.Item.Value.sku") == ["task-input-mismatch"]  # a string where an int is due
    assert mapped("$$.Map.Item.Index") == []


def test_jsonata_paths() -> None:
    good = Pass("P", output=expr("$states.input.id"), query_language="JSONata")
    bad = Pass("P", output=expr("$states.input.idd & 'x'"), query_language="JSONata")
    assert codes(good) == []
    assert codes(bad) == ["path-not-in-input"]


def test_untyped_workflows_get_no_type_diagnostic() -> None:
    planted = (
        Pass("P", parameters={"x": S.idd})
        >> Map("M", items_path=S.id, processor=Pass("X"))
        >> choice(S.rush == 1)
    )
    assert [d.code for d in errors(Workflow("T", planted))] == []
    typed = [d.code for d in errors(Workflow("T", planted, input_model=Order))]
    assert typed == ["path-not-in-input"] * 3  # the same workflow, typed: $.idd, then $.id and $.rush


def test_jsonata_paths_map_over_arrays() -> None:
    skus = Pass("P", output=expr("$states.input.lines.sku"), query_language="JSONata")
    typo = Pass("P", output=expr("$states.input.lines.skew"), query_language="JSONata")
    assert codes(skus) == []
    assert codes(typo) == ["path-not-in-input"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ((S.rush == True) & (S.totalCents > 3), []),  # noqa: E712
        (S.totalCents == "3", ["choice-type-mismatch"]),
        ((S.id == "a") | ~(S.rush == 1), ["choice-type-mismatch"]),
        (S.note == "x", []),
    ],
    ids=repr,
)
def test_jsonata_choice_comparisons(condition: Any, expected: list[str]) -> None:
    assert codes(choice(condition), query_language="JSONata") == expected


def test_jsonata_items_not_array() -> None:
    def mapped(items: str) -> list[str]:
        return codes(Map("M", items=expr(items), processor=Pass("X")), query_language="JSONata")

    assert mapped("$states.input.lines") == []
    assert mapped("$states.input.id") == ["items-not-array"]


def _rejoin(reader: Any, *, both: bool = False) -> Any:
    """A Choice whose branches meet again: one sets `$.discount`, the other only when `both`."""
    sets = Pass("Discount", result=5, result_path="$.discount")
    other = Pass("Same", result=7, result_path="$.discount") if both else Pass("Keep")
    branches = Choice("Rush?").when(S.rush == True, sets).otherwise(other)  # noqa: E712
    return branches.afterwards() >> reader


def warnings_of(chain: Any) -> list[str]:
    return [d.code for d in Workflow("T", chain, input_model=Order).validate() if not d.is_error]


def test_a_field_set_on_only_some_paths_is_a_warning() -> None:
    reads = Pass("Use", parameters={"d": S.discount})
    assert warnings_of(_rejoin(reads)) == ["field-on-some-paths"]
    assert codes(_rejoin(reads)) == []  # a warning, never an error


def test_no_warning_when_every_path_sets_it_or_it_is_tested() -> None:
    assert warnings_of(_rejoin(Pass("Use", parameters={"d": S.discount}), both=True)) == []
    assert warnings_of(_rejoin(Pass("Use", parameters={"i": S.id}))) == []
    guarded = (
        Choice("Has?").when(is_present(S.discount) & (S.discount > 1), Succeed("Y")).otherwise(Fail("N"))
    )
    assert warnings_of(_rejoin(guarded)) == []


def test_an_unguarded_choice_on_such_a_field_is_a_warning() -> None:
    unguarded = Choice("Big?").when(S.discount > 1, Succeed("Y")).otherwise(Fail("N"))
    assert warnings_of(_rejoin(unguarded)) == ["field-on-some-paths"]
