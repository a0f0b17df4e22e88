"""`flowdsl.run`: run a workflow locally from Python, the way `flowdsl run` does from the shell.

Accepts a DSL `Workflow`, a decoded ASL document, a `StateMachine`, a `Source`, or the path
of a `.py` / `.asl.json` file. The definition is validated first and refused with its
diagnostics when it has errors, then handed to `flowdsl.engine.execute`.

Lambda handlers are bound by function name, later sources winning:
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
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias, Unpack

from pydantic import ValidationError

from flowdsl.checks import check_document, validate_source
from flowdsl.diagnostics import Diagnostic, FlowdslError, did_you_mean, error
from flowdsl.engine import Execution, execute
from flowdsl.engine.errors import UnboundTaskError
from flowdsl.engine.mocks import MockSpec
from flowdsl.engine.runner import NO_INPUT, EngineOptions, checked_options
from flowdsl.loader import load_source
from flowdsl.model import StateMachine, TaskState, iter_states
from flowdsl.model.integrations.call import invokes_lambda
from flowdsl.model.resources import lambda_function_name, names_states
from flowdsl.run_cache import derived, parse_document, runnable_workflow, validated
from flowdsl.source import Handler, Source

if TYPE_CHECKING:
    from flowdsl.dsl import Workflow

HandlerBindings = Mapping[str, Handler | str] | Iterable[str]
Definition: TypeAlias = "Workflow | Source | StateMachine | Mapping[str, Any] | str | os.PathLike[str]"
"""What `flowdsl.run` runs: a DSL Workflow, a Source, a parsed or decoded machine, or a file path."""


def run(
    definition: Definition,
    input: Any = NO_INPUT,
    *,
    handlers: HandlerBindings | None = None,
    mocks: Mapping[str, MockSpec] | None = None,
    check_types: bool = False,
    **engine_options: Unpack[EngineOptions],
) -> Execution:
    """Run `definition` locally on `input` and return the finished `Execution`.

    `input` is any JSON value (`None` is JSON `null`); left out, the input is `{}`, as for a
    StartExecution call without one.

    Raises FlowdslError (with every diagnostic) when the definition fails validation, a
    handler binding cannot be resolved, a mock names a state the machine does not have, or
    the execution reaches a Task with neither handler nor mock (as Step Functions Local, only
    the states a path reaches need one). `engine_options` go to `flowdsl.engine.execute`
    (`clock=`, `context=`, `name=`, `seed=`, ...; any other keyword is refused with
    `run-option-unknown`). `check_types=True` validates the execution input and
    each typed Task's input and result against their models (docs/types.md).
    """
    options = checked_options(engine_options)
    source = runnable(definition)
    mocks = dict(mocks or {})
    if mocks:
        check_mocked_states(source.definition, mocks)
    bound = bind_handlers(source, handlers, mocked=set(mocks))
    if source.children and options.get("task_hook") is None:
        source, options["task_hook"] = _nested_run(source, handlers, options.get("name"))
    if check_types:
        from flowdsl.typeflow import runtime  # noqa: PLC0415 - only when asked

        runtime.check_execution_input(source, input)
        bound = runtime.checked_handlers(source, bound)
        mocks = runtime.checked_mocks(source, mocks)
        options["result_checks"] = runtime.result_checks(source)
    try:
        return execute(source.definition, input, handlers=bound, mocks=mocks, **options)
    except UnboundTaskError as exc:
        raise explain_unbound(exc, source, unbound_calls(source.definition, bound, set(mocks))) from None


def _nested_run(source: Source, handlers: HandlerBindings | None, name: str | None) -> tuple[Source, Any]:
    """A workflow starting nested workflows: they run on our engine too (`flowdsl.service.local`),
    each valid and with its own handlers (explicit bindings apply to them as well)."""
    from flowdsl.service.local import nested_run  # noqa: PLC0415 - only for nested workflows

    children = [refuse_invalid(child) for child in source.nested().values()]
    bound = {f: h for child in children for f, h in bind_handlers(child, handlers, mocked=set()).items()}
    return nested_run(source, bound, name)


def runnable(definition: Definition) -> Source:
    """The validated `Source` of any accepted definition; raises FlowdslError when it is invalid.

    A DSL Workflow equal to one run before (by `flowdsl.fingerprint`) is not compiled again.
    """
    if isinstance(definition, Mapping):
        # The same document parses to the same model (`parse_document`), whose valid Source
        # is kept with it: a repeated run builds no Source and looks nothing else up.
        return derived(_parsed_document(definition), "valid-source", _valid_source)
    if isinstance(definition, Source | StateMachine | str | os.PathLike):
        return refuse_invalid(as_source(definition))
    return runnable_workflow(definition, lambda workflow: refuse_invalid(_source_from_workflow(workflow)))


def _valid_source(machine: StateMachine) -> Source:
    return refuse_invalid(Source(name="", definition=machine))


def as_source(definition: Definition) -> Source:
    """Turn any accepted definition into a `Source` (compiling, loading or parsing as needed)."""
    if isinstance(definition, Source):
        return definition
    if isinstance(definition, StateMachine):
        return Source(name="", definition=definition)
    if isinstance(definition, Mapping):
        return _source_from_document(definition)
    if isinstance(definition, str | os.PathLike):
        return load_source(Path(definition))
    return _source_from_workflow(definition)


def refuse_invalid(source: Source) -> Source:
    """The source to run; raises FlowdslError with the error diagnostics when it fails validation.

    A definition already validated (the same content) is not checked again, and the source
    returned carries that first model, so the engine reuses its plan (`flowdsl.run_cache`).
    """
    if not any(d.is_error for d in source.diagnostics):
        machine, problems = validated(source.definition)
        if not problems:
            return source if machine is source.definition else replace(source, definition=machine)
    problems = [d for d in validate_source(source) if d.is_error]  # located, in reading order
    if problems:
        raise FlowdslError(problems)
    return source


def check_mocked_states(machine: StateMachine, mocks: Mapping[str, Any]) -> None:
    """Every mocked name must be a state of the machine (a typo would silently not mock)."""
    names = sorted({name for _, name, _ in iter_states(machine)})
    unknown = [
        error("mock-state-unknown", f"mock for '{name}' matches no state{did_you_mean(name, names)}")
        for name in mocks
        if name not in names
    ]
    if unknown:
        raise FlowdslError(unknown)


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


def explain_unbound(exc: UnboundTaskError, source: Source, unbound: list[tuple[str, str]]) -> FlowdslError:
    """The engine's `unbound-task`, told the way a CLI or ASL user fixes it, at the state's place."""
    functions = {state: function for function, state in unbound}
    return FlowdslError([_explained(d, exc.state, source, functions) for d in exc.diagnostics])


def _explained(diagnostic: Diagnostic, task: str, source: Source, functions: Mapping[str, str]) -> Diagnostic:
    for pointer, name, state in iter_states(source.definition):
        if not (isinstance(state, TaskState) and name == task):
            continue
        where = source.locate(pointer)
        if name in functions:
            return _missing(functions[name], name).relocated(where)
        if _is_service_integration(state):
            return _service_unmocked(name, str(state.resource)).relocated(where)
        return diagnostic.relocated(where)
    return diagnostic


def _missing(function: str, state: str) -> Diagnostic:
    module = module_for_function(function)
    return error(
        "handler-missing",
        f"no handler for Lambda function '{function}' used by state '{state}' "
        f"(bind one with --handlers module:function={function}, add lambdas/{module}.py, or mock the state)",
    )


def _service_unmocked(state: str, resource: str) -> Diagnostic:
    # flowdsl never calls AWS; Step Functions Local would call the real service here.
    return error(
        "unbound-task",
        f"state '{state}' calls '{resource}', which runs only on aws: mock the state "
        "(in the test case of a --mock file, or with mocks=)",
    )


def _is_service_integration(state: TaskState) -> bool:
    """A Step Functions resource (an integration or an activity), in any partition, other than
    the Lambda integration, whose function a handler stands in for."""
    return names_states(state.resource) and not invokes_lambda(state.resource)


def _source_from_document(data: Mapping[str, Any]) -> Source:
    return Source(name="", definition=_parsed_document(data))


def _parsed_document(data: Mapping[str, Any]) -> StateMachine:
    try:
        return parse_document(data)
    except ValidationError:
        problems = [d for d in check_document(dict(data)) if d.is_error]
        raise FlowdslError(
            problems or [error("invalid-definition", "the definition is not valid ASL")]
        ) from None


def _source_from_workflow(workflow: object) -> Source:
    from flowdsl.dsl import Workflow  # noqa: PLC0415 - the DSL is only needed when given a Workflow

    if not isinstance(workflow, Workflow):
        kind = type(workflow).__name__
        accepted = "a Workflow, an ASL dict, a StateMachine, a Source or a file path"
        raise _fail("run-definition-type", f"cannot run a '{kind}': pass {accepted}")
    from flowdsl.compiler import compile_workflow  # noqa: PLC0415 - as above

    return compile_workflow(workflow)


# --- handler bindings -------------------------------------------------------------------

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
    if any(_function_of(task) is None and not _is_service_integration(task) for task in tasks):
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
