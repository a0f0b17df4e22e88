"""The data-flow pass, case by case against AWS's input/output processing
(https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html)."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl import CONTEXT, Catch, Chain, Choice, Map, Parallel, Pass, S, Task, Workflow, expr, var
from flowdsl.compiler import compile_workflow
from flowdsl.typeflow import analyse
from flowdsl.typeflow.flow import Analysis
from flowdsl.typeflow.jtype import ANY, BOOLEAN, EMPTY, INTEGER, NULL, NUMBER, STRING, Arr, JType, Obj, Union
from flowdsl.typeflow.results import ERROR_OUTPUT
from flowdsl.typeflow.schema import model_type
from tests.typeflow.models import Line, Order, Priced, Ship, price

ORDER = model_type(Order)
SHIP = model_type(Ship, "serialization")
SEND = "arn:aws:states:::sqs:sendMessage"


def run(chain: Any, **options: Any) -> Analysis:
    analysis = analyse(compile_workflow(Workflow("T", chain, input_model=Order, **options)))
    assert analysis is not None
    return analysis


def input_of(analysis: Analysis, *names: str) -> JType:
    pointer = "".join(f"/States/{name}" if i % 2 == 0 else f"/{name}" for i, name in enumerate(names))
    return analysis.inputs[pointer]


def shipping(**options: Any) -> Task:
    return Task("Ship", resource=SEND, output_model=Ship, **options)


def obj(**fields: JType) -> Obj:
    return Obj(fields, frozenset(fields))


def test_the_first_state_gets_the_execution_input() -> None:
    assert input_of(run(Pass("Next")), "Next") == ORDER


def test_result_path_merges_the_result_into_the_input() -> None:
    merged = input_of(run(shipping(result_path="$.ship") >> Pass("Next")), "Next")
    assert isinstance(merged, Obj) and isinstance(ORDER, Obj)
    assert merged.fields == {**ORDER.fields, "ship": SHIP}
    assert "ship" in merged.required


def test_result_path_default_replaces_the_input() -> None:
    assert input_of(run(shipping() >> Pass("Next")), "Next") == SHIP


def test_result_path_null_discards_the_result() -> None:
    assert input_of(run(shipping(result_path=None) >> Pass("Next")), "Next") == ORDER


def test_result_path_creates_nested_fields() -> None:
    merged = input_of(run(shipping(result_path="$.out.ship") >> Pass("Next")), "Next")
    assert isinstance(merged, Obj)
    assert merged.fields["out"] == obj(ship=SHIP)


def test_output_path_after_result_path() -> None:
    chain = shipping(result_path="$.ship", output_path="$.ship.count") >> Pass("Next")
    assert input_of(run(chain), "Next") == INTEGER


def test_input_path_and_output_path_null_give_an_empty_object() -> None:
    assert input_of(run(Pass("A", input_path=None) >> Pass("Next")), "Next") == EMPTY
    assert input_of(run(Pass("A", output_path=None) >> Pass("Next")), "Next") == EMPTY


def test_parameters_with_context_paths_and_intrinsics() -> None:
    parameters = {
        "id": S.id,
        "execution": CONTEXT.Execution.Id,
        "retries": CONTEXT.State.RetryCount,
        "input": CONTEXT.Execution.Input.rush,
        "count.$": "States.ArrayLength($.lines)",
        "label.$": "States.Format('order {}', $.id)",
        "parts.$": "States.StringSplit($.id, '-')",
        "literal": 3,
        "nested": {"flag": True},
    }
    found = input_of(run(Pass("Shape", parameters=parameters) >> Pass("Next")), "Next")
    assert found == obj(
        id=STRING,
        execution=STRING,
        retries=INTEGER,
        input=BOOLEAN,
        count=INTEGER,
        label=STRING,
        parts=Arr(STRING),
        literal=INTEGER,
        nested=obj(flag=BOOLEAN),
    )


def test_pass_result_is_typed_from_its_literal() -> None:
    chain = Pass("A", result={"n": 1, "x": 1.5, "tags": ["a"]}, result_path="$.r") >> Pass("Next")
    found = input_of(run(chain), "Next")
    assert isinstance(found, Obj)
    assert found.fields["r"] == obj(n=INTEGER, x=NUMBER, tags=Arr(STRING))


def test_map_items_and_result() -> None:
    processor = Task("Price", handler=price, function_name="Price")
    analysis = run(Map("M", items_path=S.lines, processor=processor, result_path="$.priced") >> Pass("Next"))
    assert input_of(analysis, "M", "ItemProcessor", "Price") == model_type(Line)
    found = input_of(analysis, "Next")
    assert isinstance(found, Obj)
    assert found.fields["priced"] == Arr(model_type(Priced, "serialization"))


def test_map_item_selector_reads_the_item_and_its_index() -> None:
    selector = {"sku.$": "$$.Map.Item.Value.sku", "at.$": "$$.Map.Item.Index", "order.$": "$.id"}
    analysis = run(Map("M", items_path=S.lines, item_selector=selector, processor=Pass("Each")))
    assert input_of(analysis, "M", "ItemProcessor", "Each") == obj(sku=STRING, at=INTEGER, order=STRING)


def test_map_output_model_types_each_iteration() -> None:
    chain = Map("M", items_path=S.lines, processor=Pass("Each"), output_model=Priced) >> Pass("Next")
    assert input_of(run(chain), "Next") == Arr(model_type(Priced, "serialization"))


def test_parallel_result_is_the_list_of_branch_outputs() -> None:
    branches = [Pass("A", result={"a": 1}), Pass("B", result="b")]
    found = input_of(run(Parallel("P", branches=branches) >> Pass("Next")), "Next")
    assert found == Arr(Union((obj(a=INTEGER), STRING)))


def test_result_selector_reads_the_result() -> None:
    chain = shipping(result_selector={"n.$": "$.count"}, result_path="$.s") >> Pass("Next")
    found = input_of(run(chain), "Next")
    assert isinstance(found, Obj)
    assert found.fields["s"] == obj(n=INTEGER)


def test_catch_writes_the_error_object_at_its_result_path() -> None:
    recover = Pass("Recover")
    chain = shipping(catch=[Catch("States.ALL", recover, result_path="$.error")]) >> Pass("Next")
    found = input_of(run(chain), "Recover")
    assert isinstance(found, Obj) and isinstance(ORDER, Obj)
    assert found.fields == {**ORDER.fields, "error": ERROR_OUTPUT}
    assert obj(Error=STRING, Cause=STRING) == ERROR_OUTPUT


def test_choice_branches_meet_as_a_union() -> None:
    choice = Choice("C").when(S.rush == True, Pass("Fast", result={"fast": 1}))  # noqa: E712
    chain = choice.otherwise(Pass("Slow", result="slow")).afterwards() >> Pass("Next")
    analysis = run(chain)
    assert input_of(analysis, "Fast") == ORDER  # a Choice passes its input through
    assert input_of(analysis, "Next") == Union((obj(fast=INTEGER), STRING))


def test_variables_carry_their_assigned_type() -> None:
    chain = Pass("Keep", assign={"who": S.id}) >> Pass("Use", parameters={"w": var("who")}) >> Pass("Next")
    assert input_of(run(chain), "Next") == obj(w=STRING)


def test_jsonata_paths_are_typed() -> None:
    chain = Pass("A", output={"id": expr("$states.input.id"), "n": expr("$count($states.input.lines)")})
    found = input_of(run(chain >> Pass("Next"), query_language="JSONata"), "Next")
    assert found == obj(id=STRING, n=ANY)


def test_a_loop_settles() -> None:
    loop = Pass("Count", parameters={"id": S.id, "lines": S.lines, "rush": False, "totalCents": 1})
    check = Choice("Again").when(S.rush == True, loop)  # noqa: E712
    analysis = run(loop >> check.otherwise(Pass("Done")))
    assert input_of(analysis, "Done") == obj(
        id=STRING, lines=model_type(list[Line]), rush=BOOLEAN, totalCents=INTEGER
    )


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (str | None, Union((STRING, NULL))),
        (list[int], Arr(INTEGER)),
        (dict[str, Any], Obj(extra=ANY)),
        (dict[str, int], Obj(extra=INTEGER)),
    ],
    ids=["optional", "list", "open-object", "map"],
)
def test_models_to_types(model: Any, expected: JType) -> None:
    assert model_type(model) == expected


def test_aliases_nested_models_and_optional_fields() -> None:
    order = model_type(Order)
    assert isinstance(order, Obj)
    assert set(order.fields) == {"id", "lines", "rush", "note", "totalCents"}
    assert order.required == {"id", "lines", "rush", "totalCents"}
    assert order.fields["lines"] == Arr(model_type(Line))
    assert order.extra is None  # a model's dump holds exactly its fields


def test_a_long_chain_is_typed_to_its_end() -> None:
    chain: Pass | Chain = Pass("P0")
    for i in range(1, 60):
        chain = chain >> Pass(f"P{i}")
    assert input_of(run(chain), "P59") == ORDER


def test_a_loop_that_nests_deeper_every_turn_gives_up_to_any() -> None:
    grow = Pass("Grow", parameters={"prev.$": "$", "rush": False})
    check = Choice("Again").when(S.rush == True, grow)  # noqa: E712
    analysis = run(grow >> check.otherwise(Pass("Done")))
    assert input_of(analysis, "Done") == ANY


def test_lambda_invoke_wraps_the_function_result_in_payload() -> None:
    invoke = Task(
        "Invoke",
        resource="arn:aws:states:::lambda:invoke",
        parameters={"FunctionName": "Ship", "Payload": {"order_id": S.id, "count": 1}},
        input_model=Ship,
        output_model=Ship,
        result_selector={"ship.$": "$.Payload"},
    )
    analysis = run(invoke >> Pass("Next"))
    assert analysis.found == []
    assert input_of(analysis, "Next") == obj(ship=SHIP)


def test_an_item_batcher_hands_each_child_a_batch() -> None:
    batched = Map(
        "M",
        items_path=S.lines,
        processor=Pass("Each"),
        mode="DISTRIBUTED",
        execution_type="STANDARD",
        item_batcher={"MaxItemsPerBatch": 10},
    )
    found = input_of(run(batched), "M", "ItemProcessor", "Each")
    assert found == Obj({"Items": Arr(model_type(Line))}, frozenset({"Items"}), ANY)
