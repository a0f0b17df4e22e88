"""JSONPath-mode paths: `$` (state input), `$$` (context object) and `$name` (variables).

Reference paths (only `.name`, `['name']` and `[index]` steps; AWS "Reference Paths" in
https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html) are compiled
here into a tuple of keys and indexes, so selecting one is a plain walk with no parsing, regex or
library call per evaluation. Everything else (wildcards, slices, filters, unions, recursive
descent) is handed to python-jsonpath and, like Jayway (the library AWS uses), returns a list.
"""

from __future__ import annotations

import functools
import re
from enum import Enum
from typing import Any

from flowdsl.expr.errors import AslRuntimeError, ExpressionSyntaxError, PathNotFoundError
from flowdsl.expr.timed_regex import DEFAULT_SECONDS, RegexTimeout, TimedPattern, budget

__all__ = [
    "CompiledPath",
    "Json",
    "PathSyntaxError",
    "Root",
    "compile_path",
]

Json = Any
"""Any decoded JSON value; the engine treats values as immutable and this module never mutates them."""

# Characters that end a dot-notation name or make a path non-definite.
_NAME_STOP = frozenset(".[]*?@,:()'\"\\ \t\r\n")
_LENGTH_SCRIPT = re.compile(r"\[\s*\(\s*@\.length\s*-\s*(\d+)\s*\)\s*\]")
_VARIABLE_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_VARIABLE_CHARS = _VARIABLE_START | frozenset("0123456789")

Step = str | int


class Root(Enum):
    """What a path starts from."""

    INPUT = "$"
    CONTEXT = "$$"
    VARIABLE = "$var"


class PathSyntaxError(ExpressionSyntaxError, ValueError):
    """A path that cannot be parsed; `position` is the 0-based offset of the problem in `text`."""

    language = "path"


class CompiledPath:
    """A parsed path; build it with `compile_path` (cached by text)."""

    __slots__ = (
        "_from_context",
        "_from_input",
        "_keys",
        "_query",
        "is_reference",
        "root",
        "steps",
        "text",
        "variable",
    )

    def __init__(self, text: str, root: Root, variable: str | None, rest: str) -> None:
        self.text = text
        self.root = root
        self._from_input, self._from_context = root is Root.INPUT, root is Root.CONTEXT
        self.variable = variable
        """The variable name for `$name...` paths, else None."""
        self.steps: tuple[Step, ...] | None = _reference_steps(rest)
        """Keys and indexes of a reference path; None when the path is not a reference path."""
        self.is_reference = self.steps is not None
        """True when the path can only name one node, as ResultPath, Choice `Variable` and the
        `*Path` fields require."""
        # Only names (`$.a.b`, the usual path): `select` walks them with one test per step.
        self._keys: tuple[Step, ...] | None = None
        if self.steps is not None and all(isinstance(step, str) for step in self.steps):
            self._keys = self.steps
        self._query: Any = None if self.is_reference else _library_query(text, rest)

    def __repr__(self) -> str:
        return f"CompiledPath({self.text!r})"

    def select(self, data: Json, context: Json = None, variables: dict[str, Json] | None = None) -> Json:
        """The value this path names in `data` (`$`), `context` (`$$`) or `variables` (`$name`).

        A reference path returns the value and raises `PathNotFoundError` (`States.Runtime`) when it
        names nothing; any other path returns the list of matches, possibly empty, as Jayway does.
        """
        if self._from_input:
            node = data
        else:
            node = context if self._from_context else self._start(context, variables)
        keys = self._keys
        if keys is not None:
            for step in keys:
                if isinstance(node, dict) and step in node:
                    node = node[step]
                    continue
                raise self.not_found()
            return node
        steps = self.steps
        if steps is None:
            # A string has no fields or items: no matches. (python-jsonpath would parse a str
            # argument as JSON text, so "{\"x\": [5]}" would match `$.x[*]`.)
            if isinstance(node, str) and not isinstance(self._query, _MergedKeys):
                return []
            return _find_all(self._query, node, self.text)
        for step in steps:
            if isinstance(step, str):
                if isinstance(node, dict) and step in node:
                    node = node[step]
                    continue
            elif isinstance(node, list) and -len(node) <= step < len(node):
                node = node[step]
                continue
            raise self.not_found()
        return node

    def _start(self, context: Json, variables: dict[str, Json] | None) -> Json:
        if self.root is Root.CONTEXT:
            return context
        if variables is None or self.variable not in variables:
            raise AslRuntimeError("States.Runtime", f"Invalid path '{self.text}': variable is not defined")
        return variables[self.variable]

    def not_found(self) -> PathNotFoundError:
        """The error for this path naming nothing, worded as AWS words it for InputPath/OutputPath
        (Jayway's "No results for path" with the normalised path)."""
        return PathNotFoundError(
            self.text, f"Invalid path '{self.text}' : No results for path: {self.normalised()}"
        )

    def normalised(self) -> str:
        """Jayway's normalised form of a reference path: `$['a'][0]`."""
        parts = [f"[{step}]" if isinstance(step, int) else f"['{step}']" for step in self.steps or ()]
        return "$" + "".join(parts)


