"""Parallel and Map: states that run nested bodies of states (branches, item processors)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Self

from flowdsl.dsl.chain import Chain, Chainable
from flowdsl.dsl.errors import DslError, caller_location
from flowdsl.dsl.handling import Catch, Recoverable, Retry
from flowdsl.dsl.paths import Path
from flowdsl.dsl.values import UNSET, Unset
from flowdsl.model import QueryLanguage


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

    def __init__(
        self,
        name: str,
        *,
        branches: Sequence[Chainable | Branch] = (),
        parameters: Any = None,
        arguments: Any = None,
        input_path: str | Path | Unset | None = UNSET,
        output_path: str | Path | Unset | None = UNSET,
        result_selector: Any = None,
        result_path: str | Path | Unset | None = UNSET,
        retry: Sequence[Retry] = (),
        catch: Sequence[Catch] = (),
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
        comment: str | None = None,
        query_language: QueryLanguage | None = None,
        output_model: Any = None,
    ) -> None:
        super().__init__(name, comment=comment, query_language=query_language)
        self.output_model = output_model  # the type of the result (docs/types.md)
        if not isinstance(branches, list | tuple):
            raise DslError(
                "invalid-branches",
                f"parallel '{name}': branches= takes a list of states or chains (write branches=[...])",
            )
        self.branches = [Branch.of(branch) for branch in branches]
        put = self.fields.put
        put("InputPath", input_path, nullable=True)
        put("Parameters", parameters)
        put("Arguments", arguments)
        put("ResultSelector", result_selector)
        put("ResultPath", result_path, nullable=True)
        put("OutputPath", output_path, nullable=True)
        put("Assign", assign)
        put("Output", output, nullable=True)
        self._recovery(retry, catch)

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

    def __init__(
        self,
        name: str,
        *,
        processor: Chainable | Branch | None = None,
        iterator: Chainable | Branch | None = None,
        mode: Literal["INLINE", "DISTRIBUTED"] | None = None,
        execution_type: Literal["STANDARD", "EXPRESS"] | None = None,
        items: Any = UNSET,
        items_path: str | Path | None = None,
        item_reader: Mapping[str, Any] | None = None,
        item_selector: Any = None,
        parameters: Any = None,
        item_batcher: Mapping[str, Any] | None = None,
        result_writer: Mapping[str, Any] | None = None,
        max_concurrency: int | str | Path | None = None,
        max_concurrency_path: str | Path | None = None,
        tolerated_failure_percentage: float | str | Path | None = None,
        tolerated_failure_percentage_path: str | Path | None = None,
        tolerated_failure_count: int | str | Path | None = None,
        tolerated_failure_count_path: str | Path | None = None,
        label: str | None = None,
        input_path: str | Path | Unset | None = UNSET,
        output_path: str | Path | Unset | None = UNSET,
        result_selector: Any = None,
        result_path: str | Path | Unset | None = UNSET,
        retry: Sequence[Retry] = (),
        catch: Sequence[Catch] = (),
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
        comment: str | None = None,
        query_language: QueryLanguage | None = None,
        output_model: Any = None,
    ) -> None:
        super().__init__(name, comment=comment, query_language=query_language)
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
        put = self.fields.put
        put("Items", items, nullable=True)
        put("ItemsPath", items_path)
        put("ItemReader", item_reader)
        put("ItemSelector", item_selector)
        put("ItemBatcher", item_batcher)
        put("ResultWriter", result_writer)
        put("MaxConcurrency", max_concurrency)
        put("MaxConcurrencyPath", max_concurrency_path)
        put("ToleratedFailurePercentage", tolerated_failure_percentage)
        put("ToleratedFailurePercentagePath", tolerated_failure_percentage_path)
        put("ToleratedFailureCount", tolerated_failure_count)
        put("ToleratedFailureCountPath", tolerated_failure_count_path)
        put("Label", label)
        put("InputPath", input_path, nullable=True)
        put("Parameters", parameters)
        put("ResultSelector", result_selector)
        put("ResultPath", result_path, nullable=True)
        put("OutputPath", output_path, nullable=True)
        put("Assign", assign)
        put("Output", output, nullable=True)
        self._recovery(retry, catch)

    @property
    def body_key(self) -> str:
        """`ItemProcessor`, or `Iterator` for the legacy form."""
        return "Iterator" if self.legacy_iterator else "ItemProcessor"
