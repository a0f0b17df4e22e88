"""Retry and Catch around the states that do work (Task, Parallel, Map); ASL spec "Errors"."""

from __future__ import annotations

from typing import Any

from flowdsl.engine.dataflow import Leaving
from flowdsl.engine.errors import StateError, as_failure, matches
from flowdsl.engine.lambda_ import PAYLOAD_LIMIT
from flowdsl.engine.runtime import MAX_EXECUTION_SECONDS, Scope
from flowdsl.engine.step import Outcome, Step
from flowdsl.engine.weight import weight_of
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.model import Catcher, Retrier

Json = Any


class RecoveringStep(Step):
    """A step whose `attempt` may be retried and whose failure may be caught."""

    __slots__ = ("catchers", "retriers")

    def __init__(self, name: str, state: Any, flow: Any, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.retriers: list[Retrier] = list(state.retry or [])
        self.catchers: list[Catcher] = list(state.catch or [])
        self.set_bound(flow.exit_bound)  # the result is dynamic: `attempt` sets `scope.result_weight`

    def run(self, raw: Json, scope: Scope) -> Outcome:
        entered_at = scope.lane.now
        entered = self.enter(raw, scope)
        attempts = [0] * len(self.retriers)
        retry_count = 0
        while True:
            try:
                output, assigned = self.attempt(raw, scope, self.context(scope, entered_at, retry_count))
                if self.grows:  # `weigh`, inlined for the common case: a bound under the quota
                    size = self.growth * scope.weight + self.spread * scope.result_weight + self.extra
                    scope.weight = size if size <= PAYLOAD_LIMIT else self.weigh(output, scope)
            except (StateError, AslRuntimeError, RecursionError) as exc:
                failure = as_failure(exc, self.name, entered)
                delay = self.backoff(failure, attempts, scope)
                if delay is None:
                    return self.recover(raw, failure, scope, (entered_at, entered))
                scope.run.sleep(scope.lane, delay)
                retry_count += 1
                continue
            self.exit(output, scope, assigned)
            return self.next, output

    def attempt(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        raise NotImplementedError

    def backoff(self, failure: StateError, attempts: list[int], scope: Scope) -> float | None:
        """Seconds to wait before retrying, or None when no Retrier applies any more.

        The first Retrier whose ErrorEquals matches decides; once it has used its MaxAttempts
        the error goes to Catch (ASL spec "Retrying after error").
        """
        for index, retrier in enumerate(self.retriers):
            if not matches(retrier.error_equals, failure):
                continue
            done = attempts[index]
            if done >= retrier.max_attempts:
                return None
            attempts[index] = done + 1
            delay = _backoff(retrier.interval_seconds, retrier.backoff_rate, done)
            if retrier.max_delay_seconds is not None:
                delay = min(delay, retrier.max_delay_seconds)
            if retrier.jitter_strategy == "FULL":
                delay = scope.run.rng.uniform(0, delay)
            return float(delay)
        return None

    def recover(self, raw: Json, failure: StateError, scope: Scope, entry: tuple[float, int]) -> Outcome:
        """Hand the error to the first matching Catcher, or fail the state.

        `entry` is when the state was entered and the id of its entered event.
        """
        entered_at, entered = entry
        for catcher in self.catchers:
            if matches(catcher.error_equals, failure):
                context = self.context(scope, entered_at, 0)
                try:
                    output, assigned = self.flow.caught(raw, failure, catcher, context, scope)
                    scope.result_weight = weight_of(failure.error_output())
                    scope.weight = self.weigh(output, scope, self.flow.caught_bound(catcher))
                except (StateError, AslRuntimeError, RecursionError) as exc:
                    raise self.failed(scope, as_failure(exc, self.name, entered)) from None
                self.exit(output, scope, assigned, "caught")
                return catcher.next, output
        raise self.failed(scope, failure)


def _backoff(interval: float, rate: float, done: int) -> float:
    """`IntervalSeconds * BackoffRate ** retries`, at most just past the longest execution.

    A high MaxAttempts makes the product overflow a float; past a year the execution has
    timed out anyway (`MAX_EXECUTION_SECONDS`), so the cap changes nothing AWS would show.
    """
    try:
        delay = float(interval) * float(rate) ** done
    except OverflowError:
        return MAX_EXECUTION_SECONDS + 1.0
    return min(delay, MAX_EXECUTION_SECONDS + 1.0)
