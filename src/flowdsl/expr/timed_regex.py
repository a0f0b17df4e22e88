"""Regular expressions under a time budget, for JSONata regex literals and JSONPath `=~` filters.

Python's `re` cannot be interrupted: `$match(s, /^(a+)+$/)` on 35 characters backtracks for
minutes while holding the GIL, so neither JSONata's own runaway guard (checked between
evaluation steps) nor a watchdog thread can stop it. The `regex` package accepts a `timeout`
on every matching call and checks it inside the matcher, so a pattern is compiled with it and
each call gets the time left of the evaluation's budget (`budget`); past it the call raises
`RegexTimeout`. A separate worker process would also be interruptible, but would cost a
process start or a pool and a pickling round trip per call, for every `$match` of every state.
`regex` is compatible with `re` syntax (its VERSION0 mode, the default).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# The budget of one JSONPath evaluation, and of a pattern used outside `budget`: the same 10 s
# as JSONata's runaway guard (`jsonata.TIMEOUT_MS`).
DEFAULT_SECONDS = 10.0
_deadline: ContextVar[float | None] = ContextVar("flowdsl_regex_deadline", default=None)


class RegexTimeout(Exception):  # noqa: N818 - names the event, like TimeoutError
    """A regular expression ran past the time left in its evaluation's budget."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(f"the regular expression /{pattern}/ ran for more than {seconds:g} s")


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Give every regex call inside the block at most `seconds` in total (nested blocks share it)."""
    if _deadline.get() is not None:
        yield
        return
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _left() -> float:
    deadline = _deadline.get()
    if deadline is None:
        return DEFAULT_SECONDS
    return max(0.001, deadline - time.monotonic())


class TimedPattern:
    """A compiled `regex` pattern whose matching calls stop at the budget (the `re.Pattern` API)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._compiled = _regex().compile(pattern, flags)
        self.pattern = pattern
        self.flags = flags

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        seconds = _left()
        try:
            return getattr(self._compiled, method)(*args, timeout=seconds, **kwargs)
        except TimeoutError:
            raise RegexTimeout(self.pattern, seconds) from None

    def search(self, string: str, *args: Any) -> Any:
        return self._call("search", string, *args)

    def match(self, string: str, *args: Any) -> Any:
        return self._call("match", string, *args)

    def fullmatch(self, string: str, *args: Any) -> Any:
        return self._call("fullmatch", string, *args)

    def finditer(self, string: str, *args: Any) -> Iterator[Any]:
        # Collected here so the budget covers the whole scan, not just creating the iterator.
        seconds = _left()
        try:
            return iter(list(self._compiled.finditer(string, *args, timeout=seconds)))
        except TimeoutError:
            raise RegexTimeout(self.pattern, seconds) from None

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return str(self._call("sub", repl, string, count))

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return list(self._call("split", string, maxsplit))


def jsonata_engine(pattern: str, flags: Any) -> TimedPattern:
    """jsonata-python's `regex_engine` hook: the library's flags mapped to `regex` flags."""
    module = _regex()
    value = (module.IGNORECASE if flags.case_insensitive else 0) | (
        module.MULTILINE if flags.multiline else 0
    )
    return TimedPattern(pattern, value)


def _regex() -> Any:
    """The `regex` module, imported on the first pattern: most machines use none."""
    return importlib.import_module("regex")
