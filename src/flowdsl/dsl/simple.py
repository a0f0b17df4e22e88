"""Pass, Wait, Succeed and Fail: the states that do no work of their own."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Unpack

from flowdsl.dsl.base import Continuing, Terminal
from flowdsl.dsl.errors import DslError
from flowdsl.dsl.options import Common, Filters, Variables, takes
from flowdsl.dsl.paths import Path
from flowdsl.model.fields import WAIT_TIME


class PassOptions(Common, Filters, Variables, total=False):
    """Options of `Pass`."""

    result: Any
    parameters: Any
    result_path: str | Path | None


class WaitOptions(Common, Filters, Variables, total=False):
    """Options of `Wait`: exactly one of the four durations."""

    seconds: int | str | Path | None
    seconds_path: str | Path | None
    timestamp: str | datetime | Path | None
    timestamp_path: str | Path | None


class SucceedOptions(Common, Filters, total=False):
    """Options of `Succeed`."""

    output: Any


class FailOptions(Common, total=False):
    """Options of `Fail`."""

    error: str | Path | None
    cause: str | Path | None
    error_path: str | Path | None
    cause_path: str | Path | None


class Pass(Continuing):
    """Passes its input on, optionally injecting `result` (JSONPath) or shaping `output`."""

    TYPE = "Pass"

    @takes(PassOptions)
    def __init__(self, name: str, **options: Unpack[PassOptions]) -> None:
        super().__init__(name, options)


class Wait(Continuing):
    """Waits `seconds`, or until `timestamp`, or the `*_path` forms of either (exactly one).

    In a JSONata state `seconds` and `timestamp` may be a path or an `expr(...)`, which the
    state evaluates (`seconds=S.delay` -> `"{% $states.input.delay %}"`).
    """

    TYPE = "Wait"

    @takes(WaitOptions)
    def __init__(self, name: str, **options: Unpack[WaitOptions]) -> None:
        super().__init__(name, options)
        given = [key for key in WAIT_TIME if options.get(key) is not None]
        if len(given) != 1:
            raise DslError(
                "wait-duration",
                f"wait '{name}' needs exactly one of seconds, seconds_path, timestamp, timestamp_path",
            )


class Succeed(Terminal):
    """Ends the execution (or its branch) successfully."""

    TYPE = "Succeed"

    @takes(SucceedOptions)
    def __init__(self, name: str, **options: Unpack[SucceedOptions]) -> None:
        super().__init__(name, options)


class Fail(Terminal):
    """Ends the execution with an error name and a cause (or the `*_path` forms).

    In a JSONata state `error` and `cause` may be a path or an `expr(...)` instead.
    """

    TYPE = "Fail"

    @takes(FailOptions)
    def __init__(self, name: str, **options: Unpack[FailOptions]) -> None:
        super().__init__(name, options)
