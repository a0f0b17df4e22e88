"""Graph rules: StartAt, transition targets, reachability, exits, names and nesting.

Each Parallel branch and Map processor is a self-contained state machine: its transitions
stay inside it and it has its own StartAt and terminal state (ASL spec, "Parallel State"
and "Map State"). State names are unique across the whole machine, nested scopes included
(AWS error DUPLICATE_STATE_NAME), and are 1 to 80 characters long.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import deque
from collections.abc import Iterator

from flowdsl.checks.catalogue import report, report_mention
from flowdsl.checks.context import Context, StateRef
from flowdsl.diagnostics import Diagnostic, Mention, did_you_mean
from flowdsl.locations import Pointer

MAX_NAME_LENGTH = 80
# No AWS quota caps nesting; past this depth a definition is hard to read and test.
READABLE_DEPTH = 5


def start_at(ctx: Context) -> Iterator[Diagnostic]:
    """`StartAt` of the machine and of every branch/processor names a state of that scope."""
    for scope in ctx.scopes:
        names = list(scope.body.states)
        if scope.body.start_at not in scope.body.states and names:
            hint = did_you_mean(scope.body.start_at, names)
            yield report(
                "unknown-start-at",
                f"'StartAt' names state '{scope.body.start_at}', which is not in this scope{hint}",
                f"{scope.pointer}/StartAt",
            )


def empty_scopes(ctx: Context) -> Iterator[Diagnostic]:
    """A machine, branch or processor must define at least one state."""
    for scope in ctx.scopes:
        if not scope.body.states:
            yield report(
                "empty-states", "'States' is empty: define at least one state", f"{scope.pointer}/States"
            )


def targets(ctx: Context) -> Iterator[Diagnostic]:
    """Every Next/Default/Catch target exists, and in the same scope."""
    for refs in ctx.by_scope.values():
        local = {ref.name for ref in refs}
        for ref in refs:
            for edge in ref.transitions:
                if edge.target in local:
                    continue
                yield _bad_target(ctx, ref, edge.target, edge.pointer, sorted(local))


def _bad_target(ctx: Context, ref: StateRef, target: str, pointer: str, local: list[str]) -> Diagnostic:
    field = pointer.rsplit("/", 1)[-1]
    if target in ctx.all_names:
        return report(
            "transition-out-of-scope",
            f"state '{ref.name}' -> {field} '{target}' leaves its scope: Parallel branches and Map "
            "processors can only move between their own states",
            pointer,
        )
    return report(
        "unknown-target",
        f"state '{ref.name}' -> {field} '{target}' does not exist{did_you_mean(target, local)}",
        pointer,
    )


def reachability(ctx: Context) -> Iterator[Diagnostic]:
    """Every state is reachable from its scope's StartAt (not merely 'has an incoming edge')."""
    for scope in ctx.scopes:
        refs = ctx.by_scope[scope.pointer]
        if scope.body.start_at not in scope.body.states:
            continue
        seen = _walk(scope.body.start_at, _successors(ctx, scope.pointer))
        for ref in refs:
            if ref.name not in seen:
                yield report(
                    "unreachable-state",
                    f"state '{ref.name}' cannot be reached from 'StartAt' '{scope.body.start_at}'",
                    ref.pointer,
                )


def exits(ctx: Context) -> Iterator[Diagnostic]:
    """From every reachable state some path leads to a terminal state (no loop without exit)."""
    for scope in ctx.scopes:
        refs = ctx.by_scope[scope.pointer]
        if scope.body.start_at not in scope.body.states:
            continue
        forward = _successors(ctx, scope.pointer)
        reachable = _walk(scope.body.start_at, forward)
        backward: dict[str, list[str]] = {ref.name: [] for ref in refs}
        for source, nexts in forward.items():
            for target in nexts:
                backward[target].append(source)
        # A state whose transition is missing or broken is already reported; counting it as an
        # exit keeps one mistake from cascading into a report on every state before it.
        ends = [ref.name for ref in refs if ref.state.is_terminal or _broken(ref, forward[ref.name])]
        can_finish: set[str] = set()
        for end in ends:
            can_finish |= _walk(end, backward)
        stuck = [ref for ref in refs if ref.name in reachable and ref.name not in can_finish]
        if stuck:
            names = ", ".join(f"'{ref.name}'" for ref in stuck[:5]) + (" ..." if len(stuck) > 5 else "")
            yield report(
                "no-terminal-path",
                f"no path from state(s) {names} reaches a terminal state (a loop with no exit)",
                stuck[0].pointer,
            )


