"""Where a diagnostic points: small typed values, one class per kind of place.

- `Pointer`: a JSON Pointer into the definition being checked (a state path such as
  `/States/A/Next`), not yet tied to a file; checks and the model report these.
- `FileLine`: a file, and a line (and column) of it when known: `flow.py:14`, `x.asl.json:4:2`.
- `InDocument`: a JSON Pointer in a named JSON document, with the line it starts at:
  `x.asl.json:12 /States/A` (`template.yaml /Resources/M/...` when no line is known).
- `FilePointer`: a JSON Pointer in a file without a line, written `file:/pointer` (mock files).
- `Text`: a place that is only ever shown (`--handlers`, a stack name) or given as plain text.

Each value is its own text (a `str`), so output, JSON and the public API that has always
taken and returned strings (`Source.locations`, `Diagnostic.location`) read exactly as before;
code that needs a part reads the attribute (`.file`, `.line`, `.pointer`), never the text.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FileLine", "FilePointer", "InDocument", "Location", "Pointer", "Text", "as_location"]


class Location(str):
    """A place a user can fix something; equal to (and printed as) its text."""

    __slots__ = ()
    _parts: tuple[Any, ...] = ()

    def __getnewargs__(self) -> tuple[Any, ...]:  # copy and pickle rebuild it from its parts
        return self._parts

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a {type(self).__name__} cannot be changed")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self._parts))})"

    def sort_key(self) -> tuple[str, int]:
        """(file, line) for reading order; places without a line sort first, as ("", 0)."""
        return ("", 0)

    @classmethod
    def _made(cls, shown: str, /, **parts: Any) -> Any:
        """The value: its text, and each part as an attribute (in the constructor's order)."""
        value = str.__new__(cls, shown)
        object.__setattr__(value, "_parts", tuple(parts.values()))
        for name, part in parts.items():
            object.__setattr__(value, name, part)
        return value


class Text(Location):
    """A place given as plain text: shown as is, with no parts to read."""

    text: str

    def __new__(cls, text: str = "") -> Text:
        made: Text = cls._made(str(text), text=str(text))
        return made


class Pointer(Location):
    """A JSON Pointer into the definition being checked; `""` is the whole definition."""

    pointer: str

    def __new__(cls, pointer: str) -> Pointer:
        made: Pointer = cls._made(pointer, pointer=pointer)
        return made


class _InFile(Location):
    """A place in a named file, at a line when known."""

    file: str
    line: int | None

    def sort_key(self) -> tuple[str, int]:
        return (self.file, self.line) if self.line is not None else ("", 0)


class FileLine(_InFile):
    """A file (`mocks.json`), a line of it (`flow.py:14`), or a line and column (`x.json:4:2`)."""

    column: int | None

    def __new__(cls, file: str, line: int | None = None, column: int | None = None) -> FileLine:
        text = ":".join([file, *(str(n) for n in (line, column) if n is not None)])
        made: FileLine = cls._made(text, file=file, line=line, column=column)
        return made


class InDocument(_InFile):
    """A JSON Pointer in a named document: `x.asl.json:12 /States/A`, `t.yaml /Resources/M`."""

    pointer: str

    def __new__(cls, file: str, pointer: str, line: int | None = None) -> InDocument:
        text = f"{file}:{line} {pointer}" if line is not None else f"{file} {pointer}"
        made: InDocument = cls._made(text.rstrip(), file=file, pointer=pointer, line=line)
        return made


class FilePointer(Location):
    """A JSON Pointer in a file whose lines are not known: `mocks.json:/MockedResponses/R`."""

    file: str
    pointer: str

    def __new__(cls, file: str, pointer: str) -> FilePointer:
        made: FilePointer = cls._made(f"{file}:{pointer}", file=file, pointer=pointer)
        return made


def as_location(place: str) -> Location:
    """`place` itself when it is a Location, else the plain text as a `Text` place."""
    return place if isinstance(place, Location) else Text(place)
