"""Loading what a command works on: a Python file's Workflow, or an `.asl.json` file.

Python files are imported by path, like `python file.py` would, with the file's folder, the
working directory and the project root (the nearest folder above the file holding a
`pyproject.toml`) on `sys.path`, so `examples/x.py` can import `lambdas` from anywhere; their
module-level `Workflow` is compiled. The module is
removed from `sys.modules` afterwards so loading never shadows a real module; handler
functions keep working because they hold their module's globals.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import ValidationError

from flowdsl.aslfile import MAX_FILE_BYTES, AslDocument, read_asl
from flowdsl.compiler import ResourceScheme, compile_workflow
from flowdsl.diagnostics import Diagnostic, FlowdslError, did_you_mean, error, warning
from flowdsl.dsl.base import State
from flowdsl.dsl.chain import Chain
from flowdsl.dsl.errors import display_path
from flowdsl.dsl.hints import hint
from flowdsl.dsl.workflow import Workflow
from flowdsl.locations import FileLine
from flowdsl.model import parse_machine
from flowdsl.model.machine import json_children
from flowdsl.model.resources import lambda_function_name
from flowdsl.source import Source

PYTHON_SUFFIXES = (".py",)


def load_source(
    path: str | Path, *, name: str | None = None, resources: ResourceScheme | None = None
) -> Source:
    """A Source from a `.py` file (its Workflow, `name` picks one) or an ASL JSON file.

    For ASL files, `resources` replaces `${FunctionNameArn}` placeholders in Task
    `Resource` fields. Raises `FlowdslError` with located diagnostics.
    """
    file = Path(path)
    if file.suffix in PYTHON_SUFFIXES:
        return load_python(file, name, resources)
    return load_asl(file, resources)


def load_python(file: Path, name: str | None = None, resources: ResourceScheme | None = None) -> Source:
    """The compiled Workflow of a Python file, warning about states the file builds but never uses."""
    namespace = _namespace(file)
    source = compile_workflow(_select(namespace, name, file), resources=resources)
    unused = _unused_states(namespace, file)
    return replace(source, diagnostics=(*source.diagnostics, *unused)) if unused else source


def find_workflow(file: Path, name: str | None = None) -> Workflow:
    """The Workflow a Python file defines at module level (`name` picks one of several)."""
    return _select(_namespace(file), name, file)


def _namespace(file: Path) -> dict[str, Any]:
    _check_python_file(file)
    return import_file(file)


def _check_python_file(file: Path) -> None:
    """Only a regular file of sane size is imported: Python would read a FIFO or /dev/zero forever."""
    shown = display_path(str(file))
    try:
        info = file.stat()
    except OSError:
        raise FlowdslError([error("file-not-found", f"no such file '{shown}'", FileLine(shown))]) from None
    if not stat.S_ISREG(info.st_mode):
        message = f"cannot read '{shown}': it is not a regular file (a directory, device, FIFO or socket)"
        raise FlowdslError([error("unreadable-file", message, FileLine(shown))])
    if info.st_size > MAX_FILE_BYTES:
        message = f"file is {info.st_size} bytes; the limit is {MAX_FILE_BYTES}"
        raise FlowdslError([error("file-too-large", message, FileLine(shown))])


def _outermost(found: list[Workflow]) -> list[Workflow]:
    """The workflows no other one of the file starts as a nested workflow: a file defining a
    parent and its children is the parent's."""
    started = {id(child) for workflow in found for child in _started(workflow)}
    return [workflow for workflow in found if id(workflow) not in started]


def _started(workflow: Workflow) -> list[Workflow]:
    """Every workflow `workflow` starts, transitively (each once: a cycle ends)."""
    seen: dict[int, Workflow] = {}
    stack = workflow.children()
    while stack:
        child = stack.pop()
        if id(child) not in seen:
            seen[id(child)] = child
            stack.extend(child.children())
    return list(seen.values())


def _select(namespace: dict[str, Any], name: str | None, file: Path) -> Workflow:
    shown = display_path(str(file))
    found = _workflows(namespace)
    names = [workflow.name for workflow in found]
    if name is not None:
        for workflow in found:
            if workflow.name == name:
                return workflow
        suggestion = did_you_mean(name, names)
        raise FlowdslError(
            [error("unknown-workflow", f"no workflow named '{name}'{suggestion}", FileLine(shown))]
        )
    if not found:
        message = (
            "no Workflow defined at module level (one inside a function or under 'if __name__' is not seen)"
        )
        raise FlowdslError([error("no-workflow", message, FileLine(shown))])
    if len(found) > 1:
        found = _outermost(found) or found
    if len(found) > 1:
        listed = ", ".join(f"'{w.name}' at {w.location}" for w in found)
        raise FlowdslError(
            [
                error(
                    "several-workflows",
                    f"several workflows ({listed}): pick one with --name",
                    FileLine(shown),
                )
            ]
        )
    return found[0]


