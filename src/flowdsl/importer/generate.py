"""`import_asl`: an ASL definition as a DSL module, checked to compile back to the same definition.

The generated code is run and compiled before it is returned: if the definition it compiles to
differs from the one given in any field (compared as JSON values, key order aside), the import
fails naming that field instead of handing back code that would lose it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from flowdsl.diagnostics import Diagnostic, FlowdslError, error
from flowdsl.importer.integrations import INTEGRATION_NAMES
from flowdsl.importer.module import Module, _UnorderableError
from flowdsl.importer.rules import UnsupportedError
from flowdsl.locations import Pointer
from flowdsl.model import parse_machine, structure_diagnostics

IMPORT_CODES = ("import-unsupported", "import-mismatch", "import-not-json")
_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]+\Z")


def import_asl(definition: str | dict[str, Any], *, name: str = "StateMachine", source: str = "") -> str:
    """The DSL module (Python source) for an ASL definition (a JSON string or decoded object).

    `name` is the Workflow's name; `source` is said in the module docstring. Raises
    `FlowdslError` for a definition the model rejects, or one with a field the DSL cannot write.
    """
    data = _decoded(definition)
    try:
        parse_machine(data)
    except ValidationError as exc:
        raise FlowdslError(structure_diagnostics(exc)) from None
    problem: FlowdslError | None = None
    # Typed integration constructors and `.afterwards()` joins read best; each is given up, in
    # that order, when the module it gives would not compile back to the definition exactly.
    for typed, joins in ((True, True), (False, True), (True, False), (False, False)):
        try:
            text = _module(data, name, source, joins=joins, typed=typed)
            _verify(text, data)
        except _UnorderableError:
            continue
        except FlowdslError as exc:
            problem = problem or exc
            continue
        return text
    assert problem is not None
    raise problem


def _decoded(definition: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(definition, dict):
        return definition
    try:
        data = json.loads(definition)
    except (TypeError, json.JSONDecodeError) as exc:
        raise FlowdslError([error("import-not-json", f"the definition is not JSON: {exc}")]) from None
    if not isinstance(data, dict):
        raise FlowdslError([error("import-not-json", "a state machine definition is a JSON object")])
    return data


def _module(data: dict[str, Any], name: str, source: str, *, joins: bool, typed: bool) -> str:
    module = Module(data, joins=joins, typed=typed)
    statements = module.build(name)
    lines = [*_docstring(name, source), ""]
    lines += _imports(module.names.used)
    lines.append("")
    for statement in statements[:-1]:
        lines += statement
    lines += ["", *statements[-1]]
    return "\n".join(lines) + "\n"


def _docstring(name: str, source: str) -> list[str]:
    """One line when it fits ruff's 88 columns, else the source on a line of its own."""
    where = f" from {source}" if source else ""
    line = f'"""The {name} state machine, imported{where} by `flowdsl import`."""'
    if len(line) <= 88 or not source:
        return [line]
    return [f'"""The {name} state machine, imported by `flowdsl import`.', "", f"Source: {source}", '"""']


def _imports(used: set[str]) -> list[str]:
    """`from flowdsl import ...` sorted as isort (ruff's I001) sorts: constants, classes, functions."""
    nested = sorted(used & {"And", "Or"})
    typed = sorted(used & INTEGRATION_NAMES)
    top = sorted(
        used - {"And", "Or"} - INTEGRATION_NAMES,
        key=lambda n: (0 if _CONSTANT.match(n) else 1 if n[0].isupper() else 2, n),
    )
    lines = [_import_line("flowdsl", top)]
    if nested:
        lines.append(_import_line("flowdsl.dsl", nested))
    if typed:
        lines.append(_import_line("flowdsl.integrations", typed))
    return [line for chunk in lines for line in chunk]


def _import_line(module: str, names: list[str]) -> list[str]:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 88:
        return [line]
    return [f"from {module} import (", *(f"    {name}," for name in names), ")"]


def _verify(text: str, expected: dict[str, Any]) -> None:
    """Run the generated module, compile its workflow and compare with the definition."""
    from flowdsl.compiler import compile_workflow  # noqa: PLC0415 - the compiler builds on the DSL
    from flowdsl.model import to_asl  # noqa: PLC0415

    namespace: dict[str, Any] = {"__name__": "flowdsl_import_check"}
    try:
        exec(compile(text, "<flowdsl import>", "exec"), namespace)
        compiled = to_asl(compile_workflow(namespace["workflow"]).definition)
    except UnsupportedError:
        raise
    except FlowdslError as exc:
        raise FlowdslError([_refused(d) for d in exc.diagnostics]) from None
    pointer = first_difference(expected, compiled)
    if pointer is not None:
        message = f"the DSL cannot write this definition exactly: '{pointer or '/'}' would change"
        raise FlowdslError([error("import-mismatch", message, Pointer(pointer))])


def _refused(diagnostic: Diagnostic) -> Diagnostic:
    return error("import-unsupported", f"the DSL refuses this definition: {diagnostic.message}")


def first_difference(expected: Any, actual: Any, pointer: str = "") -> str | None:
    """The JSON Pointer of the first place two JSON values differ (None: equal as JSON)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in [*expected, *(k for k in actual if k not in expected)]:
            escaped = key.replace("~", "~0").replace("/", "~1")
            if key not in expected or key not in actual:
                return f"{pointer}/{escaped}"
            found = first_difference(expected[key], actual[key], f"{pointer}/{escaped}")
            if found is not None:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return pointer
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            found = first_difference(left, right, f"{pointer}/{index}")
            if found is not None:
                return found
        return None
    return None if _same_scalar(expected, actual) else pointer


def _same_scalar(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    return type(left) is type(right) and bool(left == right)


__all__ = ["IMPORT_CODES", "first_difference", "import_asl"]
