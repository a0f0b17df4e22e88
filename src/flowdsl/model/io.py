"""Reading and writing ASL JSON: strict parsing into the model, deterministic output."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from flowdsl.diagnostics import Diagnostic, error
from flowdsl.locations import Pointer
from flowdsl.model.machine import StateMachine, pointer_escape
from flowdsl.model.states import STATE_TYPES


def parse_machine(data: Any) -> StateMachine:
    """Parse a decoded ASL document; raises pydantic's ValidationError on structural problems."""
    return StateMachine.model_validate(data)


def to_asl(machine: StateMachine) -> dict[str, Any]:
    """The ASL document as plain JSON data, fields in canonical order."""
    return machine.to_json_obj()


def dumps(data: Any) -> str:
    """Deterministic JSON text: 2-space indent, non-ASCII kept, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def structure_diagnostics(exc: ValidationError, *, item_names: bool = False) -> list[Diagnostic]:
    """Turn pydantic's errors into diagnostics located by JSON Pointer, one per problem.

    A field that accepts several types (`Resource`: a string or an object) fails once per
    alternative; those failures are one problem: `'Resource' must be a string or an object`.
    With `item_names`, a message about a list item names it by its list (`'ErrorEquals[0]'`
    rather than `'0'`), as the checker reports it.
    """
    out: list[Diagnostic] = []
    unions: dict[str, tuple[int, list[str]]] = {}  # pointer -> (its place in `out`, types)
    for err in exc.errors():
        pointer, field = _where(list(err["loc"]))
        subject = _item_name(pointer) or field if item_names else field
        noun = _alternative(list(err["loc"]))
        if noun is not None and pointer in unions:
            place, nouns = unions[pointer]
            nouns.append(noun)
            out[place] = error("invalid-type", f"'{subject}' must be {_either(nouns)}", Pointer(pointer))
            continue
        if noun is not None:
            unions[pointer] = (len(out), [noun])
        code, message = _describe(err, field, subject)
        out.append(error(code, message, Pointer(pointer)))
    return out


def _item_name(pointer: str) -> str | None:
    """`ErrorEquals[0]` for `/.../ErrorEquals/0`: an item named by its list (None: no item)."""
    parts = pointer.split("/")
    return f"{parts[-2]}[{parts[-1]}]" if len(parts) >= 3 and parts[-1].isdigit() else None


def _where(raw: list[int | str]) -> tuple[str, str]:
    """The JSON Pointer of an error's `loc`, and the field it names."""
    # A state named like a tag ("Parallel") is kept: a name always follows "States".
    loc = [part for i, part in enumerate(raw) if not (_is_union_tag(part) and raw[i - 1 : i] != ["States"])]
    pointer = "".join(f"/{pointer_escape(str(part))}" for part in loc)
    return pointer, str(loc[-1]) if loc else "document"


# A smart union tags each alternative's errors with its type; what that type accepts.
_NOUNS = {"str": "a string", "int": "an integer", "float": "a number", "bool": "a boolean"}


def _alternative(raw: list[int | str]) -> str | None:
    """What the union alternative an error ends in accepts (None: not such an error)."""
    part = raw[-1] if raw else None
    if not isinstance(part, str) or raw[-2:-1] == ["States"]:
        return None
    if part.startswith("dict["):
        return "an object"
    if part.startswith("list["):
        return "an array"
    return _NOUNS.get(part)


def _either(nouns: list[str]) -> str:
    unique = list(dict.fromkeys(nouns))
    if "a number" in unique and "an integer" in unique:
        unique.remove("an integer")  # every integer is a number
    return " or ".join(unique) if len(unique) < 3 else f"{', '.join(unique[:-1])} or {unique[-1]}"


def _is_union_tag(part: int | str) -> bool:
    # Discriminated unions insert the tag ("Task", ...) and smart unions insert type names
    # ("int", "str", "function-after[...]") into `loc`; neither is part of the document path.
    return isinstance(part, str) and (
        part in {"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}
        or part in {"int", "float", "str", "bool", "list[str]", "dict[str,any]"}
        or "[" in part
    )


def _describe(err: Any, field: str, subject: str) -> tuple[str, str]:
    """(code, message) of one error; `subject` is how a message that starts by naming the
    field names it."""
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown-field", f"unknown field '{field}'"
    if kind == "missing":
        return "missing-field", f"required field '{field}' is missing"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "invalid-state-type", f"'Type' must be one of {', '.join(STATE_TYPES)}"
    if kind == "recursion_depth_exceeded":
        return "nesting-too-deep", "states are nested too deeply to check (Parallel/Map within each other)"
    if kind == "literal_error":
        return "invalid-value", f"'{subject}' {err['msg'][0].lower()}{err['msg'][1:]}"
    return "invalid-type", f"'{subject}': {err['msg'][0].lower()}{err['msg'][1:]}"
