"""Workflow variables (ASL spec "State Machine Variables" and "Variable Scope").

- An `Assign` key is a variable name (JSONPath: `name` or `name.$`): at most 80 characters,
  a Unicode ID_Start character then ID_Continue characters (UAX #31); `states` is reserved.
- New values take effect when the assigning state finishes, so a state reads the values
  from its entry; a Catcher's Assign applies on that catch, a Choice rule's on that rule.
- Scopes: Parallel branches and inline Map iterations read the variables of the enclosing
  scope as they were when the Parallel/Map state started; what they assign stays inside.
  A Distributed Map's child workflows cannot read the parent's variables at all. Inner
  scopes never assign a name an outer scope assigns ("names ... MUST be unique").

A forward "definitely assigned" analysis over each scope's graph finds variables read on a
path where no state has assigned them yet.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from flowdsl.checks.catalogue import report
from flowdsl.checks.context import Context, StateRef, value_of
from flowdsl.checks.languages import jsonata_strings
from flowdsl.checks.references import called_functions, variables_read
from flowdsl.diagnostics import Diagnostic, did_you_mean
from flowdsl.model import Catcher, ChoiceState, MapState, Scope

RESERVED = {"states"}
MAX_NAME_LENGTH = 80


def valid_name(name: str) -> bool:
    """UAX #31 identifier (Python's `isidentifier` is XID-based but also lets `_` start one)."""
    return name.isidentifier() and not name.startswith("_") and len(name) <= MAX_NAME_LENGTH


def assigned_names(assign: dict[str, object] | None) -> set[str]:
    """The variable names an `Assign` object sets (a JSONPath `name.$` sets `name`)."""
    return {key.removesuffix(".$") for key in assign or {}}


def names(ctx: Context) -> Iterator[Diagnostic]:
    """Assign keys are UAX #31 identifiers of at most 80 characters, and not `states`."""
    for ref in ctx.states:
        for assign, pointer in _assigns(ref):
            for key in assign:
                name = key if ref.jsonata else key.removesuffix(".$")
                if not valid_name(name) or name in RESERVED:
                    yield report(
                        "invalid-variable-name",
                        f"'{key}' is not a valid variable name: start with a letter, then letters, digits "
                        "or '_', at most 80 characters (and not 'states')",
                        f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}",
                    )


def _assigns(ref: StateRef) -> Iterator[tuple[dict[str, object], str]]:
    state = ref.state
    own: dict[str, object] | None = value_of(state, "assign")
    if own:
        yield own, f"{ref.pointer}/Assign"
    for i, catcher in enumerate(_catchers(ref)):
        if catcher.assign:
            yield catcher.assign, f"{ref.pointer}/Catch/{i}/Assign"
    if isinstance(state, ChoiceState):
        for i, rule in enumerate(state.choices):
            if rule.assign:
                yield rule.assign, f"{ref.pointer}/Choices/{i}/Assign"


def _catchers(ref: StateRef) -> list[Catcher]:
    found: list[Catcher] = value_of(ref.state, "catch") or []
    return found


@dataclass(frozen=True, slots=True)
class _Flow:
    """A transition with the variables it assigns on the way."""

    target: str
    assigns: frozenset[str]


def assigned_before_use(ctx: Context) -> Iterator[Diagnostic]:
    """Every variable a state reads is assigned on every path from StartAt to it."""
    reads = {ref.pointer: list(variables_read(ref)) for ref in ctx.states}
    if not any(reads.values()):
        return
    everywhere = {
        name for ref in ctx.states for assign, _ in _assigns(ref) for name in assigned_names(assign)
    }
    yield from _scope(ctx, _Analysis(reads, everywhere), ctx.scopes[0], frozenset())


@dataclass(frozen=True, slots=True)
class _Analysis:
    """What every scope of one analysis shares: each state's reads and all assigned names."""

    reads: dict[str, list[tuple[str, str]]]
    everywhere: set[str]


def _scope(ctx: Context, run: _Analysis, scope: Scope, inherited: frozenset[str]) -> Iterator[Diagnostic]:
    refs = ctx.by_scope[scope.pointer]
    entry = _definitely_assigned(refs, scope.body.start_at, inherited)
    for ref in refs:
        if ref.name not in entry:
            continue  # unreachable: reported by the graph rules
        for name, pointer in run.reads[ref.pointer]:
            if name not in entry[ref.name]:
                yield _unassigned(ref, name, pointer, run.everywhere)
        for child in ctx.children.get(id(ref.state), []):
            yield from _scope(ctx, run, child, _visible(ref, entry[ref.name]))


