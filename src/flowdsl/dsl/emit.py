"""DSL option values -> ASL JSON for a state's query language: where a `Path` means "read this".

States keep `Path` objects in their options until compile time, because the same path is
written differently per query language:

- in a path field (`InputPath`, `ResultPath`, `ItemsPath`, `SecondsPath`, ...) it is its
  JSONPath text, `$.x`;
- in a JSONata state, anywhere else it is the expression `{% $states.input.x %}` (AWS,
  "Transforming data with JSONata in Step Functions": `$` is `$states.input` there);
- in a JSONPath state, as a member of a payload template (`Parameters`, `ResultSelector`,
  `ItemSelector`, `Assign`, `Credentials`, and in a Map's `ItemReader`/`ResultWriter`
  `Parameters` and `ItemBatcher.BatchInput`) it is the `"key.$": "$.x"` form (ASL spec,
  "Payload Template"); anywhere else JSONPath would keep it as the text `$.x`, which is never
  what a path meant, so it is reported as `path-not-evaluated` instead.

`Arguments`, `Output` and `Items` exist only in JSONata, so their paths are written as JSONata
whatever the state's language (the checks report such a field in a JSONPath state itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flowdsl.diagnostics import FlowdslError
from flowdsl.dsl.jsonata import path_to_jsonata
from flowdsl.dsl.paths import Path, python_text
from flowdsl.model import QueryLanguage
from flowdsl.model.fields import BY_ASL, asl_name, field_mode, holds_objects, path_form
from flowdsl.model.machine import pointer_escape


@dataclass(frozen=True)
class Problem:
    """A path that cannot be written as asked; `pointer` is relative to the state."""

    message: str
    pointer: str
    code: str = "path-not-evaluated"


@dataclass
class Emitter:
    """Writes one state's fields for its effective query language, collecting problems.

    A path that cannot be written is kept as its text, so compiling can go on and report
    every problem at once; one given to a field with a `*Path` form (`seconds=S.delay`) is
    reported and written in that form, as the hint says, so the checks do not report the same
    mistake again as a string where a number belongs.
    """

    language: QueryLanguage
    problems: list[Problem] = field(default_factory=list)

    def fields(self, data: Mapping[str, Any], pointer: str = "") -> dict[str, Any]:
        """A state's (or a Catcher's, or a Choice rule's) fields as ASL JSON."""
        out: dict[str, Any] = {}
        for key, value in data.items():
            written = self.field(key, value, _at(pointer, key))
            out[self.path_form(key, value, data)] = written
        return out

    def path_form(self, key: str, value: Any, data: Mapping[str, Any]) -> str:
        """`SecondsPath` for a path given as `Seconds` in JSONPath (already reported), else `key`."""
        moved = path_form(key)
        is_misplaced_path = isinstance(value, Path) and self.language != "JSONata"
        return moved if is_misplaced_path and moved and moved not in data else key

    def field(self, key: str, value: Any, pointer: str) -> Any:
        """One field's value, written per the rules of the module docstring."""
        if holds_objects(key) and isinstance(value, list):
            return [self.fields(item, f"{pointer}/{i}") for i, item in enumerate(value)]
        if holds_objects(key) and isinstance(value, dict):
            return self.fields(value, pointer)
        mode = field_mode(key, self.language)
        if mode == "path":
            return _text(value)
        if mode == "jsonata":
            return self.jsonata(value, pointer)
        if mode == "template":
            return self.template(key, value, pointer)
        return self.literal(key, value, pointer)

    def jsonata(self, value: Any, pointer: str) -> Any:
        """Every path as a `{% %}` expression, at any depth."""
        if isinstance(value, Path):
            try:
                return f"{{% {path_to_jsonata(value)} %}}"
            except FlowdslError as exc:
                found = exc.diagnostics[0]
                self.problems.append(Problem(found.message, pointer, found.code))
                return str(value)
        if isinstance(value, dict):
            return {key: self.jsonata(item, _at(pointer, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.jsonata(item, f"{pointer}/{i}") for i, item in enumerate(value)]
        return value

    def template(self, key: str, value: Any, pointer: str) -> Any:
        """A JSONPath payload template: a member holding a path becomes `"name.$": "$.x"`."""
        if isinstance(value, dict):
            return self.members(key, value, pointer)
        if isinstance(value, list):
            return [self.template(key, item, f"{pointer}/{i}") for i, item in enumerate(value)]
        if isinstance(value, Path):
            self.problems.append(Problem(_not_a_member(key, value), pointer))
            return str(value)
        return value

    def members(self, key: str, value: dict[str, Any], pointer: str) -> dict[str, Any]:
        """The members of one template object, path values under `.$` keys."""
        out: dict[str, Any] = {}
        for name, item in value.items():
            at = _at(pointer, name)
            if isinstance(item, Path):
                written = name if name.endswith(".$") else f"{name}.$"
                if written in out or (written != name and written in value):
                    self.problems.append(Problem(_clash(key, name, written), at))
                out[written] = str(item)
            else:
                out[name] = self.template(key, item, at)
        return out

    def literal(self, key: str, value: Any, pointer: str) -> Any:
        """A field JSONPath writes as is: a path in it would silently become text."""
        if isinstance(value, Path):
            self.problems.append(Problem(_not_evaluated(key, value), pointer))
            return str(value)
        if isinstance(value, dict):
            return {name: self.literal(key, item, _at(pointer, name)) for name, item in value.items()}
        if isinstance(value, list):
            return [self.literal(key, item, f"{pointer}/{i}") for i, item in enumerate(value)]
        return value


def _at(pointer: str, key: str) -> str:
    return f"{pointer}/{pointer_escape(key)}"


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, Path) else value


def _not_a_member(key: str, path: Path) -> str:
    return (
        f"path '{path}' in '{key}' is not the value of an object member, the only place JSONPath "
        "reads a path (write it as {'name': path}, use a States.Array(...) intrinsic for a list, "
        "or use JSONata)"
    )


def _clash(key: str, name: str, written: str) -> str:
    return f"'{key}' member '{name}' holds a path, so it is written '{written}', which is also given"


def _not_evaluated(key: str, path: Path) -> str:
    option = BY_ASL[key].path_form if key in BY_ASL else ""
    if option:
        hint = f"use {option}={python_text(path)}"
    elif key == asl_name("result"):
        hint = "build the value with parameters=, whose members may hold paths"
    else:
        hint = "set query_language='JSONata' to evaluate it"
    return f"'{key}' is written as is in JSONPath, so path '{path}' would stay the text '{path}' ({hint})"
