"""Parallel and Map: states that run nested bodies of states (branches, item processors)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self, Unpack

from flowdsl.dsl.chain import Chain, Chainable
from flowdsl.dsl.errors import DslError, caller_location
from flowdsl.dsl.handling import Recoverable, Recovery
from flowdsl.dsl.options import Common, Filters, Payload, Results, Variables, takes
from flowdsl.dsl.paths import Path


class ParallelOptions(Common, Filters, Variables, Payload, Results, Recovery, total=False):
    """Options of `Parallel`."""


class MapOptions(Common, Filters, Variables, Results, Recovery, total=False):
    """Options of `Map` besides its processor: where items come from and how they run."""

    items: Any
    items_path: str | Path | None
    item_reader: Mapping[str, Any] | None
    item_selector: Any
    parameters: Any
    item_batcher: Mapping[str, Any] | None
    result_writer: Mapping[str, Any] | None
    max_concurrency: int | str | Path | None
    max_concurrency_path: str | Path | None
    tolerated_failure_percentage: float | str | Path | None
    tolerated_failure_percentage_path: str | Path | None
    tolerated_failure_count: int | str | Path | None
    tolerated_failure_count_path: str | Path | None
    label: str | None


class Branch:
    """A nested body with an optional `Comment`: `Branch(a >> b, comment="...")`.

    A plain state or chain works wherever a Branch does; this wrapper only adds the comment.
    """

    def __init__(self, chain: Chainable, *, comment: str | None = None) -> None:
        self.chain = Chain.of(chain)
        self.comment = comment
        self.location = caller_location()

    @staticmethod
    def of(item: Chainable | Branch) -> Branch:
        """A Branch for a state, chain or Branch (a Branch is returned as is)."""
        return item if isinstance(item, Branch) else Branch(item)


class Parallel(Recoverable):
    """Runs every branch on the same input; the result is the list of branch outputs."""

    TYPE = "Parallel"

    @takes(ParallelOptions)
    def __init__(
        self,
        name: str,
        *,
        branches: Sequence[Chainable | Branch] = (),
        output_model: Any = None,
        **options: Unpack[ParallelOptions],
    ) -> None:
        super().__init__(name, options)
        self.output_model = output_model  # the type of the result (docs/types.md)
        if not isinstance(branches, list | tuple):
            raise DslError(
                "invalid-branches",
                f"parallel '{name}': branches= takes a list of states or chains (write branches=[...])",
            )
        self.branches = [Branch.of(branch) for branch in branches]

    def branch(self, chain: Chainable | Branch) -> Self:
        """Add a branch; returns the state so calls can be chained."""
        self.branches.append(Branch.of(chain))
        return self


class Map(Recoverable):
    """Runs `processor` once per item: inline, or distributed (`mode="DISTRIBUTED"`).

    `iterator` is the legacy spelling of the processor (`Iterator`); give exactly one.
    `item_reader`, `item_batcher` and `result_writer` take their ASL JSON objects.
    """

    TYPE = "Map"

    @takes(MapOptions)
    def __init__(
        self,
        name: str,
        *,
        processor: Chainable | Branch | None = None,
        iterator: Chainable | Branch | None = None,
        mode: Literal["INLINE", "DISTRIBUTED"] | None = None,
        execution_type: Literal["STANDARD", "EXPRESS"] | None = None,
        output_model: Any = None,
        **options: Unpack[MapOptions],
    ) -> None:
        super().__init__(name, options)
        self.output_model = output_model  # the type of the result (docs/types.md)
        body = processor if iterator is None else iterator
        if body is None or (processor is not None and iterator is not None):
            raise DslError(
                "map-processor", f"map '{name}' needs exactly one of processor=... or iterator=..."
            )
        self.body = Branch.of(body)
        self.legacy_iterator = iterator is not None
        self.processor_config = {
            key: value
            for key, value in (("Mode", mode), ("ExecutionType", execution_type))
            if value is not None
        }

    @property
    def body_key(self) -> str:
        """`ItemProcessor`, or `Iterator` for the legacy form."""
        return "Iterator" if self.legacy_iterator else "ItemProcessor"
