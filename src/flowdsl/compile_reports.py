"""What the compiler reports: problems of a workflow that the DSL can express but ASL cannot hold.

Each function words one kind of diagnostic (its code in `flowdsl.codes`) from what the
compiler found; `compiler.py` decides when to ask, and where the problem is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from flowdsl.diagnostics import Diagnostic, error, warning
from flowdsl.dsl.base import State
from flowdsl.dsl.task import Task
from flowdsl.locations import Location
from flowdsl.source import Handler

if TYPE_CHECKING:
    from flowdsl.dsl.workflow import Workflow


def duplicate_state(first: State, second: State) -> Diagnostic:
    return error(
        "duplicate-state-name",
        f"state name '{second.name}' is used by two different states "
        f"(first at {first.location}, again at {second.location})",
        second.location,
    )


def two_scopes(state: State, first_scope: str, second_scope: str) -> Diagnostic:
    """`state` reached from two scopes, each described ("the workflow", "branch 0 of 'P'")."""
    return error(
        "state-in-two-scopes",
        f"state '{state.name}' is reached from {first_scope} and from {second_scope}; a state "
        "belongs to one scope, and a branch or map processor cannot transition outside itself",
        state.location,
    )


def conflicting_handlers(task: Task, name: str) -> Diagnostic:
    return error(
        "conflicting-handlers",
        f"lambda function '{name}' is given two different handlers (task '{task.name}')",
        task.location,
    )


def unpackageable(task: Task, name: str, handler: Handler) -> list[Diagnostic]:
    """A warning now about a handler `flowdsl deploy` will refuse: one it cannot import by name."""
    qualname = getattr(handler, "__qualname__", "")
    if "<lambda>" not in qualname and "<locals>" not in qualname:
        return []
    kind = "a lambda expression" if "<lambda>" in qualname else "defined inside a function"
    message = (
        f"the handler of lambda function '{name}' (task '{task.name}') is {kind}: it runs "
        "locally, but deploy cannot package it (define it as a module-level function)"
    )
    return [warning("handler-not-packageable", message, task.location)]


def unreadable_models(owner: str, declared: tuple[Any, Any], location: Location) -> list[Diagnostic]:
    """An error for each model given as `input_model=`/`output_model=` that pydantic cannot
    read as a JSON type: checking against it, now or at run time, could not work."""
    found = []
    for keyword, model in zip(("input_model", "output_model"), declared, strict=True):
        if model is None:
            continue
        from flowdsl.typeflow.schema import unreadable  # noqa: PLC0415 - loads pydantic's schema

        problem = unreadable(model)
        if problem is not None:
            name = getattr(model, "__name__", None) or repr(model)
            message = f"{owner}: {keyword}={name} is not a type pydantic can read: {problem}"
            found.append(error("unreadable-model", message, location))
    return found


def nested_cycle(task: Task, loop: list[Workflow]) -> Diagnostic:
    """`task` starts `loop[0]`, which (through the rest of `loop`) starts the task's workflow."""
    names = " -> ".join(f"'{w.name}'" for w in [*loop, loop[0]])
    message = (
        f"task '{task.name}' starts workflow '{loop[0].name}', which starts this one: {names}; "
        "nested workflows cannot form a cycle (deploy could create neither first): "
        "start one of them by its ARN instead"
    )
    return error("nested-workflow-cycle", message, task.location)


def same_key(task: Task, key: str, other: str) -> Diagnostic:
    """`task` starts a workflow whose placeholder key is also `other`'s (described)."""
    message = (
        f"task '{task.name}' starts workflow '{task.starts.name if task.starts else key}', "
        f"whose placeholder '${{{key}Arn}}' is also {other}'s: rename one of them"
    )
    return error("nested-workflow-name-conflict", message, task.location)


def shared_names(
    workflows: Mapping[str, Workflow], functions: Iterable[str], location: Location
) -> list[Diagnostic]:
    """A nested workflow's placeholder must not be a Lambda function's too (`${XArn}`), in any
    workflow of the tree (deploy substitutes both in every definition)."""
    return [
        error(
            "nested-workflow-name-conflict",
            f"nested workflow '{workflows[key].name}' and lambda function '{key}' "
            f"would both be written '${{{key}Arn}}': rename one of them",
            location,
        )
        for key in sorted(set(workflows) & set(functions))
    ]


def unused_bindings(names: Iterable[str], location: Location) -> list[Diagnostic]:
    return [
        warning(
            "unused-resource-binding", f"resource binding '{name}' matches no task's function_name", location
        )
        for name in names
    ]


def model_problems(data: dict[str, Any]) -> list[Diagnostic]:
    """Every problem of a definition the model rejects: its structure errors and, as for a
    hand-written ASL file, the graph and semantic ones, so one broken field hides nothing."""
    from flowdsl.checks import check_document  # noqa: PLC0415 - only when the model refuses

    return check_document(data)


def relocated(diagnostics: list[Diagnostic], locations: Mapping[str, Location]) -> list[Diagnostic]:
    """Structure errors are found by JSON Pointer; point the user at the Python line instead
    (`locations`: the compiler's source map, which always has the workflow's own, "")."""
    found: list[Diagnostic] = []
    for diagnostic in diagnostics:
        probe: str = diagnostic.location
        while probe not in locations:
            probe = probe.rpartition("/")[0]
        field_pointer = diagnostic.location[len(probe) :]
        message = f"{diagnostic.message} (at {field_pointer})" if field_pointer else diagnostic.message
        found.append(replace(diagnostic, message=message, location=locations[probe]))
    return found
