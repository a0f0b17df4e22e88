"""The top-level state machine and the helpers that walk its nested scopes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flowdsl.model.base import AslModel
from flowdsl.model.states import Branch, MapState, ParallelState, QueryLanguage, State


class StateMachine(AslModel):
    """An ASL state machine definition (ASL spec "Top-level fields")."""

    comment: str | None = None
    query_language: QueryLanguage | None = None
    start_at: str
    timeout_seconds: int | None = None
    version: str | None = None
    states: dict[str, State]

    @property
    def language(self) -> QueryLanguage:
        """The machine's default query language (JSONPath unless set)."""
        return self.query_language or "JSONPath"


@dataclass(frozen=True, slots=True)
class Scope:
    """One body of states (the machine, a Parallel branch or a Map processor) and where it is.

    `pointer` is the JSON Pointer of the body (`""` for the machine, `/States/P/Branches/0`
    for a branch); `parent` is the state that owns it, if any.
    """

    body: StateMachine | Branch
    pointer: str
    parent: State | None = None


def pointer_escape(name: str) -> str:
    """Escape a key for a JSON Pointer (RFC 6901)."""
    return name.replace("~", "~0").replace("/", "~1")


def json_children(value: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """The members of a JSON object or the items of an array, each with its JSON Pointer."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{pointer}/{pointer_escape(str(key))}", item
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield f"{pointer}/{index}", item


def state_pointer(scope_pointer: str, name: str) -> str:
    return f"{scope_pointer}/States/{pointer_escape(name)}"


def iter_scopes(
    body: StateMachine | Branch, pointer: str = "", parent: State | None = None
) -> Iterator[Scope]:
    """Every scope of the machine, outermost first (depth-first, in document order)."""
    yield Scope(body, pointer, parent)
    for name, state in body.states.items():
        for sub_pointer, sub in child_bodies(state, state_pointer(pointer, name)):
            yield from iter_scopes(sub, sub_pointer, state)


def child_bodies(state: State, pointer: str) -> list[tuple[str, Branch]]:
    """The nested bodies of one state with their JSON Pointers."""
    if isinstance(state, ParallelState):
        return [(f"{pointer}/Branches/{i}", b) for i, b in enumerate(state.branches)]
    if isinstance(state, MapState):
        if state.item_processor is not None:
            return [(f"{pointer}/ItemProcessor", state.item_processor)]
        if state.iterator is not None:
            return [(f"{pointer}/Iterator", state.iterator)]
    return []


def iter_states(machine: StateMachine | Branch) -> Iterator[tuple[str, str, State]]:
    """Every state at every depth as `(pointer, name, state)`."""
    for scope in iter_scopes(machine):
        for name, state in scope.body.states.items():
            yield state_pointer(scope.pointer, name), name, state
