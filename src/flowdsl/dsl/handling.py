"""Retry and Catch (ASL spec "Errors"), and the `.retry()` / `.catch()` of Task, Parallel and Map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Self, TypedDict, TypeVar, Unpack

from flowdsl.dsl.base import Continuing, Namer, State, own_name
from flowdsl.dsl.errors import DslError, caller_location
from flowdsl.dsl.options import accept, takes
from flowdsl.dsl.paths import Path
from flowdsl.dsl.values import Fields

if TYPE_CHECKING:
    from flowdsl.dsl.chain import Chainable

Errors = str | Sequence[str]
_T = TypeVar("_T")


def _error_names(errors: Errors) -> list[str]:
    names = [errors] if isinstance(errors, str) else list(errors)
    if not all(isinstance(name, str) for name in names):
        raise DslError("invalid-error-equals", f"error names must be strings, got {names!r}")
    return names


class RetryOptions(TypedDict, total=False):
    """Options of one retrier; those left out keep the ASL defaults."""

    interval_seconds: int | None
    max_attempts: int | None
    backoff_rate: float | None
    max_delay_seconds: int | None
    jitter_strategy: Literal["FULL", "NONE"] | None
    comment: str | None


class CatchOptions(TypedDict, total=False):
    """Options of one catcher; `result_path=None` discards the error output."""

    result_path: str | Path | None
    assign: Mapping[str, Any] | None
    output: Any
    comment: str | None


class Retry:
    """One retrier: `Retry("States.Timeout", interval_seconds=2, max_attempts=5)`.

    Options left out keep the ASL defaults (1 s interval, 3 attempts, backoff 2.0).
    """

    @takes(RetryOptions)
    def __init__(self, errors: Errors, **options: Unpack[RetryOptions]) -> None:
        accept("Retry.__init__", options)
        self.location = caller_location()
        self.fields = Fields()
        self.fields.put("ErrorEquals", _error_names(errors))
        self.fields.write(options)

    def to_fields(self) -> dict[str, Any]:
        """The ASL retrier object."""
        return dict(self.fields.data)


class Catch:
    """One catcher: on a matching error, go to `target` (a state or a chain)."""

    @takes(CatchOptions)
    def __init__(self, errors: Errors, target: Chainable, **options: Unpack[CatchOptions]) -> None:
        from flowdsl.dsl.chain import Chain  # noqa: PLC0415 - chain.py builds on State

        accept("Catch.__init__", options)
        self.location = caller_location()
        self.target = Chain.of(target).start
        self.fields = Fields()
        self.fields.put("ErrorEquals", _error_names(errors))
        self.fields.write(options)

    def to_fields(self, name_of: Namer = own_name) -> dict[str, Any]:
        """The ASL catcher object, `Next` naming the target state."""
        return {**self.fields.data, "Next": name_of(self.target)}


class Recovery(TypedDict, total=False):
    """`retry=` and `catch=` of Task, Parallel and Map (ASL spec "Errors")."""

    retry: Sequence[Retry]
    catch: Sequence[Catch]


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

    def __init__(self, name: str, options: Mapping[str, Any]) -> None:
        fields = dict(options)
        retry, catch = fields.pop("retry", ()), fields.pop("catch", ())
        super().__init__(name, fields)
        self.retriers: list[Retry] = _listed(self.name, "retry", Retry, retry)
        self.catchers: list[Catch] = _listed(self.name, "catch", Catch, catch)

    @takes(RetryOptions)
    def retry(self, errors: Errors = "States.ALL", **options: Unpack[RetryOptions]) -> Self:
        """Add a retrier (see `Retry`); returns the state so calls can be chained."""
        accept("Recoverable.retry", options)
        self.retriers.append(Retry(errors, **options))
        return self

    @takes(CatchOptions)
    def catch(self, errors: Errors, target: Chainable, **options: Unpack[CatchOptions]) -> Self:
        """Add a catcher (see `Catch`); returns the state so calls can be chained."""
        accept("Recoverable.catch", options)
        self.catchers.append(Catch(errors, target, **options))
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
