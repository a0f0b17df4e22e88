"""The checker: every rule over the model, for DSL workflows and hand-written ASL alike.

Rules are small pure functions `(Context) -> Iterable[Diagnostic]` collected in `RULES`;
each diagnostic has a stable code (see `catalogue.CODES`) and a JSON Pointer location.
"""

from __future__ import annotations

import json
from typing import Any

from flowdsl.checks import (
    choice,
    distributed,
    errors,
    fields,
    graph,
    integrations,
    languages,
    paths,
    resources,
    variables,
)
from flowdsl.checks.catalogue import CODES, report
from flowdsl.checks.context import Context, Rule
from flowdsl.checks.hints import explain
from flowdsl.checks.lenient import parse_lenient
from flowdsl.checks.shape import shape_problems
from flowdsl.diagnostics import Diagnostic, json_noun
from flowdsl.model import StateMachine
from flowdsl.source import Source

RULES: tuple[Rule, ...] = (
    *fields.RULES,
    *distributed.RULES,
    *graph.RULES,
    *choice.RULES,
    *errors.RULES,
    *paths.RULES,
    *languages.RULES,
    *variables.RULES,
    *resources.RULES,
    *integrations.RULES,
)


def check(machine: StateMachine) -> list[Diagnostic]:
    """Every rule over a parsed machine; locations are JSON Pointers."""
    unwalkable = shape_problems(machine)
    if unwalkable:
        return unwalkable
    ctx = Context(machine)
    return [diagnostic for rule in RULES for diagnostic in rule(ctx)]


def check_document(data: Any) -> list[Diagnostic]:
    """A raw decoded document: structure errors and, even when those exist, all other rules."""
    if not isinstance(data, dict):
        return [report("not-an-object", f"a state machine is a JSON object, not {json_noun(data)}", "")]
    unwalkable = shape_problems(data)
    if unwalkable:
        return unwalkable
    try:
        parsed = parse_lenient(data)
        found = [*_size(data), *explain(data, parsed.structure)]
        if parsed.machine is None:
            return found
        return found + [d for d in check(parsed.machine) if parsed.keeps(d)]
    except RecursionError:
        # Thousands of nested objects: no real definition looks like this, and walking it
        # would exhaust Python's stack. One clear error instead of a traceback.
        return [report("nesting-too-deep", "the document nests objects or arrays too deeply to check", "")]


# AWS hard quota "Maximum size of a state machine definition: 1 MB" (Step Functions quotas).
MAX_DEFINITION_BYTES = 1024 * 1024


def _size(data: dict[str, Any]) -> list[Diagnostic]:
    size = len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())
    if size <= MAX_DEFINITION_BYTES:
        return []
    return [
        report(
            "definition-too-large",
            f"the definition is {size} bytes without whitespace; Step Functions accepts at most "
            f"{MAX_DEFINITION_BYTES}",
            "",
        )
    ]


def validate_source(source: Source) -> list[Diagnostic]:
    """Everything about a Source (its build diagnostics too), located at the user's places."""
    from flowdsl.typeflow import type_diagnostics  # noqa: PLC0415 - loads only for typed workflows

    checked = check(source.definition)
    if any(d.code == "state-in-two-scopes" for d in source.diagnostics):
        # The compiler put the shared state in one scope, which can leave the other with no
        # states; that is the same mistake, already reported at the state's line.
        checked = [d for d in checked if d.code != "empty-states"]
    found = [*source.diagnostics, *source.localise([*checked, *type_diagnostics(source)])]
    for child in source.children.values():  # nested workflows, at their own lines
        found += [d for d in validate_source(child) if d not in found]
    # Reading order, as for ASL files: by file and line (`file.py:12` for a workflow,
    # `file.asl.json:12 /States/A` for an ASL file, so `run` lists an ASL file's problems in
    # the same order as `validate`); the sort is stable, so rule order breaks ties and
    # diagnostics without a line keep their place at the front.
    return sorted(found, key=lambda d: d.location.sort_key())


__all__ = ["CODES", "RULES", "check", "check_document", "validate_source"]
