"""Pytest helpers: "given this input and these mocks, this path was taken" in one line.

    from flowdsl.testing import assert_path

    def test_happy_path():
        execution = assert_path(workflow, {"inputCaseID": "001"}, ["Open Case", "Assign Case", ...])
        assert execution.output == ...

Installed as a pytest plugin (entry point `pytest11`), so the `flowdsl_run` fixture is
available in any suite: `flowdsl_run(workflow, input, mocks=...)` returns the Execution.
`flowdsl_serve` is a served Step Functions endpoint on a free loopback port (its URL, for
`boto3.client("stepfunctions", endpoint_url=...)`), stopped after the test.
The engine is imported only when a helper runs, so the plugin costs nothing otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack

import pytest

if TYPE_CHECKING:
    from flowdsl.api import Definition
    from flowdsl.engine import Execution, MockSpec
    from flowdsl.engine.runner import EngineOptions
    from flowdsl.handlers import HandlerBindings

Runner = Callable[..., "Execution"]


def path_of(execution: Execution) -> list[str]:
    """The states the execution entered, in order (nested branch and iteration states included)."""
    return [
        event["stateEnteredEventDetails"]["name"]
        for event in execution.history
        if event["type"].endswith("StateEntered")
    ]


def assert_path(
    definition: Definition,
    input: Any,
    expected: Sequence[str],
    *,
    status: str | None = None,
    mocks: Mapping[str, MockSpec] | None = None,
    handlers: HandlerBindings | None = None,
    **engine_options: Unpack[EngineOptions],
) -> Execution:
    """Run `definition` on `input` and assert the states entered were exactly `expected`.

    `status` ("SUCCEEDED", "FAILED", "TIMED_OUT") is checked too when given. Returns the
    Execution for further asserts; a failure shows expected vs actual path, where they part,
    and how the execution ended.
    """
    from flowdsl.api import run  # noqa: PLC0415 - keep the pytest plugin import-light

    execution = run(definition, input, handlers=handlers, mocks=mocks, **engine_options)
    actual = path_of(execution)
    if actual != list(expected) or (status is not None and execution.status != status):
        pytest.fail(describe_mismatch(list(expected), actual, execution, status), pytrace=False)
    return execution


def describe_mismatch(
    expected: list[str], actual: list[str], execution: Execution, status: str | None
) -> str:
    """A readable report of a path (or status) mismatch."""
    lines = [
        f"expected path: {_arrow(expected)}",
        f"actual path:   {_arrow(actual)}",
    ]
    step = next((i for i, (e, a) in enumerate(zip(expected, actual, strict=False)) if e != a), None)
    if step is None and len(expected) != len(actual):
        step = min(len(expected), len(actual))
    if step is not None:
        want = expected[step] if step < len(expected) else "(end)"
        got = actual[step] if step < len(actual) else "(end)"
        lines.append(f"first difference at step {step + 1}: expected '{want}', got '{got}'")
    if status is not None and execution.status != status:
        lines.append(f"expected status {status}, got {execution.status}")
    lines.append(f"execution ended {_ending(execution)}")
    return "\n".join(lines)


@pytest.fixture
def flowdsl_run() -> Runner:
    """`flowdsl_run(definition, input, *, handlers=None, mocks=None, **engine_options) -> Execution`."""
    from flowdsl.api import run  # noqa: PLC0415 - see assert_path

    return run


@pytest.fixture
def flowdsl_serve() -> Iterator[str]:
    """The URL of a fresh `flowdsl serve` on 127.0.0.1 (a free port), shut down after the test.

    Service integrations go to `AWS_ENDPOINT_URL` when it is set (a moto server, LocalStack).
    """
    from flowdsl.service.core import Service  # noqa: PLC0415 - see assert_path
    from flowdsl.service.wire import StepFunctionsServer  # noqa: PLC0415

    server = StepFunctionsServer(("127.0.0.1", 0), Service())
    server.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()


def _arrow(path: list[str]) -> str:
    return " -> ".join(path) if path else "(no states)"


def _ending(execution: Execution) -> str:
    if execution.status == "SUCCEEDED":
        return "SUCCEEDED"
    return f"{execution.status}: error={execution.error!r} cause={execution.cause!r}"
