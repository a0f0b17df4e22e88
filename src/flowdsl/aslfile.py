"""Reading `.asl.json` files: one clear error for each way a file can be unusable.

Parsing uses the C JSON decoder; line numbers are found only when a diagnostic needs one,
by a small position-tracking scanner (`_index`) that maps JSON Pointers to lines. The same
scanner names both lines of a duplicate key, which plain JSON parsers silently drop.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowdsl.diagnostics import Diagnostic, FlowdslError, error, json_noun
from flowdsl.files import ReadRefused, read_limited
from flowdsl.locations import FileLine, InDocument, Pointer

# Every code `read_asl` can raise, for `--ignore` and the docs.

# AWS hard quota: a state machine definition is at most 1 MB. Files may carry indentation,
# so the reader allows more and the checker measures the compact definition.
MAX_FILE_BYTES = 8 * 1024 * 1024
_YAML_HINT = re.compile(r"^(---|%YAML|[A-Za-z_][\w .-]*:(\s|$))")


@dataclass
class AslDocument:
    """A decoded ASL file; `line_of(pointer)` gives the line where that value starts."""

    path: str
    text: str
    data: Any
    _lines: dict[str, int] | None = field(default=None, repr=False)

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line of the value at a JSON Pointer, or of its closest ancestor."""
        if self._lines is None:
            self._lines, _ = _index(self.text)
        probe = pointer
        while probe not in self._lines and probe:
            probe = probe.rpartition("/")[0]
        return self._lines.get(probe)

    def locate(self, pointer: str) -> InDocument:
        """`file.asl.json:LINE /pointer`, the location of every ASL diagnostic."""
        return InDocument(self.path, pointer, self.line_of(pointer) or None)

    def localise(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Diagnostics located by JSON Pointer (or nowhere: the whole file), placed in the file."""
        return [d.relocated(self.locate(d.location)) if _in_definition(d) else d for d in diagnostics]

    def in_reading_order(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """By line, the rule order breaking ties; the whole definition (`""`) comes first."""
        return sorted(diagnostics, key=lambda d: self._line_key(d.location))

    def _line_key(self, where: str) -> int:
        return (self.line_of(where) or 0) if isinstance(where, Pointer) and where.startswith("/") else 0


def _in_definition(diagnostic: Diagnostic) -> bool:
    return isinstance(diagnostic.location, Pointer) or not diagnostic.location


def read_asl(path: str | Path) -> AslDocument:
    """Read and decode an ASL file; raises FlowdslError with one located diagnostic."""
    name = str(path)
    raw = _read_bytes(Path(path), name)
    text = _decode(raw, name)
    data = _parse(text, name)
    if not isinstance(data, dict):
        raise _fail(
            "not-an-object", f"a state machine is a JSON object, this file holds {json_noun(data)}", name
        )
    return AslDocument(name, text, data)


def _read_bytes(path: Path, name: str) -> bytes:
    """At most MAX_FILE_BYTES of a regular file: a link to /dev/zero or a FIFO is refused unread."""
    try:
        return read_limited(path, MAX_FILE_BYTES)
    except ReadRefused as exc:
        shown = _shown(name)
        raise _fail(*_read_problem(exc, shown), shown) from None
    except ValueError:
        # A name the file system cannot take: a NUL byte, a lone surrogate.
        shown = _shown(name)
        raise _fail("unreadable-file", f"cannot read '{shown}': not a usable file name", shown) from None


def _shown(name: str) -> str:
    """A file name as it can be printed (a lone surrogate escaped)."""
    return name.encode("utf-8", "backslashreplace").decode()


def _read_problem(exc: ReadRefused, name: str) -> tuple[str, str]:
    """(code, message) for a refused read, in the words this module always used."""
    if exc.kind == "not-found":
        return "file-not-found", f"no such file '{name}'"
    if exc.kind == "denied":
        return "unreadable-file", f"permission denied reading '{name}'"
    if exc.kind == "too-large":
        return "file-too-large", exc.reason
    if exc.reason == "it is a directory":
        return "unreadable-file", f"'{name}' is a directory, not an ASL file"
    return "unreadable-file", f"cannot read '{name}': {exc.reason}"


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail("not-utf8", f"file is not UTF-8 text (bad byte at offset {exc.start})", name) from None
    if not text.strip():
        raise _fail("empty-file", "file is empty: an ASL file holds one JSON object", name)
    return text


def _parse(text: str, name: str) -> Any:
    duplicates: list[bool] = []
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _note_duplicates(pairs, duplicates))
    except json.JSONDecodeError as exc:
        if _looks_like_yaml(text):
            raise _fail("yaml-not-json", "this looks like YAML: ASL files are JSON", name) from None
        message = exc.msg[0].lower() + exc.msg[1:]
        where = FileLine(name, exc.lineno, exc.colno)
        raise FlowdslError([error("invalid-json", f"not valid JSON: {message}", where)]) from None
    except RecursionError:
        raise _fail("invalid-json", "not usable JSON: nested too deeply", name) from None
    except ValueError:
        # Python refuses integers of more than 4300 digits (sys.get_int_max_str_digits).
        raise _fail("invalid-json", "not usable JSON: a number has too many digits", name) from None
    if duplicates:
        _, found = _index(text)
        raise FlowdslError([_duplicate(name, pointer, lines) for pointer, lines in found])
    return data


def _note_duplicates(pairs: list[tuple[str, Any]], sink: list[bool]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        sink.append(True)
    return result


def _duplicate(name: str, pointer: str, lines: tuple[int, int]) -> Diagnostic:
    key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return error(
        "duplicate-key",
        f"key '{key}' appears twice in one object (lines {lines[0]} and {lines[1]}); "
        "JSON parsers silently keep only the last",
        InDocument(name, pointer, lines[1]),
    )


def _looks_like_yaml(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    return bool(_YAML_HINT.match(first.strip()))


def _fail(code: str, message: str, file: str) -> FlowdslError:
    return FlowdslError([error(code, message, FileLine(file))])


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+|\n')


def _index(text: str) -> tuple[dict[str, int], list[tuple[str, tuple[int, int]]]]:
    """Pointer -> line of every value, and every duplicate key as (pointer, (first, second))."""
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, tuple[int, int]]] = []
    # Each open container: [pointer, is_object, next array index, pending key, {key: line}]
    stack: list[list[Any]] = []
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token in ":,":
            continue
        elif token in "}]":
            stack.pop()
        elif stack and stack[-1][1] and stack[-1][3] is None:
            _key(stack[-1], json.loads(token), line, duplicates)
        else:
            pointer = _value_pointer(stack)
            lines.setdefault(pointer, line)
            if token in "{[":
                stack.append([pointer, token == "{", 0, None, {}])
    return lines, duplicates


def _key(frame: list[Any], key: str, line: int, duplicates: list[tuple[str, tuple[int, int]]]) -> None:
    pointer = f"{frame[0]}/{key.replace('~', '~0').replace('/', '~1')}"
    seen: dict[str, int] = frame[4]
    if key in seen:
        duplicates.append((pointer, (seen[key], line)))
    seen[key] = line
    frame[3] = key


def _value_pointer(stack: list[list[Any]]) -> str:
    if not stack:
        return ""
    frame = stack[-1]
    if frame[1]:
        key, frame[3] = frame[3], None
        return f"{frame[0]}/{key.replace('~', '~0').replace('/', '~1')}"
    index, frame[2] = frame[2], frame[2] + 1
    return f"{frame[0]}/{index}"
