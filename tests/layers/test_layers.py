"""One-way layers: what each entry point loads, and no import cycle between modules.

Imports inside functions count (a cycle that only closes at run time is still a cycle);
imports under `if TYPE_CHECKING:` do not (they never run).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import flowdsl
from flowdsl.exports import NAMES

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "flowdsl"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _loaded(module: str) -> list[str]:
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return list(json.loads(out))


@pytest.mark.parametrize(
    "module",
    ["flowdsl.model", "flowdsl.engine", "flowdsl.render.mermaid", "flowdsl.checks", "flowdsl.checks.api"],
)
def test_downstream_layers_load_no_dsl(module: str) -> None:
    dsl = [name for name in _loaded(module) if name == "flowdsl.dsl" or name.startswith("flowdsl.dsl.")]
    assert dsl == []


def test_the_package_still_gives_the_whole_dsl() -> None:
    assert sorted(flowdsl.__all__) == sorted(NAMES)
    for name in NAMES:
        assert getattr(flowdsl, name) is not None
    assert callable(flowdsl.expr)  # not the `flowdsl.expr` subpackage of the same name
    assert flowdsl.Pass.__module__ == "flowdsl.dsl.simple"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The flowdsl modules one import statement loads (the module itself, or a submodule it names)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*parts, *([node.module] if node.module else [])])
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names
        ]
    for name in names:
        target = name
        while target not in MODULES and "." in target:
            target = target.rpartition(".")[0]
        if target in MODULES and target != module:
            yield target


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = {target for node in _imports(tree) for target in _targets(module, node)}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root, edges in graph.items():
        if root in index:
            continue
        work = [(root, iter(sorted(edges)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_flowdsl_by_name() -> None:
    """`importlib.import_module("flowdsl...")` would hide an edge from the graph above."""
    hidden = [
        f"{module}:{node.lineno}"
        for module, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("import_module", "__import__")
        and any(isinstance(a, ast.Constant) and str(a.value).startswith("flowdsl") for a in node.args)
    ]
    assert hidden == []


def test_the_cli_entry_point_loads_no_model() -> None:
    """`flowdsl --help` needs neither pydantic nor the model: commands load what they use."""
    loaded = _loaded("flowdsl.cli.main")
    assert [
        name for name in loaded if name.split(".")[0] == "pydantic" or name.startswith("flowdsl.model")
    ] == []


@pytest.mark.parametrize(
    ("command", "unused"),
    [
        ("flowdsl.cli.run_cmd", ("flowdsl.deploy", "flowdsl.cli.deploy_cmd", "flowdsl.render")),
        ("flowdsl.cli.validate_cmd", ("flowdsl.deploy", "flowdsl.engine", "flowdsl.render")),
        ("flowdsl.cli.diagram_cmd", ("flowdsl.deploy", "flowdsl.engine")),
    ],
    ids=["run", "validate", "diagram"],
)
def test_each_command_imports_only_what_it_uses(command: str, unused: tuple[str, ...]) -> None:
    assert [name for name in _loaded(command) if name.startswith(unused)] == []