def _unused_states(namespace: dict[str, Any], file: Path) -> list[Diagnostic]:
    """States (or chains, by their start) the file assigns to a module-level name but no
    workflow of the file reaches.

    In ASL such a state would be unreachable; in the DSL it is simply left out of the output,
    so a forgotten `>>` would go unnoticed without this warning.
    """
    used = {id(state) for workflow in _workflows(namespace) for state in workflow.states()}
    target = file.resolve()
    named = [value.start if isinstance(value, Chain) else value for value in namespace.values()]
    unused = {
        id(state): state
        for state in named
        if isinstance(state, State)
        and id(state) not in used
        and Path(state.location.file).resolve() == target
    }
    return [
        warning(
            "unused-state",
            f"state '{state.name}' is not part of any workflow: chain it with '>>' or remove it",
            state.location,
        )
        for state in unused.values()
    ]


def _workflows(namespace: dict[str, Any]) -> list[Workflow]:
    unique = {id(value): value for value in namespace.values() if isinstance(value, Workflow)}
    return list(unique.values())


def import_file(file: Path) -> dict[str, Any]:
    """Run a Python file as a module and return its namespace; errors become one located line."""
    module_name = file.stem if file.stem.isidentifier() and file.stem not in sys.modules else "_flowdsl_user"
    spec = importlib.util.spec_from_file_location(module_name, file)
    if spec is None or spec.loader is None:
        raise FlowdslError(
            [error("unreadable-file", "cannot import this file", FileLine(display_path(str(file))))]
        )
    module = importlib.util.module_from_spec(spec)
    with _importing(module_name, module, file):
        try:
            spec.loader.exec_module(module)
        except FlowdslError:
            raise
        except SyntaxError as exc:
            where = FileLine(display_path(exc.filename or str(file)), exc.lineno)
            raise FlowdslError([error("python-syntax-error", f"syntax error: {exc.msg}", where)]) from None
        except (Exception, SystemExit) as exc:
            raise FlowdslError([_python_error(exc, file)]) from None
    return vars(module)


@contextmanager
def _importing(module_name: str, module: ModuleType, file: Path) -> Iterator[None]:
    """Put the module and its import paths in place for the import only.

    What the file prints goes to stderr: a command's stdout holds only its own output
    (`flowdsl compile x.py -o -`, `--format json`), whatever the file does at import.
    """
    saved_path = list(sys.path)
    sys.path[:0] = [str(file.resolve().parent), os.getcwd(), *_project_root(file)]
    sys.modules[module_name] = module
    try:
        with redirect_stdout(sys.stderr):
            yield
    finally:
        sys.modules.pop(module_name, None)
        sys.path[:] = saved_path


def _project_root(file: Path) -> list[str]:
    for folder in file.resolve().parents:
        if (folder / "pyproject.toml").is_file():
            return [str(folder)]
    return []


def _python_error(exc: BaseException, file: Path) -> Diagnostic:
    frames = traceback.extract_tb(exc.__traceback__)
    target = file.resolve()
    in_file = [f for f in frames if Path(f.filename).resolve() == target] or frames[-1:]
    last = in_file[-1] if in_file else None
    where = FileLine(display_path(last.filename), last.lineno) if last else FileLine(display_path(str(file)))
    detail = str(exc).splitlines()[0] if str(exc) else ""
    message = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return error("python-error", f"the file raised {message}{hint(exc)}", where)


def load_asl(file: Path, resources: ResourceScheme | None = None) -> Source:
    """A Source from an ASL JSON file; structure problems are located `file:LINE /pointer`."""
    document = read_asl(file)
    data = _substitute(document.data, resources) if resources is not None else document.data
    try:
        machine = parse_machine(data)
    except ValidationError:
        from flowdsl.checks import check_document  # noqa: PLC0415 - the full report only on failure

        # Reading order, as `flowdsl validate` reports the same file (checks.api.check_file).
        found = document.in_reading_order(check_document(data))
        raise FlowdslError(document.localise(found)) from None
    locations = {pointer: document.locate(pointer) for pointer in _pointers(data)}
    return Source(file.name.split(".")[0], machine, document.path, locations)


def _pointers(value: Any, pointer: str = "") -> Iterator[str]:
    yield pointer
    for where, item in json_children(value, pointer):
        yield from _pointers(item, where)


def _substitute(value: Any, resources: ResourceScheme) -> Any:
    """Replace `${NameArn}` Task resources per the scheme, at any depth."""
    if isinstance(value, list):
        return [_substitute(item, resources) for item in value]
    if not isinstance(value, dict):
        return value
    result = {key: _substitute(item, resources) for key, item in value.items()}
    resource = result.get("Resource")
    if result.get("Type") == "Task" and isinstance(resource, str) and resource.startswith("${"):
        function = lambda_function_name(resource)
        if function is not None:
            result["Resource"] = resources.resolve(function)
    return result


__all__ = ["AslDocument", "find_workflow", "import_file", "load_asl", "load_python", "load_source"]
