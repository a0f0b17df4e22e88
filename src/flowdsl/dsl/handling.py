"""Retry and Catch (ASL spec "Errors"), and the `.retry()` / `.catch()` of Task, Parallel and Map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar

from flowdsl.dsl.base import Continuing, Namer, State, own_name
from flowdsl.dsl.errors import DslError, caller_location
from flowdsl.dsl.paths import Path
from flowdsl.dsl.values import UNSET, Fields, Unset

if TYPE_CHECKING:
    from flowdsl.dsl.chain import Chainable

Errors = str | Sequence[str]
_T = TypeVar("_T")


def _error_names(errors: Errors) -> list[str]:
    names = [errors] if isinstance(errors, str) else list(errors)
    if not all(isinstance(name, str) for name in names):
        raise DslError("invalid-error-equals", f"error names must be strings, got {names!r}")
    return names


class Retry:
    """One retrier: `Retry("States.Timeout", interval_seconds=2, max_attempts=5)`.

    Options left out keep the ASL defaults (1 s interval, 3 attempts, backoff 2.0).
    """

    def __init__(
        self,
        errors: Errors,
        *,
        interval_seconds: int | None = None,
        max_attempts: int | None = None,
        backoff_rate: float | None = None,
        max_delay_seconds: int | None = None,
        jitter_strategy: Literal["FULL", "NONE"] | None = None,
        comment: str | None = None,
    ) -> None:
        self.location = caller_location()
        self.fields = Fields()
        self.fields.put("ErrorEquals", _error_names(errors))
        self.fields.put("Comment", comment)
        self.fields.put("IntervalSeconds", interval_seconds)
        self.fields.put("MaxAttempts", max_attempts)
        self.fields.put("BackoffRate", backoff_rate)
        self.fields.put("MaxDelaySeconds", max_delay_seconds)
        self.fields.put("JitterStrategy", jitter_strategy)

    def to_fields(self) -> dict[str, Any]:
        """The ASL retrier object."""
        return dict(self.fields.data)


class Catch:
    """One catcher: on a matching error, go to `target` (a state or a chain)."""

    def __init__(
        self,
        errors: Errors,
        target: Chainable,
        *,
        result_path: str | Path | Unset | None = UNSET,
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
        comment: str | None = None,
    ) -> None:
        from flowdsl.dsl.chain import Chain  # noqa: PLC0415 - chain.py builds on State

        self.location = caller_location()
        self.target = Chain.of(target).start
        self.fields = Fields()
        self.fields.put("ErrorEquals", _error_names(errors))
        self.fields.put("Comment", comment)
        self.fields.put("ResultPath", result_path, nullable=True)
        self.fields.put("Assign", assign)
        self.fields.put("Output", output, nullable=True)

    def to_fields(self, name_of: Namer = own_name) -> dict[str, Any]:
        """The ASL catcher object, `Next` naming the target state."""
        return {**self.fields.data, "Next": name_of(self.target)}


def _listed(state: str, option: str, kind: type[_T], given: Sequence[_T]) -> list[_T]:
    """`retry=`/`catch=` as a list, with a clear error for a lone object or a wrong item."""
    if isinstance(given, kind) or not isinstance(given, list | tuple):
        raise DslError(
            f"invalid-{option}",
            f"state '{state}': {option}= takes a list of {kind.__name__} (write {option}=[...])",
        )
    for item in given:
        if not isinstance(item, kind):
            raise DslError(
                f"invalid-{option}",
                f"state '{state}': {option}= holds a {type(item).__name__}, not a {kind.__name__}",
            )
    return list(given)


class Recoverable(Continuing):
    """Task, Parallel and Map: states that may `Retry` and `Catch`."""

    def _recovery(self, retry: Sequence[Retry], catch: Sequence[Catch]) -> None:
        self.retriers: list[Retry] = _listed(self.name, "retry", Retry, retry)
        self.catchers: list[Catch] = _listed(self.name, "catch", Catch, catch)

    def retry(
        self,
        errors: Errors = "States.ALL",
        *,
        interval_seconds: int | None = None,
        max_attempts: int | None = None,
        backoff_rate: float | None = None,
        max_delay_seconds: int | None = None,
        jitter_strategy: Literal["FULL", "NONE"] | None = None,
        comment: str | None = None,
    ) -> Self:
        """Add a retrier (see `Retry`); returns the state so calls can be chained."""
        self.retriers.append(
            Retry(
                errors,
                interval_seconds=interval_seconds,
                max_attempts=max_attempts,
                backoff_rate=backoff_rate,
                max_delay_seconds=max_delay_seconds,
                jitter_strategy=jitter_strategy,
                comment=comment,
            )
        )
        return self

    def catch(
        self,
        errors: Errors,
        target: Chainable,
        *,
        result_path: str | Path | Unset | None = UNSET,
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
        comment: str | None = None,
    ) -> Self:
        """Add a catcher (see `Catch`); returns the state so calls can be chained."""
        self.catchers.append(
            Catch(errors, target, result_path=result_path, assign=assign, output=output, comment=comment)
        )
        return self

    def successors(self) -> list[State]:
        return [*super().successors(), *(catcher.target for catcher in self.catchers)]

    def to_fields(self, name_of: Namer = own_name) -> dict[str, Any]:
        fields = super().to_fields(name_of)
        if self.retriers:
            fields["Retry"] = [retrier.to_fields() for retrier in self.retriers]
        if self.catchers:
            fields["Catch"] = [catcher.to_fields(name_of) for catcher in self.catchers]
        return fields