def _visible(ref: StateRef, at_entry: frozenset[str]) -> frozenset[str]:
    state = ref.state
    processor = state.item_processor if isinstance(state, MapState) else None
    config = processor.processor_config if processor is not None else None
    distributed = config is not None and config.mode == "DISTRIBUTED"
    return frozenset() if distributed else at_entry


def _flows(ref: StateRef) -> list[_Flow]:
    state = ref.state
    own = assigned_names(value_of(state, "assign"))
    flows = []
    for edge in ref.transitions:
        assigns = own
        if "/Catch/" in edge.pointer:
            index = int(edge.pointer.rsplit("/Catch/", 1)[1].split("/")[0])
            assigns = assigned_names(_catchers(ref)[index].assign)
        elif "/Choices/" in edge.pointer and isinstance(state, ChoiceState):
            index = int(edge.pointer.rsplit("/Choices/", 1)[1].split("/")[0])
            assigns = own | assigned_names(state.choices[index].assign)
        flows.append(_Flow(edge.target, frozenset(assigns)))
    return flows


def _definitely_assigned(
    refs: list[StateRef], start: str, inherited: frozenset[str]
) -> dict[str, frozenset[str]]:
    """State name -> variables assigned on every path to its entry (reachable states only)."""
    flows = {ref.name: _flows(ref) for ref in refs}
    if start not in flows:
        return {}
    entry: dict[str, frozenset[str]] = {start: inherited}
    queue = deque([start])
    while queue:
        name = queue.popleft()
        for flow in flows[name]:
            if flow.target not in flows or flow.target == start:
                continue
            arriving = entry[name] | flow.assigns
            known = entry.get(flow.target)
            updated = arriving if known is None else known & arriving
            if updated != known:
                entry[flow.target] = updated
                queue.append(flow.target)
    return entry


def _unassigned(ref: StateRef, name: str, pointer: str, everywhere: set[str]) -> Diagnostic:
    why = (
        f"is never assigned{did_you_mean(name, sorted(everywhere))}"
        if name not in everywhere
        else f"may be unassigned when state '{ref.name}' runs: not every path to it assigns it in a "
        "scope this state can see"
    )
    return report("undefined-variable", f"variable '${name}' {why}", pointer)


def functions(ctx: Context) -> Iterator[Diagnostic]:
    """Calls to functions neither JSONata nor AWS defines (AWS accepts them, every run fails)."""
    for _, pointer, text in jsonata_strings(ctx):
        for name in sorted(called_functions(text)):
            yield report(
                "unknown-jsonata-function",
                f"'${name}' is not a JSONata or Step Functions function: the expression fails "
                "with States.QueryEvaluationError when it runs",
                pointer,
            )


def unique_across_scopes(ctx: Context) -> Iterator[Diagnostic]:
    """A branch or processor never assigns a variable an enclosing scope assigns."""
    own: dict[str, set[str]] = {scope.pointer: set() for scope in ctx.scopes}
    for ref in ctx.states:
        for assign, _ in _assigns(ref):
            own[ref.scope.pointer] |= assigned_names(assign)
    outer_of: dict[str, set[str]] = {}
    for ref in ctx.states:
        scope = ref.scope.pointer
        if scope not in outer_of:
            outer_of[scope] = _outer_names(own, scope)
        outer = outer_of[scope]
        for assign, pointer in _assigns(ref) if outer else ():
            for name in sorted(assigned_names(assign) & outer):
                yield report(
                    "shadowed-variable",
                    f"variable '{name}' is assigned in an enclosing scope; a Parallel branch or Map "
                    "processor may read it but not assign it (rename one)",
                    pointer,
                )


def _outer_names(own: dict[str, set[str]], scope_pointer: str) -> set[str]:
    return {
        name
        for pointer, names_ in own.items()
        if pointer != scope_pointer and scope_pointer.startswith(pointer + "/" if pointer else "")
        for name in names_
    }


RULES = (names, assigned_before_use, unique_across_scopes, functions)