def _broken(ref: StateRef, nexts: list[str]) -> bool:
    declared = list(ref.transitions)
    return not declared or len(nexts) < len(declared)


def _successors(ctx: Context, scope_pointer: str) -> dict[str, list[str]]:
    # A misspelt target (already reported with its "did you mean") counts as an edge to the
    # suggested state, so the typo does not also make that state "unreachable". Computed once
    # per scope: reachability and exits both need it.
    cache: dict[str, dict[str, list[str]]] = ctx.memo.setdefault("successors", {})
    if scope_pointer not in cache:
        refs = ctx.by_scope[scope_pointer]
        local = sorted(ref.name for ref in refs)
        known = set(local)
        cache[scope_pointer] = {
            ref.name: [
                t for t in (_resolve(e.target, known, local, ctx) for e in ref.transitions) if t is not None
            ]
            for ref in refs
        }
    return cache[scope_pointer]


def _resolve(name: str, known: set[str], local: list[str], ctx: Context) -> str | None:
    # None for no edge; "" is a real target when a state is named "" (reported as empty).
    if name in known:
        return name
    if name in ctx.all_names:
        return None  # a state of another scope: reported as leaving the scope
    close = difflib.get_close_matches(name, local, n=1, cutoff=0.6)
    return close[0] if close else None


def _walk(start: str, graph: dict[str, list[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in graph.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def duplicate_names(ctx: Context) -> Iterator[Diagnostic]:
    """State names are unique across the whole machine, nested scopes included."""
    for name, pointers in ctx.all_names.items():
        for pointer in pointers[1:]:
            also = Mention(
                f"state name '{name}' is used twice: also at ",
                Pointer(pointers[0]),
                "; names must be unique across the whole machine, branches included",
            )
            yield report_mention("duplicate-state-name", also, pointer)


def names(ctx: Context) -> Iterator[Diagnostic]:
    """Names are 1..80 characters without control characters (AWS INVALID_STATE_NAME).

    AWS accepts format characters (Unicode category Cf: bidirectional overrides such as U+202E,
    zero-width spaces and joiners), but they make a name display as other text in the console,
    in diagrams and in reviews (the "Trojan Source" trick), so they are warned about.
    """
    for ref in ctx.states:
        problem = _name_problem(ref.name)
        if problem:
            yield report("invalid-state-name", f"state name '{_shown(ref.name)}' {problem}", ref.pointer)
        elif any(unicodedata.category(ch) == "Cf" for ch in ref.name):
            message = (
                f"state name '{_shown(ref.name)}' holds invisible or bidirectional format characters, "
                "which make it display as other text"
            )
            yield report("spoofable-state-name", message, ref.pointer)


def _name_problem(name: str) -> str:
    if not name:
        return "is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}"
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        return "contains control characters"
    return ""


def _shown(name: str) -> str:
    printable = name.encode("unicode_escape").decode("ascii")
    return printable if len(printable) <= 40 else printable[:37] + "..."


def nesting(ctx: Context) -> Iterator[Diagnostic]:
    """Warn at each scope that first goes deeper than READABLE_DEPTH levels of Parallel/Map."""
    for scope in ctx.scopes:
        depth = scope.pointer.count("/States/")
        if depth == READABLE_DEPTH + 1:
            yield report(
                "deep-nesting",
                f"Parallel/Map states are nested {depth} levels deep; consider splitting the machine",
                scope.pointer,
            )


RULES = (start_at, empty_scopes, targets, reachability, exits, duplicate_names, names, nesting)
