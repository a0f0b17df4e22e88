"""The type checks the data-flow pass runs at each state (each reports its own code).

- `choice-type-mismatch`: a Choice comparison whose operator family cannot fit the field
  (a string compared with NumericEquals, a boolean with StringEquals); a field that may be
  null is fine, null is only one of its values;
- `task-input-mismatch` / `execution-input-mismatch`: what reaches a Task does not satisfy
  its `input_model` (a required field missing, a field of another JSON type); the second
  code when the data is the execution input itself, at the workflow's first state;
- `items-not-array`: a Map's ItemsPath selects something that is never an array.

ANY fits everything, so an untyped workflow is never reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from flowdsl.checks.choice import rules_of
from flowdsl.checks.context import comparisons
from flowdsl.model import ChoiceState, state_pointer
from flowdsl.model.operators import COMPARISONS, MATCHES, compares_paths
from flowdsl.typeflow.jtype import AnyType, Arr, JType, Obj, family, options
from flowdsl.typeflow.schema import model_type

if TYPE_CHECKING:
    from flowdsl.typeflow.flow import StateStep

# The JSON kind each operator family compares (AWS "Choice state": Timestamp* compare strings).
# The JSON type each operator family compares (model/operators.py names the families).
_FAMILIES = {"String": "string", "Numeric": "number", "Boolean": "boolean", "Timestamp": "string"}
_SUGGEST = {"string": "StringEquals", "number": "NumericEquals", "boolean": "BooleanEquals"}
_MAX_SHOWN = 3


def choice_rules(step: StateStep, state: ChoiceState, effective: JType) -> None:
    """Every rule's Variable (and `*Path` operand) exists, and its family fits the field."""
    reader = step.reader(effective)
    # A variable the Choice tests with IsPresent is read knowing it may be absent.
    guarded = {rule.variable for rule, _, _ in rules_of(state, step.pointer) if rule.is_present is not None}
    quiet = replace(reader, absent=None)
    for rule, pointer, _ in rules_of(state, step.pointer):
        for operator, value in comparisons(rule):
            if rule.variable is None:
                continue
            read = quiet if rule.variable in guarded else reader
            subject = read.path(rule.variable, "Variable", f"{pointer}/Variable")
            _family(step, pointer, operator, rule.variable, subject)
            if compares_paths(operator) and isinstance(value, str):
                other = reader.path(value, operator, f"{pointer}/{operator}")
                _family(step, pointer, operator, value, other)


def _family(step: StateStep, pointer: str, operator: str, path: str, t: JType) -> None:
    found = COMPARISONS.get(operator)
    wanted = "string" if operator == MATCHES else _FAMILIES[found.family] if found else None
    kinds = family(t) - {"null"}
    if wanted is None or not kinds or wanted in kinds:
        return
    suggestion = next((_SUGGEST[k] for k in sorted(kinds) if k in _SUGGEST), None)
    equality = found is not None and found.relation.suffix == "Equals" and not found.by_path
    hint = f" (did you mean {suggestion}?)" if suggestion and equality else ""
    step.a.problem(
        "choice-type-mismatch",
        pointer,
        f"state '{step.name}': {operator} compares '{path}', which is {t.describe()}{hint}",
    )


def task_input(step: StateStep, given: JType, model: Any) -> None:
    """What the Task is given satisfies its input model."""
    if model is None:
        return
    problems = list(mismatches(given, model_type(model), "$"))
    if not problems:
        return
    first = step.pointer == state_pointer("", step.a.machine.start_at) and given == step.a.execution_input
    code = "execution-input-mismatch" if first else "task-input-mismatch"
    given_by = "the execution input" if first else "its input"
    shown = "; ".join(problems[:_MAX_SHOWN]) + (
        f"; ... and {len(problems) - _MAX_SHOWN} more" if len(problems) > _MAX_SHOWN else ""
    )
    step.a.problem(
        code, step.pointer, f"state '{step.name}': {given_by} does not satisfy {_name(model)}: {shown}"
    )


def items_array(step: StateStep, items: JType, shown: str, where: str) -> None:
    """The items a Map iterates over can be an array (`shown`: how the message names the field)."""
    if "array" not in family(items):
        step.problem("items-not-array", where, f"{shown} selects {items.describe()}, not an array")


def mismatches(given: JType, wanted: JType, at: str) -> Iterator[str]:
    """Why a value of type `given` may not satisfy `wanted` (nothing when some alternative fits)."""
    if isinstance(given, AnyType) or isinstance(wanted, AnyType):
        return
    best: list[str] | None = None
    for target in options(wanted):
        for source in options(given):
            found = list(_one(source, target, at))
            if not found:
                return
            if best is None or len(found) < len(best):
                best = found
    yield from best or []


def _one(given: JType, wanted: JType, at: str) -> Iterator[str]:
    if isinstance(given, AnyType) or isinstance(wanted, AnyType):
        return
    if isinstance(wanted, Obj) and isinstance(given, Obj):
        yield from _fields(given, wanted, at)
    elif isinstance(wanted, Arr) and isinstance(given, Arr):
        yield from mismatches(given.item, wanted.item, f"{at}[]")
    elif not family(given) <= family(wanted):
        yield f"'{at}' is {given.describe()}, not {wanted.describe()}"


def _fields(given: Obj, wanted: Obj, at: str) -> Iterator[str]:
    for name, wanted_type in wanted.fields.items():
        where = f"{at}.{name}"
        if name in given.fields:
            yield from mismatches(given.fields[name], wanted_type, where)
        elif given.extra is not None:
            yield from mismatches(given.extra, wanted_type, where)
        elif name in wanted.required:
            yield f"required field '{where}' is missing"


def _name(model: Any) -> str:
    return f"'{getattr(model, '__name__', None) or model}'"
