"""What every DSL state shares: a name, where it was written, its fields, how it chains."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from flowdsl.dsl.errors import DslError, caller_location
from flowdsl.dsl.options import accept
from flowdsl.dsl.values import Fields
from flowdsl.model import QueryLanguage

if TYPE_CHECKING:
    from flowdsl.dsl.chain import Chain, Chainable


CHAINS: list[Callable[[State], Chain]] = []
"""Where `chain.py`, which builds on State, plugs in `Chain.of` (so the two modules do not import
each other; `flowdsl.dsl` loads both)."""

Namer: TypeAlias = "Callable[[State], str]"
"""How a transition names its target state: its own name, unless the compiler says otherwise."""


def own_name(state: State) -> str:
    """The state's own name (the default `Namer`)."""
    return state.name


class State:
    """A state under construction: mutable until compiled; records the user's `file:line`.

    Equality is identity: two states with the same options are still two states.
    """

    TYPE: ClassVar[str]

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        """`options` are the constructor's `**options`: checked against its group, written as fields."""
        accept(type(self).__init__.__qualname__, options)
        if not isinstance(name, str):
            raise DslError("invalid-state-name", f"a state name must be a str, not {type(name).__name__}")
        self.name = name
        self.location = caller_location()
        self.fields = Fields()
        self.fields.write(options)

    @property
    def query_language(self) -> QueryLanguage | None:
        """The state's own `QueryLanguage`, if set."""
        language: QueryLanguage | None = self.fields.data.get("QueryLanguage")
        return language

    def __rshift__(self, other: Chainable) -> Chain:
        return CHAINS[0](self) >> other

    def __rrshift__(self, other: Any) -> Chain:
        raise DslError("invalid-chain", f"cannot chain {type(other).__name__} into state '{self.name}'")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    def successors(self) -> list[State]:
        """The states this one can transition to, in document order."""
        return []

    def to_fields(self, name_of: Namer = own_name) -> dict[str, Any]:
        """The ASL fields of this state, transitions naming their targets with `name_of`.

        Nested bodies (Choices, Branches, ItemProcessor) are the compiler's to add.
        """
        return {"Type": self.TYPE, **self.fields.data}


class Continuing(State):
    """A state that goes on to `Next` or ends its scope (`End: true`) when left open."""

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        super().__init__(name, options)
        self.next: State | None = None

    def attach(self, target: State) -> None:
        """Continue to `target`; a state has one `Next`, so re-linking elsewhere is an error."""
        if self.next is not None and self.next is not target:
            raise DslError(
                "already-chained",
                f"state '{self.name}' already continues to '{self.next.name}'; "
                f"cannot also continue to '{target.name}'",
            )
        self.next = target

    @property
    def is_open(self) -> bool:
        """Whether the next `>>` may still set this state's `Next`."""
        return self.next is None

    def successors(self) -> list[State]:
        return [self.next] if self.next is not None else []

    def to_fields(self, name_of: Namer = own_name) -> dict[str, Any]:
        transition: dict[str, Any] = {"Next": name_of(self.next)} if self.next is not None else {"End": True}
        return {**super().to_fields(name_of), **transition}


class Terminal(State):
    """Succeed and Fail: they end the execution (or branch), so nothing may follow them."""
