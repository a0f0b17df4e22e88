"""Following a reference path's steps through a JSON type, and merging a result into one.

A step that no alternative of the type can take is a `Miss`: the path cannot exist in any
value of that type, so AWS would fail the state (States.Runtime) or a Choice would never see
the field. A step into ANY, or into an object that may hold other keys, is never a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flowdsl.diagnostics import did_you_mean
from flowdsl.typeflow.jtype import ANY, EMPTY, AnyType, Arr, JType, Obj, Prim, join, may_be_array, options

Step = str | int


@dataclass(frozen=True, slots=True)
class Miss:
    """Why a path names nothing: the step that fails and what was there instead."""

    reason: str


def step_into(t: JType, step: Step) -> JType | Miss:
    """The type at `step` of a value of type `t`, or a Miss when no alternative has it."""
    if isinstance(t, AnyType):
        return ANY
    found: list[JType] = []
    names: list[str] = []
    for option in options(t):
        if isinstance(option, AnyType):
            return ANY
        hit = _one_step(option, step)
        if hit is not None:
            found.append(hit)
        if isinstance(option, Obj):
            names.extend(option.fields)
    if found:
        return join(found)
    return Miss(_miss_reason(t, step, names))


def _one_step(t: JType, step: Step) -> JType | None:
    if isinstance(t, Obj) and isinstance(step, str):
        if step in t.fields:
            return t.fields[step]
        return t.extra
    if isinstance(t, Arr) and isinstance(step, int):
        return t.item
    return None


def _miss_reason(t: JType, step: Step, names: list[str]) -> str:
    if isinstance(step, str) and any(isinstance(o, Obj) for o in options(t)):
        known = ", ".join(f"'{n}'" for n in names) or "none"
        return f"'{step}' is not a field of {t.describe()}{did_you_mean(step, names)}; its fields: {known}"
    shown = f"'{step}'" if isinstance(step, str) else f"[{step}]"
    return f"{shown} cannot be read from {t.describe()}"


def select(t: JType, steps: Sequence[Step], *, mapping: bool = False) -> tuple[JType, Miss | None, int]:
    """The type a reference path names, the Miss that stops it (if any) and the failing step's index.

    `mapping`: a name step on an array reads that field of every item, as a JSONata path does
    (`$states.input.lines.sku` is the list of SKUs), rather than missing.
    """
    current = t
    for i, step in enumerate(steps):
        if mapping and isinstance(step, str):
            current = _items(current)
        nxt = step_into(current, step)
        if isinstance(nxt, Miss):
            return ANY, nxt, i
        current = nxt
    return current, None, len(steps)


def absent_on_some(t: JType, steps: Sequence[Step]) -> int | None:
    """The index of the first name step that some alternatives of `t` have as a field while
    others, closed objects, cannot hold it: where branches meet, a field only some of them set.
    None when every alternative may have each step (or the path cannot exist at all)."""
    current = t
    for i, step in enumerate(steps):
        if isinstance(step, str):
            objects = [o for o in options(current) if isinstance(o, Obj)]
            if any(step in o.fields for o in objects) and any(
                step not in o.fields and o.extra is None for o in objects
            ):
                return i
        nxt = step_into(current, step)
        if isinstance(nxt, Miss):
            return None
        current = nxt
    return None


def _items(t: JType) -> JType:
    """Arrays replaced by their items, for JSONata's mapping of a path over an array."""
    if not may_be_array(t):
        return t
    return join(_items(o.item) if isinstance(o, Arr) else o for o in options(t))


def merge(base: JType, steps: Sequence[Step], value: JType) -> JType:
    """`base` with `value` written at `steps`, as ResultPath writes a result into the input.

    AWS "ResultPath": fields on the way that do not exist are created; a field that exists is
    replaced. Writing into something that is not an object fails at run time, so nothing is
    claimed about it (ANY).
    """
    if not steps:
        return value
    head, rest = steps[0], steps[1:]
    if not isinstance(head, str):
        return ANY
    if isinstance(base, AnyType):
        base = Obj(extra=ANY)
    objects = [o for o in options(base) if isinstance(o, Obj)]
    if len(objects) != len(options(base)):
        return ANY
    return join(_merge_obj(o, head, rest, value) for o in objects)


def _merge_obj(base: Obj, head: str, rest: Sequence[Step], value: JType) -> Obj:
    inner = base.fields.get(head, base.extra if base.extra is not None else EMPTY)
    if rest and isinstance(inner, Prim | Arr):
        inner = EMPTY
    fields = {**base.fields, head: merge(inner, rest, value)}
    return Obj(fields, base.required | {head}, base.extra, None)
