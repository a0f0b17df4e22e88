"""`flowdsl.run`: run a workflow locally from Python, the way `flowdsl run` does from the shell.

Accepts a DSL `Workflow`, a decoded ASL document, a `StateMachine`, a `Source`, or the path
of a `.py` / `.asl.json` file. The definition is validated first and refused with its
diagnostics when it has errors, then handed to `flowdsl.engine.execute`.

Lambda handlers are bound by function name (`flowdsl.handlers`): discovered in `lambdas/`,
then the definition's own, then explicit ones.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, Unpack

from pydantic import ValidationError

from flowdsl.checks import check_document, validate_source
from flowdsl.diagnostics import Diagnostic, FlowdslError, did_you_mean, error
from flowdsl.engine import Execution, execute
from flowdsl.engine.errors import UnboundTaskError
from flowdsl.engine.mocks import MockSpec
from flowdsl.engine.runner import NO_INPUT, EngineOptions, checked_options
from flowdsl.handlers import (
    HandlerBindings,
    bind_handlers,
    is_service_integration,
    module_for_function,
    unbound_calls,
)
from flowdsl.loader import load_source
from flowdsl.model import StateMachine, TaskState, iter_states
from flowdsl.run_cache import derived, parse_document, runnable_workflow, validated
from flowdsl.source import Source

if TYPE_CHECKING:
    from flowdsl.dsl import Workflow

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
        if is_service_integration(state):
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
        raise FlowdslError([error("run-definition-type", f"cannot run a '{kind}': pass {accepted}")])
    from flowdsl.compiler import compile_workflow  # noqa: PLC0415 - as above

    return compile_workflow(workflow)
