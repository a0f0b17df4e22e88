"""`flowdsl.validate`: every problem in a workflow, an ASL document or a file, as diagnostics."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from flowdsl.aslfile import AslDocument, read_asl
from flowdsl.checks import check, check_document, validate_source
from flowdsl.checks.shape import shape_problems
from flowdsl.diagnostics import Diagnostic, FlowdslError, error
from flowdsl.locations import Pointer
from flowdsl.model import StateMachine
from flowdsl.model.machine import pointer_escape
from flowdsl.source import Source

if TYPE_CHECKING:  # never loaded: the checker imports no DSL (docs/architecture.md)
    from flowdsl.dsl import Workflow

Target: TypeAlias = (
    "Workflow | Source | StateMachine | dict[str, Any] | str | Path | list[Any] | bool | int | float | None"
)
"""What `flowdsl.validate` checks: a Workflow, a Source, a machine, decoded JSON or a file path."""


def validate(target: Target, *, name: str | None = None) -> list[Diagnostic]:
    """All diagnostics for a DSL `Workflow`, a `Source`, a `StateMachine`, a decoded ASL
    document (dict), or the path of a `.py` / `.json` / `.asl.json` file.

    Never raises for a broken definition or file: the problem comes back as a diagnostic.
    Raises FlowdslError (`validate-target-type`) for an object that is none of these.
    `name` picks one Workflow when a `.py` file defines several.
    """
    if isinstance(target, Source):
        return validate_source(target)
    if isinstance(target, StateMachine):
        return check(target)
    if isinstance(target, dict):
        unwalkable = shape_problems(target)
        if unwalkable:
            return unwalkable
        where = _not_json(target, "")
        if where is not None:
            return [error("invalid-json", "the document holds a value JSON cannot represent", Pointer(where))]
        return check_document(target)
    if isinstance(target, str | Path):
        return validate_file(target, name=name)
    if target is None or isinstance(target, list | bool | int | float):
        return check_document(target)  # decoded JSON that is not an object: not-an-object
    if hasattr(target, "compile"):
        return _validate_workflow(target)
    accepted = "a Workflow, an ASL dict, a StateMachine, a Source or a file path"
    message = f"cannot validate a '{type(target).__name__}': pass {accepted}"
    raise FlowdslError([error("validate-target-type", message)])


@dataclass(frozen=True)
class FileReport:
    """What checking one file found; `checked` is False when the file could not be read or
    imported, so its diagnostics say why nothing was checked."""

    diagnostics: list[Diagnostic]
    checked: bool


def validate_file(path: str | Path, *, name: str | None = None) -> list[Diagnostic]:
    """A `.py` file through the DSL loader; any other file read as ASL JSON."""
    return check_file(path, name=name).diagnostics


def check_file(path: str | Path, *, name: str | None = None) -> FileReport:
    """Like `validate_file`, also telling whether the file was checked at all."""
    try:
        if str(path).endswith(".py"):
            # Imported here: the loader imports the DSL, which validating ASL never needs.
            from flowdsl.loader import load_source  # noqa: PLC0415

            return FileReport(_unique(validate_source(load_source(path, name=name))), True)
        document = read_asl(path)
    except FlowdslError as exc:
        return FileReport(exc.diagnostics, False)
    found = [_other_line(document, d) for d in check_document(document.data)]
    return FileReport(document.localise(document.in_reading_order(found)), True)


def _other_line(document: AslDocument, diagnostic: Diagnostic) -> Diagnostic:
    """Name the line of the other place a message names (`also at line 18 (/States/X)`)."""
    mention = diagnostic.mention
    line = document.line_of(mention.place) if mention is not None else None
    if mention is None or line is None:
        return diagnostic
    return diagnostic.reworded(mention.text(f"line {line} ({mention.place})"))


def _validate_workflow(workflow: Workflow) -> list[Diagnostic]:
    # Duck-typed so that the checker never imports the DSL (STYLE.md layering).
    from flowdsl.compiler import compile_workflow  # noqa: PLC0415

    try:
        source = compile_workflow(workflow)
    except FlowdslError as exc:
        return exc.diagnostics
    return _unique(validate_source(source))


def _not_json(value: Any, pointer: str) -> str | None:
    """The JSON Pointer of the first value JSON cannot represent (a set, bytes, NaN, a
    non-string key, an integer past Python's digit limit), or None for JSON data."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return pointer or "/"
            found = _not_json(item, f"{pointer}/{pointer_escape(key)}")
            if found is not None:
                return found
        return None
    if isinstance(value, list):
        return next((p for i, v in enumerate(value) if (p := _not_json(v, f"{pointer}/{i}"))), None)
    return None if _is_json_scalar(value) else pointer or "/"


def _is_json_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() < _MAX_INT_BITS
    return value is None or isinstance(value, str | bool)


# Python refuses to print integers of more than 4,300 digits (sys.int_info); ~14,000 bits.
_MAX_INT_BITS = 14_000


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(diagnostics))
