"""JSONPath references built with Python syntax: `S.Status`, `S["odd key"]`, `S.items[0]`.

`S` is the state input `$`. Comparison operators on a `Path` build Choice conditions
(`S.Status == 1`), so a Path is deliberately unhashable: `==` never answers a bool.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Literal, NoReturn

from flowdsl.dsl.errors import DslError

if TYPE_CHECKING:
    from flowdsl.dsl.conditions import Condition, Operand

# A key that can follow a dot in the JSONPath Step Functions accepts; anything else is bracketed.
_DOT_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*\Z")

Family = Literal["Numeric", "String", "Boolean", "Timestamp"]


class Path:
    """A JSONPath reference (`$.a.b`, `$$.Execution.Id`, `$var`).

    Attribute access and indexing extend the path; any attribute name works except
    names starting with `_` (use `S["_name"]` for those).
    """

    __slots__ = ("_family", "_text")
    __hash__ = None  # type: ignore[assignment]  # `==` builds a Condition, so no hashing

    def __init__(self, text: str = "$", *, family: Family | None = None) -> None:
        self._text = text
        self._family = family

    def __getattr__(self, name: str) -> Path:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, key: str | int) -> Path:
        if isinstance(key, bool) or not isinstance(key, str | int):
            raise DslError("invalid-path", f"a path step must be a str or int, not {type(key).__name__}")
        if isinstance(key, int):
            return Path(f"{self._text}[{key}]")
        if _DOT_KEY.match(key):
            return Path(f"{self._text}.{key}")
        escaped = key.replace("\\", "\\\\").replace("'", "\\'")
        return Path(f"{self._text}['{escaped}']")

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Path({self._text!r})"

    def __eq__(self, other: object) -> Condition:  # type: ignore[override]
        return _compare(self, "==", other)

    def __ne__(self, other: object) -> Condition:  # type: ignore[override]
        return _compare(self, "!=", other)

    def __lt__(self, other: Operand) -> Condition:
        return _compare(self, "<", other)

    def __le__(self, other: Operand) -> Condition:
        return _compare(self, "<=", other)

    def __gt__(self, other: Operand) -> Condition:
        return _compare(self, ">", other)

    def __ge__(self, other: Operand) -> Condition:
        return _compare(self, ">=", other)

    if not TYPE_CHECKING:
        # Run-time guards only, so type checkers keep rejecting these uses outright.

        def __iter__(self) -> Iterator[Path]:
            # Otherwise Python iterates through `__getitem__` (S.items[0], [1], ...) forever.
            raise DslError(
                "path-misuse",
                f"path '{self}' cannot be iterated at build time: it is read when the workflow "
                f"runs; to run states once per item use Map(..., items_path={python_text(self)}, "
                "processor=...)",
            )

        def __contains__(self, item: object) -> NoReturn:
            raise DslError(
                "path-misuse",
                f"'in' cannot test path '{self}' at build time: compare with '==' and combine "
                "with '|', e.g. (S.x == 1) | (S.x == 2)",
            )

        def __call__(self, *args: object, **kwargs: object) -> NoReturn:
            method = self._text.rpartition(".")[2]
            raise DslError(
                "path-misuse",
                f"path '{self}' is not callable: '.{method}' extended the path instead of calling "
                "a method; use matches(path, 'prefix*') for patterns, is_present()/is_null()/... "
                "for tests, and expr('...') for JSONata functions",
            )


def python_text(path: Path) -> str:
    """How the user most likely wrote a path, for hints: `S.a.b`, `CONTEXT.Map`, else its text."""
    text = str(path)
    for root, name in (("$$", "CONTEXT"), ("$", "S")):
        rest = text[len(root) :]
        if text.startswith(root) and rest[:1] in (".", "["):
            return name + rest
    return repr(text)


def family_of(path: Path) -> Family | None:
    """The comparison family forced with `numeric()`/`string()`/..., if any.

    A function, not a property: every public attribute name of a Path is a step (`S.family`).
    """
    return path._family


COMPARISONS: list[Callable[[Path, str, object], Condition]] = []
"""Where `conditions.py`, which builds on Path, plugs in `compare` (so the two modules do not
import each other; `flowdsl.dsl` loads both)."""


def _compare(path: Path, op: str, other: object) -> Condition:
    return COMPARISONS[0](path, op, other)


def _typed(path: Path, family: Family) -> Path:
    if not isinstance(path, Path):
        raise DslError("invalid-path", f"expected a path such as S.total, got {type(path).__name__}")
    return Path(str(path), family=family)


def numeric(path: Path) -> Path:
    """Compare this path as a number (`S.a == numeric(S.b)` -> `NumericEqualsPath`)."""
    return _typed(path, "Numeric")


def string(path: Path) -> Path:
    """Compare this path as a string (`S.a == string(S.b)` -> `StringEqualsPath`)."""
    return _typed(path, "String")


def boolean(path: Path) -> Path:
    """Compare this path as a boolean (`S.a == boolean(S.b)` -> `BooleanEqualsPath`)."""
    return _typed(path, "Boolean")


def timestamp(path: Path) -> Path:
    """Compare this path as a timestamp: `S.a < timestamp(S.b)` -> `TimestampLessThanPath`,
    `timestamp(S.a) < "2016-03-14T01:59:00Z"` -> `TimestampLessThan` with the text as written."""
    return _typed(path, "Timestamp")


S = Path("$")
"""The state input, `$`."""

CONTEXT = Path("$$")
"""The context object, `$$` (`CONTEXT.Execution.Id`)."""


def var(name: str) -> Path:
    """A workflow variable set by `Assign`, `$name`."""
    return Path(f"${name}")
