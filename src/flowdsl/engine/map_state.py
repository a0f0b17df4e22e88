"""Map: the processor runs once per item, `MaxConcurrency` lanes at a time, results in item order."""

from __future__ import annotations

import contextlib
import json
import math
from functools import partial
from heapq import heappop, heappush
from typing import Any

from flowdsl.engine.body import Body
from flowdsl.engine.collector import LARGE_MAP, CollectorPaused
from flowdsl.engine.concurrency import run_all
from flowdsl.engine.dataflow import MISSING, Leaving, json_type
from flowdsl.engine.errors import StateError, engine_error
from flowdsl.engine.mocks import response_for
from flowdsl.engine.recovery import RecoveringStep
from flowdsl.engine.runtime import Scope
from flowdsl.engine.weight import INPUT, UNKNOWN, Bound, jsonata_bound, template_bound, weight_of
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.model import ItemBatcher, MapState
from flowdsl.model.fields import written

Json = Any
Iteration = tuple[Json, int, StateError | None]
"""One iteration's output and its size bound, or the error it failed with."""


class MapStep(RecoveringStep):
    """Map: runs its processor once per item, `MaxConcurrency` lanes at a time, results in item order."""

    __slots__ = (
        "batch_input",
        "batch_size",
        "body",
        "concurrency",
        "distributed",
        "item_bound",
        "items",
        "reads_items",
        "render_selector",
        "selector",
        "tolerated",
        "tolerates",
    )

    def __init__(self, name: str, state: MapState, flow: Any, uses_context: bool, body: Body) -> None:
        super().__init__(name, state, flow, uses_context)
        self.body = body
        given = written(state)
        self.items = flow.dynamic(given.items, state.items_path)
        # ItemSelector, or its legacy spelling Parameters.
        self.selector = given.parameters if given.item_selector is MISSING else given.item_selector
        self.render_selector = (
            None if self.selector is MISSING else flow.renderer(self.selector, "ItemSelector")
        )
        self.concurrency = flow.dynamic(state.max_concurrency, state.max_concurrency_path)
        self.tolerated = (
            flow.dynamic(state.tolerated_failure_count, state.tolerated_failure_count_path),
            flow.dynamic(state.tolerated_failure_percentage, state.tolerated_failure_percentage_path),
        )
        self.tolerates = any(spec != (None, None) for spec in self.tolerated)
        config = getattr(state.processor, "processor_config", None)
        self.reads_items = state.item_reader is not None
        # Child executions of a Distributed Map cannot see the parent's variables.
        self.distributed = self.reads_items or (config is not None and config.mode == "DISTRIBUTED")
        batcher = state.item_batcher or ItemBatcher()
        self.batch_size = flow.dynamic(batcher.max_items_per_batch, batcher.max_items_per_batch_path)
        self.batch_input = written(batcher).batch_input
        self.item_bound = self._item_bound()

    def attempt(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        effective = self.flow.enter(raw, context, scope)
        data = self.flow.subject(raw, effective)
        if self.name in scope.run.mocks:
            result = self._mocked(effective, scope)
            scope.result_weight = weight_of(result)
        elif self.distributed and scope.run.map_hook is not None:
            # flowdsl.service runs a Distributed Map as a Map Run of child executions itself.
            result = scope.run.map_hook(self, data, context, scope)
            scope.result_weight = weight_of(result)
        else:
            if self.reads_items:
                raise engine_error(
                    "unsupported-item-reader",
                    f"state '{self.name}' reads its items with ItemReader, which runs only on AWS: "
                    f"mock the state (CLI: --mock FILE; API: mocks={{'{self.name}': Return([...])}})",
                )
            items = self._items(data, context, scope)
            b = self.item_bound  # a Map's effective input is its raw input (no Parameters/Arguments)
            weight = b.data * scope.weight + b.constant
            if b.context:
                weight += b.context * scope.run.context_weight
            result = self._iterate(self._inputs(items, data, context, scope), weight, (data, context), scope)
        check = scope.run.result_checks.get(self.name)
        if check is not None:
            check(result)
        return self.flow.leave(raw, result, context, scope)

    def child_inputs(self, items: list[Json], data: Json, context: Json, scope: Scope) -> list[Json]:
        """What each child execution of a Distributed Map gets (ItemSelector, ItemBatcher)."""
        return self._inputs(items, data, context, scope)

    def state_items(self, data: Json, context: Json, scope: Scope) -> list[Json]:
        """The items a Distributed Map without an ItemReader takes from its input (Items/ItemsPath)."""
        return self._items(data, context, scope)

    def concurrency_limit(self, data: Json, context: Json, scope: Scope) -> int:
        """MaxConcurrency (0: unlimited)."""
        return self._max_concurrency(data, context, scope)

    def tolerance(self, data: Json, context: Json, scope: Scope) -> tuple[float, float]:
        """ToleratedFailureCount and ToleratedFailurePercentage, 0 when unset."""
        count_spec, percent_spec = self.tolerated
        count = self._number(count_spec, "ToleratedFailureCount", data, context, scope)
        percent = self._number(percent_spec, "ToleratedFailurePercentage", data, context, scope)
        return count or 0.0, percent or 0.0

    def _items(self, data: Json, context: Json, scope: Scope) -> list[Json]:
        """Items (JSONata) or ItemsPath (JSONPath, default `$`): an array, or an object.

        AWS, "ItemsPath (Map, JSONPath only)": for a JSON object the Map "runs an iteration for
        each key-value pair in the object, passing the pair to the iteration as input"
        (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html), and
        JSONata's `Items` takes an object too. The page does not show the pair's shape; flowdsl
        passes `{key: value}`, one pair per object, in the object's order (docs/running.md).
        """
        constant, source = self.items
        if source is None:
            items = data if constant is MISSING or constant is None else constant
        else:
            items = self.flow.evaluate(source, data, context, scope, "Items")
        if isinstance(items, dict):
            return [{key: value} for key, value in items.items()]
        if not isinstance(items, list):
            cause = f"The Map state's items must be a JSON array or object, but were {json_type(items)}."
            raise self.flow.unexpected(items, source, "Items", "array", cause)
        return items

    def _inputs(self, items: list[Json], data: Json, context: Json, scope: Scope) -> list[Json]:
        """What each iteration receives: the items through ItemSelector, grouped by ItemBatcher."""
        render = self.render_selector
        if render is not None:
            items = [
                render(data, self._item_context(item, index, context, scope), scope)
                for index, item in enumerate(items)
            ]
        if self.batch_size == (None, None):  # no ItemBatcher
            return items
        size = self._number(self.batch_size, "MaxItemsPerBatch", data, context, scope)
        if size is None:
            return items
        # AWS "ItemBatcher": each child gets {"Items": [...]} plus "BatchInput" when set.
        extra = {}
        if self.batch_input is not MISSING:
            extra["BatchInput"] = self.flow.template(self.batch_input, data, context, scope, "BatchInput")
        step = max(1, int(size))
        return [{**extra, "Items": items[i : i + step]} for i in range(0, len(items), step)]

    def _item_bound(self) -> Bound:
        """The bound of each iteration's input, in terms of the Map's input.

        ItemsPath selects from the input; JSONata `Items` and batches are not bounded (UNKNOWN,
        so each iteration's first output is measured). ItemSelector's `$$.Map.Item` is part of the input.
        """
        constant, source = self.items
        from_data = constant is MISSING and (source is None or self.flow.lenient)
        if not from_data or self.batch_size != (None, None):
            return Bound(constant=UNKNOWN)
        if self.selector is MISSING:
            return INPUT
        return (
            template_bound(self.selector)
            if self.flow.lenient
            else jsonata_bound(self.selector, MISSING, INPUT)
        )

    def _iterate(self, items: list[Json], weight: int, inputs: tuple[Json, Json], scope: Scope) -> list[Json]:
        """Every iteration's output in item order (each input weighing at most `weight`)."""
        data, context = inputs
        history, lane = scope.run.history, scope.lane
        history.add(lane, "MapStateStarted", "mapStateStartedEventDetails", {"length": len(items)})
        width = self._max_concurrency(data, context, scope)
        allowed = self._allowed_failures(len(items), data, context, scope)
        with _PAUSED if len(items) >= LARGE_MAP else _UNPAUSED:
            if scope.run.clock.real:
                outcomes = self._threaded(items, weight, width, scope)
            else:
                outcomes = self._sequential(items, weight, (width, allowed), scope)
        results: list[Json] = []
        failures = total = 0
        for value, size, failure in outcomes:
            if failure is None:
                results.append(value)
                total += size
                continue
            failures += 1
            if failures > allowed:
                history.add(lane, "MapStateFailed")
                raise self._over_threshold(failure) from None
            results.append(failure.error_output())
            total += weight_of(results[-1])
        history.add(lane, "MapStateSucceeded")
        # The result array: every output, a comma between, two brackets (`[]` when empty).
        scope.result_weight = total + len(results) + 1 if results else 2
        return results

    def _sequential(
        self, items: list[Json], weight: int, limits: tuple[int, float], scope: Scope
    ) -> list[Iteration]:
        """Iterations one after another, each on the virtual lane that frees first.

        `limits` are MaxConcurrency and the failures allowed: the Map stops at the first failure
        past what could be tolerated (AWS stops the Map there).
        """
        width, allowed = limits
        lane = scope.lane
        start = latest = lane.now
        # MaxConcurrency lanes as a heap of (when it frees, lane): the earliest first, the
        # lowest lane among equals; without MaxConcurrency every iteration starts at once.
        free = [(start, slot) for slot in range(min(width, len(items)))]
        outcomes: list[Iteration] = []
        failures = 0
        for index, item in enumerate(items):
            if free:
                start, slot = heappop(free)
            child = scope.fork(weight, isolated=self.distributed)
            child_lane = child.lane
            child_lane.now = start
            try:
                outcomes.append(self._iteration(index, item, child))
            except StateError as failure:
                outcomes.append((None, 0, failure))
                failures += 1
            if width:
                heappush(free, (child_lane.now, slot))
            latest = max(latest, child_lane.now)
            lane.last_event = max(lane.last_event, child_lane.last_event)
            if failures > allowed:
                break
        lane.now = latest
        return outcomes

    def _threaded(self, items: list[Json], weight: int, width: int, scope: Scope) -> list[Iteration]:
        """Iterations on real threads, at most `width` (0: all) at a time."""
        children = [scope.fork(weight, isolated=self.distributed) for _ in items]
        pairs = enumerate(zip(items, children, strict=True))
        tasks = [partial(self._iteration, index, item, child) for index, (item, child) in pairs]
        outcomes = run_all(tasks, width or len(items))
        scope.lane.now = max([scope.lane.now, *(child.lane.now for child in children)])
        scope.lane.last_event = max([scope.lane.last_event, *(child.lane.last_event for child in children)])
        return [value or (None, 0, _state_error(error)) for value, error in outcomes]

    def _iteration(self, index: int, item: Json, child: Scope) -> Iteration:
        """One item through the processor, between MapIterationStarted and Succeeded/Failed;
        its output and the output's size bound (raises the iteration's failure)."""
        record, name, lane = child.run.history.pair, self.name, child.lane
        record(lane, "MapIterationStarted", "mapIterationStartedEventDetails", name, index)
        try:
            output = self.body.run(item, child)
        except (StateError, AslRuntimeError):
            record(lane, "MapIterationFailed", "mapIterationFailedEventDetails", name, index)
            raise
        record(lane, "MapIterationSucceeded", "mapIterationSucceededEventDetails", name, index)
        return output, child.weight, None

    def _over_threshold(self, failure: StateError) -> StateError:
        """The error a failed iteration becomes: itself, or the threshold error once tolerance is set."""
        if not self.tolerates:
            return failure
        return StateError(
            "States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded"
        )

    def _item_context(self, item: Json, index: int, context: Json, scope: Scope) -> Json:
        """The context object ItemSelector reads: the Map's, with `Map.Item`."""
        base = context if context is not None else scope.context(self.name, scope.lane.now, 0)
        return {**base, "Map": {"Item": {"Index": index, "Value": item}}}

    def _mocked(self, effective: Json, scope: Scope) -> Json:
        response = response_for(scope.run.mocks[self.name], scope.run.next_call(self.name))
        if response is None:
            raise StateError("States.Runtime", f"the mock for state '{self.name}' ran out of responses")
        if callable(response):
            return response(effective)
        if hasattr(response, "error"):
            raise StateError(response.error, response.cause)  # type: ignore[union-attr]
        return response.value

    def _allowed_failures(self, total: int, data: Json, context: Json, scope: Scope) -> float:
        if not self.tolerates:
            return 0.0
        count, percent = self.tolerance(data, context, scope)
        return max(count, math.floor(total * percent / 100))

    def _max_concurrency(self, data: Json, context: Json, scope: Scope) -> int:
        """MaxConcurrency (0 = unlimited); a path value is read as an integer the way AWS reads it."""
        constant, source = self.concurrency
        if source is None:
            return int(constant or 0)
        value = self.flow.evaluate(source, data, context, scope, "MaxConcurrency")
        if self.flow.lenient:
            with contextlib.suppress(TypeError, ValueError):
                value = int(value)
        # The JSONPath causes are AWS's, as LocalStack records them.
        if not isinstance(value, int) or isinstance(value, bool):
            shown = value if isinstance(value, str) else json.dumps(value)
            cause = f'The MaxConcurrencyPath field refers to value "{shown}" which is not a valid integer'
            raise self.flow.unexpected(value, source, "MaxConcurrency", "integer", f"{cause}: {source}")
        if value < 0:
            cause = f"Expected non-negative integer for MaxConcurrency, got '{value}' instead."
            raise self.flow.unexpected(value, source, "MaxConcurrency", "non-negative integer", cause)
        return value

    def _number(
        self, spec: tuple[Json, str | None], name: str, data: Json, context: Json, scope: Scope
    ) -> float | None:
        """A non-negative number field (`name`): ToleratedFailure*, MaxItemsPerBatch; None when unset."""
        constant, source = spec
        value = constant if source is None else self.flow.evaluate(source, data, context, scope, name)
        if value is MISSING or (value is None and (source is None or self.flow.lenient)):
            return None  # unset (a JSONata expression that returns null is a wrong type)
        if self.flow.lenient and isinstance(value, str) and value.isdigit():
            value = int(value)
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            cause = f"The value {value!r} is not a non-negative number."
            raise self.flow.unexpected(value, source, name, "non-negative number", cause)
        return float(value)


# Shared: neither holds state of its own (CollectorPaused counts its holders globally).
_PAUSED = CollectorPaused()
_UNPAUSED = contextlib.nullcontext()


def _state_error(error: BaseException | None) -> StateError | None:
    """A thread's failure as a StateError; anything else (an engine error, an abort) goes on up."""
    if error is None or isinstance(error, StateError):
        return error
    raise error
