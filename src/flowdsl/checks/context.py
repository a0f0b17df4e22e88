"""What every rule reads: the machine, its scopes and each state with where it sits."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from flowdsl.diagnostics import Diagnostic
from flowdsl.model import (
    COMPARISON_OPERATORS,
    ChoiceRule,
    ChoiceState,
    MapState,
    QueryLanguage,
    Scope,
    State,
    StateMachine,
    iter_scopes,
    state_pointer,
)


@dataclass(frozen=True)
class StateRef:
    """One state with its JSON Pointer, its scope and its query language.

    Its transitions and parts are computed once, since many rules walk them.
    """

    pointer: str
    name: str
    state: State
    scope: Scope
    language: QueryLanguage

    @property
    def jsonata(self) -> bool:
        """The state's query language is JSONata."""
        return self.language == "JSONata"

    @cached_property
    def transitions(self) -> tuple[Edge, ...]:
        """Every transition out of the state (see `edges`)."""
        return tuple(edges(self))

    @cached_property
    def parts(self) -> tuple[tuple[Any, str], ...]:
        """The state and its nested objects that carry fields of their own, with pointers:
        catchers, Choice rules (top level), and a Map's ItemReader, ReaderConfig, ItemBatcher
        and ResultWriter."""
        return tuple(_parts(self))


@dataclass(frozen=True, slots=True)
class Edge:
    """A transition: the target name and the pointer of the field naming it."""

    target: str
    pointer: str


@dataclass
class Context:
    """The machine prepared for the rules: scopes and states listed once, outermost first."""

    machine: StateMachine
    scopes: list[Scope] = field(init=False)
    states: list[StateRef] = field(init=False)
    memo: dict[str, Any] = field(default_factory=dict)
    """Results several rules share, computed by the first that needs them."""

    def __post_init__(self) -> None:
        self.scopes = list(iter_scopes(self.machine))
        self.states = [
            StateRef(
                state_pointer(scope.pointer, name),
                name,
                state,
                scope,
                # Inside a Parallel/Map the default is the machine's language, not the
                # Parallel/Map state's (ASL spec, "QueryLanguage").
                state.query_language or self.machine.language,
            )
            for scope in self.scopes
            for name, state in scope.body.states.items()
        ]

    @cached_property
    def by_scope(self) -> dict[str, list[StateRef]]:
        """States grouped by their scope's pointer."""
        grouped: dict[str, list[StateRef]] = {scope.pointer: [] for scope in self.scopes}
        for ref in self.states:
            grouped[ref.scope.pointer].append(ref)
        return grouped

    @cached_property
    def children(self) -> dict[int, list[Scope]]:
        """`id()` of a Parallel/Map state -> the scopes nested directly in it."""
        found: dict[int, list[Scope]] = {}
        for scope in self.scopes:
            if scope.parent is not None:
                found.setdefault(id(scope.parent), []).append(scope)
        return found

    @cached_property
    def all_names(self) -> dict[str, list[str]]:
        """Every state name -> the pointers of the states that carry it."""
        names: dict[str, list[str]] = {}
        for ref in self.states:
            names.setdefault(ref.name, []).append(ref.pointer)
        return names


# A rule: a pure function from the prepared machine to its findings.
Rule = Callable[[Context], Iterable[Diagnostic]]


def edges(ref: StateRef) -> Iterator[Edge]:
    """Every transition out of a state: Next, Default, Choice rule Next, Catch Next."""
    for link in ref.state.transitions():
        yield Edge(link.target, f"{ref.pointer}{link.pointer}")


def _parts(ref: StateRef) -> Iterator[tuple[Any, str]]:
    state = ref.state
    yield state, ref.pointer
    for i, catcher in enumerate(value_of(state, "catch") or []):
        yield catcher, f"{ref.pointer}/Catch/{i}"
    if isinstance(state, MapState):
        reader, batcher, writer = state.item_reader, state.item_batcher, state.result_writer
        if reader is not None:
            yield reader, f"{ref.pointer}/ItemReader"
            if reader.reader_config is not None:
                yield reader.reader_config, f"{ref.pointer}/ItemReader/ReaderConfig"
        if batcher is not None:
            yield batcher, f"{ref.pointer}/ItemBatcher"
        if writer is not None:
            yield writer, f"{ref.pointer}/ResultWriter"
    if isinstance(state, ChoiceState):
        for i, rule in enumerate(state.choices):
            yield rule, f"{ref.pointer}/Choices/{i}"


# (field, ASL operator) of every Choice comparison, in the ASL spec's order.
_OPERATORS = [
    (name, alias)
    for alias in COMPARISON_OPERATORS
    for name, info in ChoiceRule.model_fields.items()
    if info.alias == alias
]


def comparisons(rule: ChoiceRule) -> list[tuple[str, Any]]:
    """The comparison operators written on a Choice rule as `(AslName, value)` pairs.

    Same answer as `ChoiceRule.comparisons()`, without its `model_dump`, which several rules
    calling it on every rule of a large machine made expensive.
    """
    written = rule.model_fields_set
    return [(alias, vars(rule)[name]) for name, alias in _OPERATORS if name in written]


def value_of(model: object, field_name: str) -> Any:
    """A model field's value, or None when the model has no such field.

    Reads the instance `__dict__` directly: `getattr` with a default goes through pydantic's
    slow `__getattr__` for fields a state type does not have, which dominated large machines.
    """
    return vars(model).get(field_name)


def set_fields(model: BaseModel, among: Iterable[str] | None = None) -> list[str]:
    """The fields written in the document, in declaration order (sets would vary run to run),
    optionally only those in `among`."""
    written = model.model_fields_set
    names = _field_names(type(model)) if among is None else among
    return [name for name in names if name in written]


@functools.cache
def _field_names(kind: type[BaseModel]) -> tuple[str, ...]:
    return tuple(kind.model_fields)


def is_set(model: BaseModel, field_name: str) -> bool:
    """Whether a field was written in the document (absent and null differ in ASL)."""
    return field_name in model.model_fields_set


def asl_name(model: BaseModel, field_name: str) -> str:
    """The ASL (wire) name of a model field: `timeout_seconds_path` -> `TimeoutSecondsPath`."""
    return _alias(type(model), field_name)


@functools.cache
def _alias(kind: type[BaseModel], field_name: str) -> str:
    info = kind.model_fields.get(field_name)
    return info.alias if info is not None and info.alias else field_name
