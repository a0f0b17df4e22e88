"""Per-execution state shared by every step: history, clock, bindings, and each lane's scope."""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
from collections.abc import Callable, Mapping
from typing import Any

from flowdsl.engine.clock import Lane, VirtualClock, iso
from flowdsl.engine.errors import ExecutionAbortError
from flowdsl.engine.history import History, LockedHistory
from flowdsl.engine.mocks import MockSpec
from flowdsl.source import Handler

Json = Any
TIMEOUT_CAUSE = "The execution timed out (TimeoutSeconds exceeded)."
MAX_EXECUTION_SECONDS = 365 * 24 * 3600
"""A Standard workflow runs for at most a year, then fails with States.Timeout (AWS "Step
Functions service quotas", maximum execution time), whatever its own TimeoutSeconds."""


class Run:
    """Everything one execution shares: its history, clock, handlers, mocks and what it visited."""

    __slots__ = (
        "_context_weight",
        "_ids",
        "_rng",
        "clock",
        "deadline",
        "execution",
        "handlers",
        "history",
        "lock",
        "machine",
        "map_hook",
        "mock_calls",
        "mocks",
        "region",
        "result_checks",
        "seed",
        "seeded",
        "task_hook",
        "visited",
    )

    def __init__(
        self,
        clock: VirtualClock,
        handlers: Mapping[str, Handler],
        mocks: Mapping[str, MockSpec],
        timeout_seconds: int | None,
        seed: int,
        *,
        seeded: bool = True,
    ) -> None:
        self.clock = clock
        # The real clock runs branches on threads; the virtual one never needs the lock.
        self.history = LockedHistory() if clock.real else History()
        self.lock = threading.Lock()
        self.handlers = handlers
        self.mocks = mocks
        self.mock_calls: dict[str, int] = {}
        self.visited: dict[str, str] = {}
        self.seed = seed
        # `seeded`: ids derive from the seed and repeat run to run; else they are drawn at random.
        self.seeded = seeded
        self._ids = 0
        self._rng: random.Random | None = None
        self._context_weight = 0
        # The fixed part of the context object; `execute()` fills these in.
        self.execution: dict[str, Json] = {}
        self.machine: dict[str, Json] = {}
        self.region = "us-east-1"
        # `(step, effective input, scope, limits, context) -> result | task.UNHANDLED`, asked
        # before the handlers for every unmocked Task (flowdsl.service: callbacks, activities).
        self.task_hook: Any = None
        # `(map step, data, context, scope) -> result`: runs a Map with an ItemReader (flowdsl.service).
        self.map_hook: Any = None
        # state name -> `check(result)`, raising StateError: a Map's or Parallel's result checked
        # before ResultSelector (`--check-types` of their `output_model`, flowdsl.typeflow.runtime).
        self.result_checks: Mapping[str, Callable[[Json], None]] = {}
        limit = min(timeout_seconds or MAX_EXECUTION_SECONDS, MAX_EXECUTION_SECONDS)
        self.deadline = clock.start + limit

    def next_call(self, state: str) -> int:
        """The 0-based index of this call of a mocked state (safe across threads)."""
        with self.lock:
            call = self.mock_calls.get(state, 0)
            self.mock_calls[state] = call + 1
        return call

    def sleep(self, lane: Lane, seconds: float) -> None:
        """Advance a lane by `seconds`, stopping the execution at its deadline (ASL `TimeoutSeconds`)."""
        if lane.now + seconds > self.deadline:
            lane.now = self.deadline
            raise ExecutionAbortError("TIMED_OUT", "States.Timeout", TIMEOUT_CAUSE)
        self.clock.sleep(lane, seconds)

    def check_deadline(self, lane: Lane) -> None:
        if lane.now > self.deadline:
            lane.now = self.deadline
            raise ExecutionAbortError("TIMED_OUT", "States.Timeout", TIMEOUT_CAUSE)

    @property
    def rng(self) -> random.Random:
        """The seeded generator for jitter (made on first use: seeding costs more than a whole run)."""
        if self._rng is None:
            self._rng = random.Random(self.seed)
        return self._rng

    @property
    def context_weight(self) -> int:
        """A bound on the size of any context object of this run (measured on first use)."""
        if not self._context_weight:
            fixed = {"Execution": self.execution, "StateMachine": self.machine}
            # State (name, entered time, retry count), Task token and Map index are short.
            self._context_weight = len(json.dumps(fixed, ensure_ascii=False).encode()) + 1024
        return self._context_weight

    def new_id(self) -> str:
        """A version-4 UUID for names, request ids and tokens: derived from the seed and a counter
        when the execution was given a seed, so they repeat run to run; random otherwise, so
        concurrent runs never share one."""
        if not self.seeded:
            return _random_uuid()
        self._ids += 1
        key = (self.seed, self._ids)
        known = _IDS.get(key)
        if known is None:
            known = _uuid(*key)
            if len(_IDS) < _IDS_KEPT:
                _IDS[key] = known
        return known


