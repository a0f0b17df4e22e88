"""`flowdsl.validate`: every problem in a workflow, an ASL document or a file, as diagnostics."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from flowdsl.aslfile import AslDocument, read_asl
from flowdsl.checks import check, check_document, validate_source
from flowdsl.diagnostics import Diagnostic, FlowdslError
from flowdsl.model import StateMachine
from flowdsl.source import Source


def validate(target: Any, *, name: str | None = None) -> list[Diagnostic]:
    """All diagnostics for a DSL `Workflow`, a `Source`, a `StateMachine`, a decoded ASL
    document (dict), or the path of a `.py` / `.json` / `.asl.json` file.

    Never raises for a broken definition or file: the problem comes back as a diagnostic.
    `name` picks one Workflow when a `.py` file defines several.
    """
    if isinstance(target, Source):
        return validate_source(target)
    if isinstance(target, StateMachine):
        return check(target)
    if isinstance(target, dict):
        return check_document(target)
    if isinstance(target, str | Path):
        return validate_file(target, name=name)
    if hasattr(target, "compile"):
        return _validate_workflow(target)
    raise TypeError(f"cannot validate a {type(target).__name__}: pass a Workflow, a dict or a path")


def validate_file(path: str | Path, *, name: str | None = None) -> list[Diagnostic]:
    """A `.py` file through the DSL loader; any other file read as ASL JSON."""
    try:
        if str(path).endswith(".py"):
            # Imported by name: the loader imports the DSL, which the checker never does.
            loader = importlib.import_module("flowdsl.loader")
            return _unique(validate_source(loader.load_source(path, name=name)))
        document = read_asl(path)
    except FlowdslError as exc:
        return exc.diagnostics
    found = [_other_line(document, d) for d in check_document(document.data)]
    # Report in reading order: by line, rule order breaking ties.
    found.sort(key=lambda d: document.line_of(d.location) or 0 if d.location.startswith("/") else 0)
    return document.localise(found)


_ALSO_AT = re.compile(r"also at (/[^;]*);")


def _other_line(document: AslDocument, diagnostic: Diagnostic) -> Diagnostic:
    """Name the line of the other place a message points at ("also at /States/X")."""
    match = _ALSO_AT.search(diagnostic.message)
    line = document.line_of(match.group(1)) if match else None
    if match is None or line is None:
        return diagnostic
    message = diagnostic.message.replace(match.group(0), f"also at line {line} ({match.group(1)});")
    return Diagnostic(diagnostic.code, diagnostic.severity, message, diagnostic.location)


def _validate_workflow(workflow: Any) -> list[Diagnostic]:
    # Duck-typed so that the checker never imports the DSL (STYLE.md layering).
    from flowdsl.compiler import compile_workflow  # noqa: PLC0415

    try:
        source = compile_workflow(workflow)
    except FlowdslError as exc:
        return exc.diagnostics
    return _unique(validate_source(source))


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(diagnostics))
