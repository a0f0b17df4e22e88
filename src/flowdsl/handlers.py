"""Lambda handlers for a local run: bound by function name, later sources winning.

1. discovered: `lambdas/<module>.py` beside the definition (or in the working directory),
   by the naming rule of `module_for_function` (`OpenCaseFunction` -> `open_case.py`);
2. the definition's own (`Source.handlers`, filled by the DSL);
3. explicit: `handlers={"OpenCaseFunction": fn}` or `"module:function=OpenCaseFunction"` strings.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from flowdsl.diagnostics import Diagnostic, FlowdslError, did_you_mean, error
from flowdsl.model import StateMachine, TaskState, iter_states
from flowdsl.model.integrations.call import invokes_lambda
from flowdsl.model.resources import lambda_function_name, names_states
from flowdsl.run_cache import derived
from flowdsl.source import Handler, Source

HandlerBindings = Mapping[str, Handler | str] | Iterable[str]


def bind_handlers(
    source: Source, explicit: HandlerBindings | None, *, mocked: set[str]
) -> dict[str, Handler]:
    """The handlers for the run: explicit over the definition's own over discovered ones.

    Discovery looks only for the Lambda functions an unmocked Task names and nothing else
    binds, so it imports just the modules the run may call. A source whose own handlers bind
    every call is adapted once (nothing changes a Source once it is built).
    """
    if not explicit and not mocked:
        own = derived(source, "own-handlers", _own_handlers)
        if own is not None:
            return dict(own)
    return _bind(source, explicit, mocked)


def _bind(source: Source, explicit: HandlerBindings | None, mocked: set[str]) -> dict[str, Handler]:
    given = {**source.handlers, **(parse_bindings(explicit) if explicit else {})}
    wanted = sorted({function for function, _ in unbound_calls(source.definition, given, mocked)})
    folders = lambda_folders(source.origin) if wanted else []
    found = {f: handler for f in wanted if (handler := discover(f, folders)) is not None}
    bound = {**found, **given}
    if not bound:
        return bound
    from flowdsl.typeflow.lambda_adapter import adapt  # noqa: PLC0415 - pydantic-typed handlers (docs/types.md)

    return {name: derived(handler, "adapted", adapt) for name, handler in bound.items()}


def _own_handlers(source: Source) -> dict[str, Handler] | None:
    """The source's own handlers, adapted, when they bind every Lambda call; else None (the
    run discovers the others from the file system, which may change between runs)."""
    if unbound_calls(source.definition, source.handlers, set()):
        return None
    return _bind(source, None, set())


def unbound_calls(machine: StateMachine, bound: Mapping[str, Any], mocked: set[str]) -> list[tuple[str, str]]:
    """`(function, state)` of each unmocked Lambda Task with no handler by function name or Resource."""
    return [
        (function, state)
        for function, state, resource in _lambda_calls(machine)
        if state not in mocked and function not in bound and resource not in bound
    ]


_DEFAULT_ATTRIBUTES = ("handler", "lambda_handler")  # flowdsl's, then AWS's console default


def parse_bindings(explicit: HandlerBindings) -> dict[str, Handler]:
    """Function name -> handler from callables or `module:function[=FunctionName]` strings.

    Without `=FunctionName` the name follows the module naming rule (`open_case` ->
    `OpenCaseFunction`).
    """
    if isinstance(explicit, Mapping):
        return {name: load_handler(h) if isinstance(h, str) else h for name, h in explicit.items()}
    return dict(parse_binding(text) for text in explicit)


def parse_binding(text: str) -> tuple[str, Handler]:
    """One `module:function=FunctionName` (or `path/to/file.py:function=...`) binding."""
    target, has_name, name = text.partition("=")
    module, _, attribute = target.partition(":")
    if not module or not attribute or (has_name and not name):
        shape = "'module:function=FunctionName'"
        raise _fail("handler-binding-invalid", f"handler binding '{text}' must look like {shape}")
    return (name or function_for_module(_module_stem(module))), load_handler(target)


def load_handler(target: str) -> Handler:
    """Import `module:function` (a dotted module or a `.py` path) and return the function."""
    module_name, _, attribute = target.rpartition(":")
    module = _import(module_name)
    handler = getattr(module, attribute, None)
    if not callable(handler):
        functions = sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("_"))
        hint = did_you_mean(attribute, functions)
        raise _fail("handler-not-found", f"module '{module_name}' has no function '{attribute}'{hint}")
    return handler  # type: ignore[no-any-return]


def function_for_module(stem: str) -> str:
    """The naming rule: `open_case` -> `OpenCaseFunction` (CamelCase of the module + `Function`)."""
    return "".join(part[:1].upper() + part[1:] for part in stem.split("_") if part) + "Function"


def module_for_function(function: str) -> str:
    """The inverse rule: `OpenCaseFunction` -> `open_case` (also `open-case` -> `open_case`)."""
    stem = function.removesuffix("Function") or function
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", stem)
    return snake.replace("-", "_").lower()


def unused_bindings(machine: StateMachine, names: Iterable[str]) -> list[Diagnostic]:
    """`handler-unused` for each bound name that no Task calls, by function name or Resource.

    A typo in an explicit binding would otherwise go unnoticed while discovery quietly runs
    another handler. Nothing is reported when a Task picks its function at run time.
    """
    tasks = [state for _, _, state in iter_states(machine) if isinstance(state, TaskState)]
    if any(_function_of(task) is None and not is_service_integration(task) for task in tasks):
        return []  # a `FunctionName.$` chosen at run time may be any function
    known = sorted({function for function, _, _ in _lambda_calls(machine)} | {str(t.resource) for t in tasks})
    return [
        error(
            "handler-unused",
            f"a handler is bound to '{name}', which no Task calls{did_you_mean(name, known)}",
        )
        for name in names
        if name not in known
    ]


def is_service_integration(state: TaskState) -> bool:
    """A Step Functions resource (an integration or an activity), in any partition, other than
    the Lambda integration, whose function a handler stands in for."""
    return names_states(state.resource) and not invokes_lambda(state.resource)


def lambda_functions(machine: StateMachine) -> dict[str, list[str]]:
    """Lambda function name -> the states calling it, for the names fixed in the definition.

    Both Resource styles count: a Lambda ARN (or `${NameArn}` placeholder / bare name) and
    `arn:aws:states:::lambda:invoke` with a literal `FunctionName` parameter.
    """
    out: dict[str, list[str]] = {}
    for function, state, _ in _lambda_calls(machine):
        out.setdefault(function, []).append(state)
    return out


def _lambda_calls(machine: StateMachine) -> tuple[tuple[str, str, str], ...]:
    """`(function, state name, Resource)` of every Task whose Lambda function is fixed."""
    return derived(machine, "lambda-calls", _find_lambda_calls)


def _find_lambda_calls(machine: StateMachine) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (function, name, str(state.resource))
        for _, name, state in iter_states(machine)
        if isinstance(state, TaskState) and (function := _function_of(state)) is not None
    )


def lambda_folders(origin: str) -> list[Path]:
    """Where discovery looks: `lambdas/` beside the definition, then in the working directory."""
    candidates = [Path(origin).resolve().parent / "lambdas"] if origin else []
    candidates.append(Path.cwd() / "lambdas")
    return list(dict.fromkeys(c for c in candidates if c.is_dir()))


def discover(function: str, folders: Iterable[Path]) -> Handler | None:
    """The handler for `function` from `<folder>/<module>.py`, if such a module exists."""
    for folder in folders:
        path = folder / f"{module_for_function(function)}.py"
        if path.is_file():
            module = _import_file(path)
            for attribute in _DEFAULT_ATTRIBUTES:
                if callable(handler := getattr(module, attribute, None)):
                    return handler  # type: ignore[no-any-return]
            raise _fail("handler-not-found", f"'{path}' defines neither 'handler' nor 'lambda_handler'")
    return None


def _function_of(state: TaskState) -> str | None:
    if not isinstance(state.resource, str):
        return None
    if invokes_lambda(state.resource):
        arguments = state.parameters if isinstance(state.parameters, dict) else state.arguments
        name = arguments.get("FunctionName") if isinstance(arguments, dict) else None
        return lambda_function_name(name) if isinstance(name, str) else None
    if names_states(state.resource):
        return None  # another service integration: only mocks can stand in for it
    return lambda_function_name(state.resource)


def _module_stem(module: str) -> str:
    return Path(module).stem if module.endswith(".py") else module.rpartition(".")[2]


def _import(module_name: str) -> ModuleType:
    if module_name.endswith(".py"):
        return _import_file(Path(module_name))
    if os.getcwd() not in sys.path:
        sys.path.append(os.getcwd())  # `flowdsl run` users name modules relative to where they are
    try:
        return importlib.import_module(module_name)
    except Exception as exc:
        raise _import_failed(module_name, exc) from None


def _import_file(path: Path) -> ModuleType:
    """Import a handler file; inside a package it is imported as one, so patches apply to it."""
    path = path.resolve()
    if (path.parent / "__init__.py").is_file() and _resolves_to(path.parent):
        return _import(f"{path.parent.name}.{path.stem}")
    name = f"flowdsl_handler_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise _fail("handler-import-failed", f"cannot import handler file '{path}'")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look their module up by name
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise _import_failed(str(path), exc) from None
    return module


def _resolves_to(package: Path) -> bool:
    """Whether importing `package.name` finds this very folder (another `lambdas` may come first)."""
    if str(package.parent) not in sys.path:
        sys.path.append(str(package.parent))
    try:
        spec = importlib.util.find_spec(package.name)
    except (ImportError, ValueError):
        return False
    return spec is not None and str(package) in list(spec.submodule_search_locations or [])


def _import_failed(what: str, exc: Exception) -> FlowdslError:
    return _fail(
        "handler-import-failed", f"cannot import handler module '{what}': {type(exc).__name__}: {exc}"
    )


def _fail(code: str, message: str) -> FlowdslError:
    return FlowdslError([error(code, message)])
