"""The JSONata half of the data-flow pass (AWS "Transforming data with JSONata in Step Functions",
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).

A JSONata state reads `$states.input` (its raw input) in Arguments, Items, ItemSelector and
Choice Conditions, `$states.result` too in Output and Assign, `$states.errorOutput` in a
Catcher; without `Output`, the output is the result (a state with none outputs its input).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flowdsl.model import ChoiceState, FailState, MapState, ParallelState, TaskState
from flowdsl.model.machine import child_bodies
from flowdsl.typeflow import rules
from flowdsl.typeflow.jtype import ANY, Arr, JType, family, item_type, join
from flowdsl.typeflow.payloads import Reader, context_type
from flowdsl.typeflow.results import ERROR_OUTPUT, batched

if TYPE_CHECKING:
    from flowdsl.typeflow.flow import Out, StateStep


def outs(step: StateStep) -> Iterator[Out]:
    state = step.state
    if isinstance(state, FailState):
        return
    roots: dict[str, JType] = {"input": step.raw, "context": step.context}
    if isinstance(state, ChoiceState):
        yield from _choice(step, state, roots)
        return
    result = _result(step, roots)
    if result is not None:
        roots["result"] = result
    _assign(step, getattr(state, "assign", None), roots, "/Assign")
    output = _template(step, roots, state.output, "/Output") if "output" in state.model_fields_set else result
    yield (None if state.is_terminal else state.next), step.raw if output is None else output  # type: ignore[union-attr]
    for i, catcher in enumerate(getattr(state, "catch", None) or []):
        caught = {"input": step.raw, "errorOutput": ERROR_OUTPUT, "context": step.context}
        _assign(step, catcher.assign, caught, f"/Catch/{i}/Assign")
        out = (
            _template(step, caught, catcher.output, f"/Catch/{i}/Output")
            if catcher.output is not None
            else ERROR_OUTPUT
        )
        yield catcher.next, out


# `$states.input.a.b <op> literal`, as the DSL writes a comparison (and users often do by hand).
_COMPARISON = re.compile(
    r"(\$states\.input(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(=|!=|<=|>=|<|>)\s*"
    r"(\"(?:[^\"\\]|\\.)*\"|'[^']*'|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false)"
)
_LITERAL_KIND = {"'": "string", '"': "string", "t": "boolean", "f": "boolean"}


def _comparisons(step: StateStep, roots: dict[str, JType], condition: str, pointer: str) -> None:
    """A path compared with a literal of another JSON kind: `=` is then always false in JSONata,
    and `<`/`>` fail with a type error (JSONata "Comparison operators")."""
    reader = _reader(step, roots)
    for match in _COMPARISON.finditer(condition):
        path, operator, value = match.groups()
        field = reader.jsonata_path("states", path.removeprefix("$states"), None)
        kind = _LITERAL_KIND.get(value[0], "number")
        kinds = family(field) - {"null"}
        if kinds and kind not in kinds:
            step.a.problem(
                "choice-type-mismatch",
                pointer,
                f"state '{step.name}': '{path} {operator} {value}' compares {field.describe()} with a {kind}",
            )


def _reader(step: StateStep, roots: dict[str, JType]) -> Reader:
    reader = step.reader(step.raw)
    reader.extra_roots = roots
    return reader


def _template(step: StateStep, roots: dict[str, JType], value: Any, where: str) -> JType:
    return _reader(step, roots).jsonata(value, step.pointer + where)


def _assign(step: StateStep, template: Any, roots: dict[str, JType], where: str) -> None:
    if template:
        step.set_variables(_template(step, roots, template, where))


def _result(step: StateStep, roots: dict[str, JType]) -> JType | None:
    state = step.state
    given = step.raw
    if "arguments" in state.model_fields_set:
        given = _template(step, roots, getattr(state, "arguments", None), "/Arguments")
    if isinstance(state, TaskState):
        return step.task(given)
    if isinstance(state, ParallelState):
        bodies = child_bodies(state, step.pointer)
        return step.declared_list(Arr(join(step.a.scope(b, p, given) for p, b in bodies)))
    if isinstance(state, MapState):
        return step.declared_list(Arr(_iterations(step, state, roots)))
    return None


def _iterations(step: StateStep, state: MapState, roots: dict[str, JType]) -> JType:
    items = step.raw
    if "items" in state.model_fields_set:
        items = _template(step, roots, state.items, "/Items")
        if isinstance(state.items, list | str):
            rules.items_array(step, items, "'Items'", "/Items")
    if state.item_reader is not None:
        items = ANY
    item = item_type(items)
    if state.item_selector is not None:
        inner = {**roots, "context": context_type(step.a.execution_input, item)}
        item = _template(step, inner, state.item_selector, "/ItemSelector")
    (pointer, body), *_ = child_bodies(state, step.pointer)
    return step.a.scope(body, pointer, batched(state, item))


def _choice(step: StateStep, state: ChoiceState, roots: dict[str, JType]) -> Iterator[Out]:
    for i, rule in enumerate(state.choices):
        if isinstance(rule.condition, str):
            _template(step, roots, rule.condition, f"/Choices/{i}/Condition")
            _comparisons(step, roots, rule.condition, f"{step.pointer}/Choices/{i}")
        _assign(step, rule.assign, roots, f"/Choices/{i}/Assign")
        out = (
            _template(step, roots, rule.output, f"/Choices/{i}/Output")
            if rule.output is not None
            else step.raw
        )
        yield rule.next, out
    if state.default is not None:
        yield (
            state.default,
            _template(step, roots, state.output, "/Output") if state.output is not None else step.raw,
        )
