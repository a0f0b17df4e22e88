"""Diagnostics: the one shape every check, loader and compiler reports problems in."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from flowdsl.codes import ALL_CODES, Severity
from flowdsl.locations import Location, Pointer, Text, as_location

__all__ = [
    "Diagnostic", "FlowdslError", "Mention", "Severity", "did_you_mean", "error", "has_errors", "json_noun",
    "warning",
]  # fmt: skip


NOWHERE: Location = Text("")
"""The location of a diagnostic about nothing in particular (shown without `[...]`)."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A second place a message names (`... also at /States/X; ...`), kept as a value so that
    placing the diagnostic in a file can name that place's line without reading the message:
    the message is `before + place + after`."""

    before: str
    place: Pointer
    after: str

    def text(self, place: str | None = None) -> str:
        return f"{self.before}{self.place if place is None else place}{self.after}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, with a stable kebab-case `code` that tests and `--ignore` refer to.

    `location` is where the user can fix it, a `flowdsl.locations` value: `FileLine`
    (`file.py:12`) for DSL input, a `Pointer` for a definition being checked, `InDocument`
    (`file.asl.json:LINE /pointer`) once placed in an ASL file; plain text becomes `Text`.
    `mention` is another place the message names, when it names one. The code must be one of
    `flowdsl.codes`: an uncatalogued code is a programming error, refused here.
    """

    code: str
    severity: Severity
    message: str
    location: Location = NOWHERE
    mention: Mention | None = None

    def __post_init__(self) -> None:
        if self.code not in ALL_CODES:
            raise ValueError(f"diagnostic code '{self.code}' is not catalogued in flowdsl.codes")
        if not isinstance(self.location, Location):
            object.__setattr__(self, "location", as_location(self.location))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """One line, location last: `error: message [location]` (the CLI prefixes `flowdsl: `).

        Control characters (a state named "A\\nB") are escaped, so one diagnostic stays one line.
        """
        where = f" [{self.location}]" if self.location else ""
        return _one_line(f"{self.severity.value}: {self.message}{where}")

    def __str__(self) -> str:
        """The one-line message, as `format()` gives it (repr() keeps the dataclass form)."""
        return self.format()

    def to_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "location": str(self.location),
        }

    def relocated(self, location: str) -> Diagnostic:
        return replace(self, location=as_location(location))

    def reworded(self, message: str) -> Diagnostic:
        return replace(self, message=message)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)


def error(code: str, message: str, location: str = "") -> Diagnostic:
    """An error at `location` (a `flowdsl.locations` value; plain text is kept as `Text`)."""
    return Diagnostic(code, Severity.ERROR, message, as_location(location))


def warning(code: str, message: str, location: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, as_location(location))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


_NOUNS = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}


def json_noun(value: object) -> str:
    """How a message names a decoded JSON value's type: `an object`, `an array`, `a string`,
    `a boolean`, `null`, or `a number`."""
    return _NOUNS.get(type(value), "a number")


def did_you_mean(name: str, candidates: Sequence[str]) -> str:
    """A ` (did you mean 'X'?)` suffix when a close match exists, else an empty string."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class FlowdslError(Exception):
    """Raised when work cannot go on; carries the diagnostics that explain why.

    The CLI prints each diagnostic on its own line and exits 1; library callers can
    inspect `.diagnostics`.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("; ".join(d.format() for d in self.diagnostics))