@functools.lru_cache(maxsize=4096)
def compile_path(text: str) -> CompiledPath:
    """Parse `text` once (cached); raises `PathSyntaxError` for a malformed path."""
    root, variable, rest = _split_root(text)
    return CompiledPath(text, root, variable, rest)


def _split_root(text: str) -> tuple[Root, str | None, str]:
    if text.startswith("$$"):
        return Root.CONTEXT, None, text[2:]
    if not text.startswith("$"):
        raise PathSyntaxError("a path must start with '$'", text, 0)
    if len(text) > 1 and text[1] in _VARIABLE_START:
        end = 2
        while end < len(text) and text[end] in _VARIABLE_CHARS:
            end += 1
        return Root.VARIABLE, text[1:end], text[end:]
    return Root.INPUT, None, text[1:]


def _reference_steps(rest: str) -> tuple[Step, ...] | None:
    """The steps of a reference path, or None when `rest` uses anything beyond names and indexes."""
    steps: list[Step] = []
    pos = 0
    while pos < len(rest):
        if rest.startswith(".[", pos):
            pos += 1
        if rest[pos] == "[":
            parsed = _bracket_step(rest, pos)
        elif rest[pos] == ".":
            parsed = _dot_step(rest, pos + 1)
        else:
            return None
        if parsed is None:
            return None
        step, pos = parsed
        steps.append(step)
    return tuple(steps)


def _dot_step(rest: str, start: int) -> tuple[Step, int] | None:
    end = start
    while end < len(rest) and rest[end] not in _NAME_STOP:
        end += 1
    if end == start or (end < len(rest) and rest[end] not in ".["):
        return None
    return rest[start:end], end


def _bracket_step(rest: str, start: int) -> tuple[Step, int] | None:
    close = rest.find("]", start)
    if close < 0:
        return None
    inner = rest[start + 1 : close]
    if inner[:1] in ("'", '"'):
        return _quoted_step(rest, start + 1)
    digits = inner[1:] if inner.startswith("-") else inner
    if digits.isascii() and digits.isdigit():
        return int(inner), close + 1
    return None


def _quoted_step(rest: str, start: int) -> tuple[Step, int] | None:
    quote = rest[start]
    chars: list[str] = []
    pos = start + 1
    while pos < len(rest) and rest[pos] != quote:
        if rest[pos] == "\\" and pos + 1 < len(rest):
            pos += 1
        chars.append(rest[pos])
        pos += 1
    if not rest.startswith(quote + "]", pos):
        return None
    return "".join(chars), pos + 2


