"""Pass, Wait, Succeed and Fail: the states that do no work of their own."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flowdsl.dsl.base import Continuing, Terminal
from flowdsl.dsl.errors import DslError
from flowdsl.dsl.paths import Path
from flowdsl.dsl.values import UNSET, Unset
from flowdsl.model import QueryLanguage


class Pass(Continuing):
    """Passes its input on, optionally injecting `result` (JSONPath) or shaping `output`."""

    TYPE = "Pass"

    def __init__(
        self,
        name: str,
        *,
        result: Any = UNSET,
        parameters: Any = None,
        input_path: str | Path | Unset | None = UNSET,
        result_path: str | Path | Unset | None = UNSET,
        output_path: str | Path | Unset | None = UNSET,
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
        comment: str | None = None,
        query_language: QueryLanguage | None = None,
    ) -> None:
        super().__init__(name, comment=comment, query_language=query_language)
        put = self.fields.put
        put("InputPath", input_path, nullable=True)
        put("Parameters", parameters)
        put("Result", result, nullable=True)
        put("ResultPath", result_path, nullable=True)
        put("OutputPath", output_path, nullable=True)
        put("Assign", assign)
        put("Output", output, nullable=True)


class Wait(Continuing):
    """Waits `seconds`, or until `timestamp`, or the `*_path` forms of either (exactly one).

    In a JSONata state `seconds` and `timestamp` may be a path or an `expr(...)`, which the
    state evaluates (`seconds=S.delay` -> `"{% $states.input.delay %}"`).
    """

    TYPE = "Wait"

    def __init__(
        self,
        name: str,
        *,
        seconds: int | str | Path | None = None,
        seconds_path: str | Path | None = None,
        timestamp: str | datetime | Path | None = None,
        timestamp_path: str | Path | None = None,
        input_path: str | Path | Unset | None = UNSET,
        output_path: str | Path | Unset | None = UNSET,
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
        comment: str | None = None,
        query_language: QueryLanguage | None = None,
    ) -> None:
        super().__init__(name, comment=comment, query_language=query_language)
        given = [value for value in (seconds, seconds_path, timestamp, timestamp_path) if value is not None]
        if len(given) != 1:
            raise DslError(
                "wait-duration",
                f"wait '{name}' needs exactly one of seconds, seconds_path, timestamp, timestamp_path",
            )
        put = self.fields.put
        put("Seconds", seconds)
        put("SecondsPath", seconds_path)
        put("Timestamp", timestamp)
        put("TimestampPath", timestamp_path)
        put("InputPath", input_path, nullable=True)
        put("OutputPath", output_path, nullable=True)
        put("Assign", assign)
        put("Output", output, nullable=True)


class Succeed(Terminal):
    """Ends the execution (or its branch) successfully."""

    TYPE = "Succeed"

    def __init__(
        self,
        name: str,
        *,
        input_path: str | Path | Unset | None = UNSET,
        output_path: str | Path | Unset | None = UNSET,
        output: Any = UNSET,
        comment: str | None = None,
        query_language: QueryLanguage | None = None,
    ) -> None:
        super().__init__(name, comment=comment, query_language=query_language)
        self.fields.put("InputPath", input_path, nullable=True)
        self.fields.put("OutputPath", output_path, nullable=True)
        self.fields.put("Output", output, nullable=True)


class Fail(Terminal):
    """Ends the execution with an error name and a cause (or the `*_path` forms).

    In a JSONata state `error` and `cause` may be a path or an `expr(...)` instead.
    """

    TYPE = "Fail"

    def __init__(
        self,
        name: str,
        *,
        error: str | Path | None = None,
        cause: str | Path | None = None,
        error_path: str | Path | None = None,
        cause_path: str | Path | None = None,
        comment: str | None = None,
        query_language: QueryLanguage | None = None,
    ) -> None:
        super().__init__(name, comment=comment, query_language=query_language)
        put = self.fields.put
        put("Error", error)
        put("ErrorPath", error_path)
        put("Cause", cause)
        put("CausePath", cause_path)
