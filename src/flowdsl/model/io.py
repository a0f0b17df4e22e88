"""Reading and writing ASL JSON: strict parsing into the model, deterministic output."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from flowdsl.diagnostics import Diagnostic, error
from flowdsl.model.machine import StateMachine, pointer_escape


def parse_machine(data: Any) -> StateMachine:
    """Parse a decoded ASL document; raises pydantic's ValidationError on structural problems."""
    return StateMachine.model_validate(data)


def to_asl(machine: StateMachine) -> dict[str, Any]:
    """The ASL document as plain JSON data, fields in canonical order."""
    return machine.to_json_obj()


def dumps(data: Any) -> str:
    """Deterministic JSON text: 2-space indent, non-ASCII kept, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def structure_diagnostics(exc: ValidationError) -> list[Diagnostic]:
    """Turn pydantic's errors into diagnostics located by JSON Pointer, one per problem."""
    out: list[Diagnostic] = []
    for err in exc.errors():
        # A state named like a tag ("Parallel") is kept: a name always follows "States".
        raw = list(err["loc"])
        loc = [
            part for i, part in enumerate(raw) if not (_is_union_tag(part) and raw[i - 1 : i] != ["States"])
        ]
        pointer = "".join(f"/{pointer_escape(str(part))}" for part in loc)
        field = str(loc[-1]) if loc else "document"
        code, message = _describe(err, field)
        out.append(error(code, message, pointer))
    return out


def _is_union_tag(part: int | str) -> bool:
    # Discriminated unions insert the tag ("Task", ...) and smart unions insert type names
    # ("int", "str", "function-after[...]") into `loc`; neither is part of the document path.
    return isinstance(part, str) and (
        part in {"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}
        or part in {"int", "float", "str", "bool", "list[str]", "dict[str,any]"}
        or "[" in part
    )


def _describe(err: Any, field: str) -> tuple[str, str]:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown-field", f"unknown field '{field}'"
    if kind == "missing":
        return "missing-field", f"required field '{field}' is missing"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "invalid-state-type", f"'Type' must be one of {', '.join(_STATE_TYPES)}"
    if kind == "literal_error":
        return "invalid-value", f"'{field}' {err['msg'][0].lower()}{err['msg'][1:]}"
    return "invalid-type", f"'{field}': {err['msg'][0].lower()}{err['msg'][1:]}"


_STATE_TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
