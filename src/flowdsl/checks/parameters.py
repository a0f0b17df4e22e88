"""A Task's literal payload against its API input shape: names, required members, JSON types.

Only literals are judged: a `.$` key or a JSONata `{% %}` string is known at run time and
accepted. Names compare with the first letter's case ignored, since Step Functions writes
every parameter PascalCase while some API models use camelCase (`jobName` -> `JobName`).
Scalar coercions the integrations accept are allowed ("10" for an integer, 1 for a string);
only values no coercion turns into the type are reported (`"ten"` for an integer, an object
for a list).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from flowdsl.checks.catalogue import report
from flowdsl.diagnostics import Diagnostic, did_you_mean, json_noun
from flowdsl.model.integrations.payload import is_jsonata
from flowdsl.model.integrations.shapes import Shape

Json = Any
_NUMBER = {"integer", "number"}
_WORDS = {"list": "an array", "structure": "an object", "map": "an object", "boolean": "a boolean"}


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def check_payload(
    value: Json, shape: Shape, pointer: str, what: str, missing_code: str
) -> Iterator[Diagnostic]:
    """Every problem of `value` (a payload template) against `shape`, located at its field."""
    if is_jsonata(value) or (shape.kind == "structure" and shape.members is None):
        return
    if shape.kind == "structure":
        yield from _structure(value, shape, pointer, what, missing_code)
    elif shape.kind in ("list", "map"):
        yield from _container(value, shape, pointer, what, missing_code)
    else:
        problem = _scalar_problem(value, shape.kind)
        if problem:
            yield report("invalid-parameter-type", f"{what} {problem}", pointer)


def _structure(value: Json, shape: Shape, pointer: str, what: str, missing_code: str) -> Iterator[Diagnostic]:
    if not isinstance(value, dict):
        yield report("invalid-parameter-type", f"{what} must be an object, not {json_noun(value)}", pointer)
        return
    members = {_pascal(name): member for name, member in (shape.members or {}).items()}
    given: set[str] = set()
    for key, item in value.items():
        name = _pascal(key.removesuffix(".$"))
        given.add(name)
        member = members.get(name)
        where = f"{pointer}/{_escape(key)}"
        if member is None:
            hint = did_you_mean(name, list(members))
            given.update(close_match(name, list(members)))  # one error for a typo, not two
            yield report("unknown-parameter", f"{what} has no parameter '{key}'{hint}", where)
        elif not key.endswith(".$"):
            yield from check_payload(item, member, where, f"'{key}'", missing_code)
    for name in shape.required:
        if _pascal(name) not in given:
            yield report(missing_code, f"{what} needs the parameter '{_pascal(name)}'", pointer)


def _container(value: Json, shape: Shape, pointer: str, what: str, missing_code: str) -> Iterator[Diagnostic]:
    if shape.kind == "list" and not isinstance(value, list):
        yield report("invalid-parameter-type", f"{what} must be an array, not {json_noun(value)}", pointer)
        return
    if shape.kind == "map" and not isinstance(value, dict):
        yield report("invalid-parameter-type", f"{what} must be an object, not {json_noun(value)}", pointer)
        return
    assert shape.item is not None
    items = enumerate(value) if isinstance(value, list) else value.items()
    for key, item in items:
        if isinstance(key, str) and key.endswith(".$"):
            continue
        yield from check_payload(item, shape.item, f"{pointer}/{_escape(str(key))}", what, missing_code)


def close_match(name: str, candidates: list[str]) -> list[str]:
    """The name `did_you_mean` would suggest, if any."""
    return difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)


def _scalar_problem(value: Json, kind: str) -> str | None:
    if kind in ("blob", "timestamp"):
        return None  # a string, bytes as text, an epoch number: all reach the API
    if isinstance(value, dict | list):
        return f"must be {_WORDS.get(kind, 'a ' + kind)}, not {json_noun(value)}"
    if kind in _NUMBER and isinstance(value, str) and not _numeric(value):
        return f"must be a number, not the string '{value}'"
    if kind in _NUMBER and isinstance(value, bool):
        return "must be a number, not a boolean"
    if kind == "boolean" and isinstance(value, str) and value not in ("true", "false"):
        return f"must be a boolean, not the string '{value}'"
    return None


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