# Every run with the same seed draws the same ids, so the first ones are worth keeping:
# a lookup costs a tenth of hashing. Bounded, whatever seeds and lengths the runs have.
_IDS: dict[tuple[int, int], str] = {}
_IDS_KEPT = 4096


# An unseeded run's ids are drawn as `uuid.uuid4` draws them, 122 random bits, but from a
# generator of this process seeded once by the OS: uuid4 reads the OS for every id, and
# hashing a per-run salt and a counter cost nearly twice the draw. A forked child reseeds,
# so it never repeats its parent's ids.
_DRAW = random.Random()
os.register_at_fork(after_in_child=_DRAW.seed)
# The version (4) and variant (RFC 4122) bits, set as `uuid.UUID(int=..., version=4)` sets them.
_V4_KEEP = (1 << 128) - 1 - (0xF000 << 64) - (0xC000 << 48)
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


def _random_uuid() -> str:
    h = (_DRAW.getrandbits(128) & _V4_KEEP | _V4_SET).to_bytes(16).hex()  # cheaper than f"{:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uuid(seed: int, counter: int) -> str:
    h = hashlib.blake2b(f"{seed}:{counter}".encode(), digest_size=16).hexdigest()
    # Formatted by hand as a version-4 UUID: `uuid.UUID` costs more than the hashing.
    variant = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


class Scope:
    """What one lane of states sees: the run, its clock lane, its variables and its payload's weight.

    `weight` bounds the size in bytes of the value the lane holds (weight.py); `result_weight`
    bounds the result of the state running now, for the states whose result is dynamic.
    """

    __slots__ = ("lane", "result_weight", "run", "variables", "weight")

    def __init__(self, run: Run, lane: Lane, variables: dict[str, Json], weight: int = 0) -> None:
        self.run = run
        self.lane = lane
        self.variables = variables
        self.weight = weight
        self.result_weight = 0

    def fork(self, weight: int, *, isolated: bool = False) -> Scope:
        """A scope for a Parallel branch or Map iteration whose input weighs at most `weight`.

        It reads the outer variables as they were on entry and its own assignments stay inside
        (AWS "Variable scope"); a Distributed Map's child executions see none (`isolated`).
        """
        lane = Lane(self.lane.now, self.lane.last_event)
        return Scope(self.run, lane, {} if isolated else dict(self.variables), weight)

    def context(self, name: str, entered: float, retry_count: int | None = None) -> dict[str, Json]:
        """The context object `$$` for a state entered at `entered`.

        Keys come in AWS's order and `State.RetryCount` only for the states that can retry
        (Task, Parallel, Map: `retry_count` not None), as LocalStack's AWS-validated snapshot
        `context_object/test_context_object` records `$$` in a Pass state.
        """
        state: dict[str, Json] = {"Name": name, "EnteredTime": iso(entered)}
        if retry_count is not None:
            state["RetryCount"] = retry_count
        return {"Execution": self.run.execution, "StateMachine": self.run.machine, "State": state}
