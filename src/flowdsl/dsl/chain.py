"""`a >> b >> c`: a Chain keeps its start and its open ends so it can be placed as a whole.

A chain can be a Parallel branch, a Map processor, a Choice target, or part of a longer
chain. Loops are written by chaining back to a state that already exists.
"""

from __future__ import annotations

from typing import Protocol, TypeAlias

from flowdsl.dsl.base import CHAINS, Continuing, State, Terminal
from flowdsl.dsl.errors import DslError


class OpenEnd(Protocol):
    """Somewhere a chain can continue from: a state's `Next`, or a Choice's `Default`."""

    def attach(self, target: State) -> None:
        """Continue to `target` from here."""


Chainable: TypeAlias = "State | Chain"


class Chain:
    """A start state and the open ends that the next `>>` connects.

    `closed_by` names the state that makes the chain impossible to continue (a Succeed,
    Fail or Choice), so the error can say why.
    """

    def __init__(self, start: State, ends: tuple[OpenEnd, ...], closed_by: State | None = None) -> None:
        self.start = start
        self.ends = ends
        self.closed_by = closed_by

    @staticmethod
    def of(item: Chainable) -> Chain:
        """A chain for a state or chain (a chain is returned as is)."""
        if isinstance(item, Chain):
            return item
        if isinstance(item, Continuing):
            # A state that already has a Next is not an open end (it may be a loop target).
            return Chain(item, (item,)) if item.is_open else Chain(item, (), closed_by=item)
        if isinstance(item, State):
            return Chain(item, (), closed_by=item)
        if isinstance(item, str):
            raise DslError(
                "invalid-chain",
                f"expected a state or a chain, got the str {item!r}: transitions go to state "
                "objects, not names (keep the state in a variable and pass it)",
            )
        raise DslError("invalid-chain", f"expected a state or a chain, got {type(item).__name__}")

    def __rshift__(self, other: Chainable) -> Chain:
        following = Chain.of(other)
        if not self.ends:
            raise DslError(*_closed(self.closed_by, following.start))
        for end in self.ends:
            end.attach(following.start)
        return Chain(self.start, following.ends, following.closed_by)

    def __repr__(self) -> str:
        return f"Chain(start={self.start!r}, ends={len(self.ends)})"


def _closed(closed_by: State | None, target: State) -> tuple[str, str]:
    """The code and message for chaining onto a chain with no open end."""
    if isinstance(closed_by, Continuing) and closed_by.next is not None:
        return "already-chained", (
            f"state '{closed_by.name}' already continues to '{closed_by.next.name}'; "
            f"cannot also continue to '{target.name}'"
        )
    if isinstance(closed_by, Terminal):
        return "chain-after-end", (
            f"cannot chain '{target.name}' after {closed_by.TYPE} state '{closed_by.name}': "
            f"a {closed_by.TYPE} state ends its execution or branch"
        )
    if closed_by is not None and closed_by.TYPE == "Choice":
        return "chain-after-end", (
            f"cannot chain '{target.name}' after Choice '{closed_by.name}': give it rules with "
            ".when()/.otherwise(), or use .afterwards() to continue after its branches"
        )
    return "chain-after-end", f"cannot chain '{target.name}': the chain has no open end"


CHAINS.append(Chain.of)
