"""Canned task responses: what a Task state returns when it is mocked instead of run.

`mocks` passed to `execute()` map a state name to a `MockSpec`:

- `Return(value)`: the task result (for `arn:aws:states:::lambda:invoke` that is the whole
  integration response, `{"StatusCode": 200, "Payload": ...}`, as in AWS MockConfigFile);
- `Throw(error, cause)`: the task fails with that ASL error;
- a callable `(task_input) -> Json`: computes the result (raise `MockError` to fail);
- a sequence of the above: one per call, in order (Step Functions Local's numbered
  responses); a call past the last one fails the execution with `States.Runtime`.

`seconds` on `Return`/`Throw` is how long the call takes on the virtual clock, so
`TimeoutSeconds`/`HeartbeatSeconds` can be exercised without waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Json = Any


@dataclass(frozen=True, slots=True)
class Return:
    """The task succeeds with `value` after `seconds` of virtual time."""

    value: Json
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Throw:
    """The task fails with ASL error `error` and `cause` after `seconds` of virtual time."""

    error: str
    cause: str | None = None
    seconds: float = 0.0


class MockError(Exception):
    """Raise from a mock callable to fail the task with an ASL `error` and `cause`."""

    def __init__(self, error: str, cause: str | None = None) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


MockResponse = Return | Throw | Callable[[Json], Json]
MockSpec = MockResponse | Sequence[MockResponse]


def is_sequence(spec: MockSpec) -> bool:
    """Whether a spec is a list of per-call responses rather than one response for every call."""
    return isinstance(spec, Sequence) and not isinstance(spec, str | bytes)


def response_for(spec: MockSpec, call: int) -> MockResponse | None:
    """The response for the `call`-th invocation (0-based), or None when a sequence ran out."""
    if not is_sequence(spec):
        return spec  # type: ignore[return-value]
    responses: Sequence[MockResponse] = spec  # type: ignore[assignment]
    return responses[call] if call < len(responses) else None
