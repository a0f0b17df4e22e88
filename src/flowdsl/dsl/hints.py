"""Hints for the plain Python errors a DSL mistake raises before flowdsl code runs.

A misspelt option (`Task(..., timeout=30)`), a positional option or `.retry()` on a Pass fail
in Python itself, with messages that do not say what to write instead. The loader reports
them at the user's line; this module adds the suggestion.
"""

from __future__ import annotations

import re

from flowdsl import dsl
from flowdsl.diagnostics import did_you_mean
from flowdsl.dsl.options import keywords
from flowdsl.exports import NAMES

_UNEXPECTED_KEYWORD = re.compile(r"^(\w+)\.(\w+)\(\) got an unexpected keyword argument '(\w+)'\Z")
_TOO_MANY_POSITIONAL = re.compile(
    r"^(\w+)\.__init__\(\) takes \d+ positional arguments? but \d+ were given\Z"
)
_NO_ATTRIBUTE = re.compile(r"^'(\w+)' object has no attribute '(\w+)'\Z")
_UNDEFINED = re.compile(r"^name '(\w+)' is not defined\Z")
_RECOVERY = ("retry", "catch")
_RECOVERABLE = "only Task, Parallel and Map states have Retry and Catch"


def hint(exc: BaseException) -> str:
    """A ` (did you mean ...)`-style suffix for `exc` when it comes from misusing the DSL, else ""."""
    text = str(exc)
    if isinstance(exc, TypeError):
        return _keyword_hint(text) or _positional_hint(text)
    if isinstance(exc, AttributeError):
        return _attribute_hint(text)
    if isinstance(exc, NameError):
        return _import_hint(text)
    return ""


def _dsl_class(name: str) -> type | None:
    """The DSL class Python names in a message: an exported one or a base (`Recoverable.retry`)."""
    for exported in (getattr(dsl, public) for public in dsl.__all__):
        for cls in exported.__mro__ if isinstance(exported, type) else ():
            if cls.__name__ == name and cls.__module__.startswith("flowdsl.dsl"):
                return cls
    return None


def _keyword_hint(text: str) -> str:
    match = _UNEXPECTED_KEYWORD.match(text)
    cls = _dsl_class(match.group(1)) if match else None
    if match is None or cls is None:
        return ""
    method = getattr(cls, match.group(2), None)
    if method is None:
        return ""
    options = keywords(method)
    return did_you_mean(match.group(3), options) or f" (its options: {', '.join(options)})"


def _positional_hint(text: str) -> str:
    match = _TOO_MANY_POSITIONAL.match(text)
    if match is None or _dsl_class(match.group(1)) is None:
        return ""
    return f" (options are keyword-only: {match.group(1)}('Name', option=...))"


def _attribute_hint(text: str) -> str:
    match = _NO_ATTRIBUTE.match(text)
    cls = _dsl_class(match.group(1)) if match else None
    if match is None or cls is None:
        return ""
    if match.group(2) in _RECOVERY and cls is dsl.Chain:
        return f" (call .{match.group(2)}() on the state itself, before chaining it: {_RECOVERABLE})"
    if match.group(2) in _RECOVERY:
        return f" ({_RECOVERABLE})"
    public = [name for name in dir(cls) if not name.startswith("_")]
    return did_you_mean(match.group(2), public)


def _import_hint(text: str) -> str:
    match = _UNDEFINED.match(text)
    if match is None or match.group(1) not in NAMES:
        return ""
    return f" (from flowdsl import {match.group(1)})"