def _library_query(text: str, rest: str) -> Any:
    """Compile a non-reference path with python-jsonpath, mapping its syntax errors to ours.

    Jayway's script index `[(@.length-N)]` (the N-th item from the end, used in real definitions)
    is not RFC 9535, so it is rewritten to the equivalent `[-N]` first. The library is imported on
    first use: most machines only use reference paths, and it costs ~30 ms at start-up.
    """
    from jsonpath.exceptions import JSONPathError, JSONPathSyntaxError  # noqa: PLC0415

    rest = _without_dot_brackets(rest)  # Jayway reads `.[` as `[` (`$.[*]`, `$.a.['b']`)
    merged = _MERGED_KEYS.search(rest)
    if merged is not None and not rest[: merged.start()].endswith("."):  # not after `..`
        return _merged_keys(text, rest[: merged.start()], merged.group(0))
    try:
        return _environment().compile("$" + _LENGTH_SCRIPT.sub(r"[-\1]", rest))
    except JSONPathSyntaxError as exc:
        index = exc.token.index if exc.token is not None and exc.token.index >= 0 else len(rest) + 1
        offset = len(text) - len(rest) - 1
        raise PathSyntaxError(str(exc.args[0]), text, max(0, index + offset)) from None
    except JSONPathError as exc:
        raise PathSyntaxError(str(exc.args[0]), text, len(text)) from None


def _without_dot_brackets(rest: str) -> str:
    """`rest` with each single `.` before a `[` outside quotes dropped (`..[` is kept)."""
    out: list[str] = []
    quote = ""
    for i, char in enumerate(rest):
        if quote:
            quote = "" if char == quote and rest[i - 1] != "\\" else quote
        elif char in "'\"":
            quote = char
        elif char == "." and rest[i + 1 : i + 2] == "[" and rest[i - 1 : i] != ".":
            continue
        out.append(char)
    return "".join(out)


_QUOTED = r"""(?:'[^'\\]*'|"[^"\\]*")"""
# A last step naming several keys: `['bucket','key']`.
_MERGED_KEYS = re.compile(rf"\[\s*{_QUOTED}(?:\s*,\s*{_QUOTED})+\s*\]\Z")


class _MergedKeys:
    """Jayway's last step `['a','b']`: each object matched becomes one object holding those of
    the keys it has (Jayway `PathToken.handleObjectProperty`, the "multi property merge" case).

    That step is definite, so after a reference path (`$['a','b']`) the result is the one merged
    object, and no object there is a path that finds nothing; after any other path
    (`$.[*].['bucket','key']`) it is the list of merged objects, one per object matched.
    """

    __slots__ = ("definite", "names", "prefix", "text")

    def __init__(self, text: str, prefix: CompiledPath, names: list[str]) -> None:
        self.text, self.prefix, self.names = text, prefix, names
        self.definite = prefix.is_reference

    def findall(self, node: Json) -> Json:
        if not self.definite:
            matches = self.prefix.select(node)
            return [self._merge(m) for m in matches if isinstance(m, dict)]
        try:
            found = self.prefix.select(node)
        except PathNotFoundError:
            found = None
        if not isinstance(found, dict):
            raise PathNotFoundError(self.text, f"Invalid path '{self.text}' : No results for path: $")
        return self._merge(found)

    def _merge(self, value: dict[str, Json]) -> dict[str, Json]:
        return {name: value[name] for name in self.names if name in value}


def _merged_keys(text: str, prefix: str, last: str) -> _MergedKeys:
    names = [quoted[1:-1] for quoted in re.findall(_QUOTED, last)]
    return _MergedKeys(text, CompiledPath("$" + prefix, Root.INPUT, None, prefix), names)


@functools.cache
def _environment() -> Any:
    from jsonpath import JSONPathEnvironment  # noqa: PLC0415
    from jsonpath.filter import RegexLiteral  # noqa: PLC0415
    from jsonpath.parse import Parser  # noqa: PLC0415

    class TimedParser(Parser):
        """`=~ /pattern/` compiled by `timed_regex`, so a backtracking pattern cannot hang a run."""

        def parse_regex(self, stream: Any) -> Any:
            compiled: Any = getattr(super().parse_regex(stream), "value")  # noqa: B009
            timed: Any = TimedPattern(compiled.pattern, compiled.flags & ~re.UNICODE)
            return RegexLiteral(value=timed)

    class Environment(JSONPathEnvironment):
        parser_class = TimedParser

    return Environment()


def _find_all(query: Any, node: Json, text: str) -> Json:
    """The matches of a library query; its regex filters share one time budget (as JSONata's)."""
    try:
        with budget(DEFAULT_SECONDS):
            return query.findall(node)
    except RegexTimeout as exc:
        raise AslRuntimeError("States.Runtime", f"Evaluating path '{text}' failed: {exc}") from None
