"""Which workflow variables a state reads: `$name` paths (JSONPath) and free `$name` (JSONata)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from flowdsl.checks.choice import rules_of
from flowdsl.checks.context import StateRef, asl_name, comparisons, set_fields, value_of
from flowdsl.checks.languages import strings_of
from flowdsl.expr import intrinsics, jsonata
from flowdsl.expr.intrinsics import Call, PathArg
from flowdsl.expr.jsonpath import PathSyntaxError, Root, compile_path
from flowdsl.model import ChoiceState
from flowdsl.model.fields import PATH_FIELDS, TEMPLATE_FIELDS
from flowdsl.model.operators import compares_paths

# Path fields that read (ResultPath writes; a variable there is reported as invalid-result-path).
READ_PATHS = [name for name in PATH_FIELDS if name != "result_path"]


def variables_read(ref: StateRef) -> Iterator[tuple[str, str]]:
    """Every `(variable, pointer)` a state reads."""
    if ref.jsonata:
        for pointer, text in strings_of(ref.state, ref.pointer):
            for name in sorted(free_variables(text)):
                yield name, pointer
        return
    for model, pointer in ref.parts:
        yield from _path_reads(model, pointer)
        for name in set_fields(model, TEMPLATE_FIELDS):
            yield from _template_reads(value_of(model, name), f"{pointer}/{asl_name(model, name)}")
    if isinstance(ref.state, ChoiceState):
        yield from _choice_reads(ref.state, ref.pointer)


def _path_reads(model: Any, pointer: str) -> Iterator[tuple[str, str]]:
    for name in set_fields(model, READ_PATHS):
        value = value_of(model, name)
        if isinstance(value, str):
            yield from ((v, f"{pointer}/{asl_name(model, name)}") for v in value_variables(value))


def _choice_reads(state: ChoiceState, pointer: str) -> Iterator[tuple[str, str]]:
    for rule, where, _ in rules_of(state, pointer):
        values = [rule.variable or ""] + [v for n, v in comparisons(rule) if compares_paths(n)]
        for value in values:
            if isinstance(value, str):  # a null or number here is reported by the choice rules
                yield from ((v, where) for v in value_variables(value))


def _template_reads(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _template_reads(item, f"{pointer}/{i}")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{pointer}/{key}"
            if key.endswith(".$") and isinstance(item, str):
                yield from ((v, where) for v in value_variables(item))
            else:
                yield from _template_reads(item, where)


def value_variables(text: str) -> set[str]:
    """Variables named by a path (`$name.x`) or inside an intrinsic call's arguments."""
    try:
        if text.startswith("States."):
            return _call_variables(intrinsics.parse(text))
        path = compile_path(text)
    except (PathSyntaxError, intrinsics.IntrinsicSyntaxError, RecursionError):
        return set()  # reported by the path rules
    return {path.variable} if path.root is Root.VARIABLE and path.variable else set()


def _call_variables(call: Call) -> set[str]:
    found: set[str] = set()
    for arg in call.args:
        if isinstance(arg, Call):
            found |= _call_variables(arg)
        elif isinstance(arg, PathArg) and arg.path.root is Root.VARIABLE and arg.path.variable:
            found.add(arg.path.variable)
    return found


@functools.lru_cache(maxsize=4096)
def free_variables(text: str) -> frozenset[str]:
    """Variables a `{% %}` expression reads and does not bind itself (`:=`, lambda parameters)."""
    used, _ = _names(text)
    return used


def called_functions(text: str) -> frozenset[str]:
    """Names a `{% %}` expression calls as functions that JSONata and AWS do not define."""
    _, called = _names(text)
    return called


@functools.lru_cache(maxsize=4096)
def _names(text: str) -> tuple[frozenset[str], frozenset[str]]:
    if not jsonata.is_expression(text):
        return frozenset(), frozenset()
    found = _Names()
    try:
        found.visit(jsonata.parse(text).compiled.ast)
    except (jsonata.JsonataSyntaxError, RecursionError):
        return frozenset(), frozenset()  # reported by the expression rule
    unbound = jsonata.builtin_names() | found.bound
    return frozenset(found.used - unbound), frozenset(found.called - unbound)


class _Names:
    """A walk over jsonata-python's syntax tree collecting variable names by role."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.called: set[str] = set()
        self.bound: set[str] = set()
        self.seen: set[int] = set()

    def visit(self, node: Any) -> None:
        """Record the names in `node` and everything below it."""
        if isinstance(node, list | tuple):
            for item in node:
                self.visit(item)
            return
        if not hasattr(node, "type") or id(node) in self.seen:
            return
        self.seen.add(id(node))
        self._record(node)
        for key, child in vars(node).items():
            if key.startswith("_outer") or (key == "procedure" and _is_variable(child)):
                continue
            if isinstance(child, list | tuple) or hasattr(child, "type"):
                self.visit(child)

    def _record(self, node: Any) -> None:
        if node.type == "variable" and isinstance(node.value, str):
            self.used.add(node.value)
        elif node.type in ("function", "partial") and _is_variable(node.procedure):
            # A call: workflow variables hold JSON, never functions, so this names a function.
            self.called.add(node.procedure.value)
        elif node.type == "bind" and _is_variable(node.lhs):
            self.bound.add(node.lhs.value)
        elif node.type == "lambda":
            self.bound.update(arg.value for arg in node.arguments or [] if _is_variable(arg))
        for attr in ("focus", "index"):
            if isinstance(getattr(node, attr, None), str):
                self.bound.add(getattr(node, attr))


def _is_variable(node: Any) -> bool:
    return getattr(node, "type", None) == "variable" and isinstance(node.value, str)
