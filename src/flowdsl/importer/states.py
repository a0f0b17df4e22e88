"""One ASL state as its DSL constructor call: `Task("Open Case", function_name=...)`.

Which options a state type takes is read off the DSL constructor itself (its keyword
parameters), so a field the DSL has no option for is reported by name instead of dropped.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flowdsl.dsl import Choice, Fail, Map, Parallel, Pass, Succeed, Task, Wait
from flowdsl.dsl.base import State as DslState
from flowdsl.dsl.options import keywords
from flowdsl.importer.code import Atom, Call, Node
from flowdsl.importer.integrations import typed_call
from flowdsl.importer.rules import UnsupportedError
from flowdsl.importer.values import Names, py_str, render, value_node
from flowdsl.model import QueryLanguage

CLASSES: dict[str, type[DslState]] = {
    "Task": Task, "Pass": Pass, "Choice": Choice, "Wait": Wait, "Succeed": Succeed, "Fail": Fail,
    "Parallel": Parallel, "Map": Map,
}  # fmt: skip
# Fields the graph writes (transitions, nested bodies, recovery), not constructor options.
GRAPH_FIELDS = frozenset(
    {"Type", "Next", "End", "Choices", "Default", "Branches", "ItemProcessor", "Iterator", "Retry", "Catch"}
)
_LAMBDA_PLACEHOLDER = re.compile(r"^\$\{(?P<name>[A-Za-z0-9_]+)Arn\}\Z")


def option_name(key: str) -> str:
    """The DSL keyword of an ASL field: `ToleratedFailureCountPath` -> `tolerated_failure_count_path`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


@cache
def options(state_type: str) -> frozenset[str]:
    """The keyword options of a state type's DSL constructor."""
    return frozenset(keywords(CLASSES[state_type].__init__))


def constructor(
    name: str,
    data: dict[str, Any],
    *,
    language: QueryLanguage,
    names: Names,
    pointer: str,
    bodies: dict[str, Node] | None = None,
    typed: bool = False,
) -> Call:
    """The constructor call of one state; `bodies` holds `branches=`/`processor=` nodes.

    With `typed`, a Task calling an optimized integration is written with its typed
    constructor where one fits (`importer.integrations`).
    """
    state_type = data["Type"]
    function, covered = state_type, set(GRAPH_FIELDS)
    args: list[tuple[str | None, Node]] = [(None, Atom(py_str(name)))]
    found = typed_call(data, language=language, names=names) if typed and state_type == "Task" else None
    if found is not None:
        function, keywords, fields = found
        args.extend(keywords)
        covered |= fields
    for key, value in data.items():
        if key not in covered:
            args.append(_option(state_type, key, value, language=language, names=names, pointer=pointer))
    args.extend((bodies or {}).items())
    return Call(names.use(function), tuple(_ordered(args)))


def _ordered(args: list[tuple[str | None, Node]]) -> list[tuple[str | None, Node]]:
    """The name first, then what runs (resource, bodies), then data flow; comment last."""
    return sorted(args, key=lambda item: _RANK.get(item[0] or "", 3) if item[0] else 0)


_RANK = {"function_name": 1, "resource": 1, "branches": 2, "processor": 2, "iterator": 2}
_RANK |= {"comment": 4, "query_language": 4}


def _option(
    state_type: str, key: str, value: Any, *, language: QueryLanguage, names: Names, pointer: str
) -> tuple[str, Node]:
    if key == "Resource":
        return _resource(value, names)
    if key == "QueryLanguage":
        return "query_language", Atom(py_str(value))
    option = option_name(key)
    if option not in options(state_type):
        raise UnsupportedError(f"'{key}' on a {state_type} state has no DSL option", f"{pointer}/{key}")
    if key == "Comment":
        return option, Atom(py_str(value))
    return option, value_node(key, value, language, names)


def _resource(value: Any, names: Names) -> tuple[str, Node]:
    """`function_name="X"` for the `${XArn}` placeholder the compiler writes, else `resource=`."""
    match = _LAMBDA_PLACEHOLDER.match(value) if isinstance(value, str) else None
    if match is not None:
        return "function_name", Atom(py_str(match.group("name")))
    return "resource", render(value, "literal", names)
