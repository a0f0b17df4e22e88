"""The diagram as data: every id, shape, label, edge and style class, decided from the model.

Ids are generated (`s0`, `s1`, ... in document order, depth first), never user text, so a state
name can only ever appear inside an escaped, quoted label. Transitions resolve by name within
their own scope (ASL: `Next` targets a state of the same branch), so equal names in different
branches cannot cross-link; a target that does not exist gets a placeholder node styled
`missing`, so broken machines still draw.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from flowdsl.model import (
    Branch,
    ChoiceState,
    FailState,
    Link,
    MapState,
    ParallelState,
    State,
    StateMachine,
    SucceedState,
)
from flowdsl.render import escape
from flowdsl.render.conditions import describe
from flowdsl.render.notes import state_lines

START_ID = "start"
STOP_ID = "stop"
Shape = Literal["box", "choice", "succeed", "fail", "start", "stop", "missing"]
# The execution-path colours of the Step Functions console (`highlight` values).
HIGHLIGHTS = ("succeeded", "failed", "caught", "running")


@dataclass(frozen=True)
class Node:
    """One node of the flowchart; `label` is escaped."""

    id: str
    shape: Shape
    label: str


@dataclass(frozen=True)
class Cluster:
    """A subgraph: a Parallel or Map state, or one Parallel branch; `title` is escaped."""

    id: str
    title: str
    items: tuple[Node | Cluster, ...]


@dataclass(frozen=True)
class Edge:
    """A transition; catch edges are dashed. `label` is escaped, or None for a plain `Next`."""

    source: str
    target: str
    label: str | None = None
    dashed: bool = False


@dataclass(frozen=True)
class Diagram:
    """Everything the template lays out; `classes` maps a style class to the ids it applies to."""

    items: tuple[Node | Cluster, ...]
    edges: tuple[Edge, ...]
    classes: Mapping[str, tuple[str, ...]]


def build(machine: StateMachine, highlight: Mapping[str, str]) -> Diagram:
    """Lay out `machine`, colouring the states named in `highlight` by their status."""
    for name, status in highlight.items():
        if status not in HIGHLIGHTS:
            raise ValueError(
                f"highlight of state '{name}' is '{status}', expected one of {', '.join(HIGHLIGHTS)}"
            )
    return _Builder(highlight).diagram(machine)


class _Builder:
    def __init__(self, highlight: Mapping[str, str]) -> None:
        self._highlight = highlight
        self._counter = itertools.count()
        self._edges: list[Edge] = []
        self._styles: dict[str, str] = {START_ID: "marker", STOP_ID: "marker"}

    def diagram(self, machine: StateMachine) -> Diagram:
        start = Node(START_ID, "start", escape.text("start"))
        stop = Node(STOP_ID, "stop", escape.text("end"))
        items = self._scope(machine, top=True)
        classes: dict[str, list[str]] = {}
        for node_id, style in self._styles.items():
            classes.setdefault(style, []).append(node_id)
        return Diagram((start, *items, stop), tuple(self._edges), {k: tuple(v) for k, v in classes.items()})

    def _scope(self, body: StateMachine | Branch, *, top: bool) -> list[Node | Cluster]:
        scope = _Scope({name: self._new_id() for name in body.states}, self)
        if top:
            self._edges.append(Edge(START_ID, scope.target(body.start_at)))
        items: list[Node | Cluster] = []
        for name, state in body.states.items():
            node_id = scope.ids[name]
            items.append(self._item(node_id, name, state))
            self._style(node_id, name, state)
            self._edges.extend(_edges(node_id, state, scope, top=top))
        return items + scope.missing

    def _item(self, node_id: str, name: str, state: State) -> Node | Cluster:
        lines = state_lines(name, state)
        if isinstance(state, ParallelState) and state.branches:
            branches = [
                Cluster(f"{node_id}_b{i}", escape.text(f"branch {i + 1}"), tuple(self._scope(b, top=False)))
                for i, b in enumerate(state.branches)
            ]
            return Cluster(node_id, escape.label(lines), tuple(branches))
        if isinstance(state, MapState) and (state.item_processor or state.iterator):
            body = tuple(self._scope(state.processor, top=False))
            return Cluster(node_id, escape.label(lines), body)
        return Node(node_id, _shape(state), escape.label(lines))

    def _style(self, node_id: str, name: str, state: State) -> None:
        if name in self._highlight:
            self._styles[node_id] = self._highlight[name]
        elif isinstance(state, SucceedState):
            self._styles[node_id] = "succeedEnd"
        elif isinstance(state, FailState):
            self._styles[node_id] = "failEnd"

    def _new_id(self) -> str:
        return f"s{next(self._counter)}"

    def missing(self, name: str) -> Node:
        """A placeholder for a transition target that does not exist."""
        node = Node(self._new_id(), "missing", escape.text(name))
        self._styles[node.id] = "missing"
        return node


class _Scope:
    """The ids of one body's states, and placeholders for names it targets but lacks."""

    def __init__(self, ids: dict[str, str], builder: _Builder) -> None:
        self.ids = ids
        self.missing: list[Node | Cluster] = []
        self._builder = builder

    def target(self, name: str) -> str:
        if name not in self.ids:
            node = self._builder.missing(name)
            self.ids[name] = node.id
            self.missing.append(node)
        return self.ids[name]


def _shape(state: State) -> Shape:
    if isinstance(state, ChoiceState):
        return "choice"
    if isinstance(state, SucceedState):
        return "succeed"
    if isinstance(state, FailState):
        return "fail"
    return "box"


def _edges(node_id: str, state: State, scope: _Scope, *, top: bool) -> list[Edge]:
    """Where a state goes: Choice rules and Default, Next, catch handlers, and the end marker."""
    links = state.transitions()
    edges = [_edge(node_id, link, scope) for link in links if link.kind != "catch"]
    if top and state.is_terminal:
        edges.append(Edge(node_id, STOP_ID))
    return edges + [_edge(node_id, link, scope) for link in links if link.kind == "catch"]


def _edge(node_id: str, link: Link, scope: _Scope) -> Edge:
    target = scope.target(link.target)
    if link.rule is not None:
        return Edge(node_id, target, escape.text(describe(link.rule)))
    if link.catcher is not None:
        return Edge(node_id, target, escape.text(", ".join(link.catcher.error_equals)), dashed=True)
    if link.kind == "default":
        return Edge(node_id, target, escape.text("default"))
    return Edge(node_id, target)
