"""The diagram as data: every id, shape, label, edge and style class, decided from the model.

Ids are generated (`s0`, `s1`, ... in document order, depth first), never user text, so a state
name can only ever appear inside an escaped, quoted label. Transitions resolve by name within
their own scope (ASL: `Next` targets a state of the same branch), so equal names in different
branches cannot cross-link; a target that does not exist gets a placeholder node styled
`missing`, so broken machines still draw.

A Parallel's branches are chained by invisible links (`~~~`) in their order: without them
Mermaid's layout stacks sibling subgraphs, last branch on top; with them they stand side by side,
first on the left, as the Step Functions console draws them. A Distributed Map shows its
ItemReader, ItemBatcher and ResultWriter as input/output nodes around its processor.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from flowdsl.model import (
    Branch,
    Link,
    MapState,
    ParallelState,
    State,
    StateMachine,
)
from flowdsl.render import escape
from flowdsl.render.conditions import describe
from flowdsl.render.notes import batcher_lines, reader_lines, state_lines, writer_lines

START_ID = "start"
STOP_ID = "stop"
Shape = Literal["box", "choice", "succeed", "fail", "start", "stop", "missing", "io"]

# How a state type is drawn when it is not a plain box, and the style of the ends it makes.
_SHAPES: dict[str, Shape] = {"Choice": "choice", "Succeed": "succeed", "Fail": "fail"}
_END_STYLES = {"Succeed": "succeedEnd", "Fail": "failEnd"}

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
    """A subgraph: a Parallel or Map state, or one Parallel branch; `title` is escaped.

    `direction` is how its contents flow: a Parallel's branches left to right (LR), a branch's
    or a Map's states top to bottom (TB).
    """

    id: str
    title: str
    items: tuple[Node | Cluster, ...]
    direction: Literal["TB", "LR"] = "TB"


@dataclass(frozen=True)
class Edge:
    """A transition; catch edges are dashed. `label` is escaped, or None for a plain `Next`.

    An `invisible` edge only orders what it links (Parallel branches, left to right).
    """

    source: str
    target: str
    label: str | None = None
    dashed: bool = False
    invisible: bool = False


@dataclass(frozen=True)
class Diagram:
    """Everything the template lays out; `classes` maps a style class to the ids it applies to,
    `names` every state's node (or subgraph) id to the state's name (raw, for pages that link
    a drawn state to its execution details)."""

    items: tuple[Node | Cluster, ...]
    edges: tuple[Edge, ...]
    classes: Mapping[str, tuple[str, ...]]
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def title_lines(self) -> int:
        """The most lines any subgraph title has, at least 2 (a name and a kind)."""
        lines = (cluster.title.count(escape.LINE_BREAK) + 1 for cluster in _clusters(self.items))
        return max([2, *lines])


def build(
    machine: StateMachine,
    highlight: Mapping[str, str],
    notes: Mapping[tuple[str, str | None], str] | None = None,
) -> Diagram:
    """Lay out `machine`, colouring the states named in `highlight` by their status; `notes`
    adds a line of plain text to the edges it names by (state, target; None: the end marker),
    as `flowdsl diagram --types` does with the fields each transition carries."""
    for name, status in highlight.items():
        if status not in HIGHLIGHTS:
            raise ValueError(
                f"highlight of state '{name}' is '{status}', expected one of {', '.join(HIGHLIGHTS)}"
            )
    return _Builder(highlight, notes or {}).diagram(machine)


class _Builder:
    def __init__(self, highlight: Mapping[str, str], notes: Mapping[tuple[str, str | None], str]) -> None:
        self._highlight = highlight
        self._notes = notes
        self._counter = itertools.count()
        self._edges: list[Edge] = []
        self._styles: dict[str, str] = {START_ID: "marker", STOP_ID: "marker"}
        self._names: dict[str, str] = {}

    def diagram(self, machine: StateMachine) -> Diagram:
        start = Node(START_ID, "start", escape.text("start"))
        stop = Node(STOP_ID, "stop", escape.text("end"))
        items = self._scope(machine, top=True)
        classes: dict[str, list[str]] = {}
        for node_id, style in self._styles.items():
            classes.setdefault(style, []).append(node_id)
        styled = {k: tuple(v) for k, v in classes.items()}
        return Diagram((start, *items, stop), tuple(self._edges), styled, dict(self._names))

    def _scope(self, body: StateMachine | Branch, *, top: bool) -> list[Node | Cluster]:
        return self._scoped(body, top=top)[0]

    def _scoped(self, body: StateMachine | Branch, *, top: bool) -> tuple[list[Node | Cluster], _Scope]:
        scope = _Scope({name: self._new_id() for name in body.states}, self)
        if top:
            self._edges.append(Edge(START_ID, scope.target(body.start_at)))
        items: list[Node | Cluster] = []
        for name, state in body.states.items():
            node_id = scope.ids[name]
            self._names[node_id] = name
            items.append(self._item(node_id, name, state))
            self._style(node_id, name, state)
            edges = _edges(node_id, state, scope, top=top)
            self._edges.extend(_noted(edges, name, state, self._notes) if self._notes else edges)
        return items + scope.missing, scope

    def _item(self, node_id: str, name: str, state: State) -> Node | Cluster:
        lines = state_lines(name, state)
        if isinstance(state, ParallelState) and state.branches:
            branches = [
                Cluster(f"{node_id}_b{i}", escape.text(f"branch {i + 1}"), tuple(self._scope(b, top=False)))
                for i, b in enumerate(state.branches)
            ]
            for left, right in itertools.pairwise(branches):
                self._edges.append(Edge(left.id, right.id, invisible=True))
            return Cluster(node_id, escape.label(lines), tuple(branches), "LR")
        if isinstance(state, MapState) and (state.item_processor or state.iterator):
            return Cluster(node_id, escape.label(lines), tuple(self._map_body(node_id, state)))
        return Node(node_id, _SHAPES.get(state.type, "box"), escape.label(lines))

    def _map_body(self, node_id: str, state: MapState) -> list[Node | Cluster]:
        """The processor's states, after the reader and batcher and before the writer, if any."""
        processor = state.processor
        body, scope = self._scoped(processor, top=False)
        before = [
            Node(f"{node_id}_{kind}", "io", escape.label(lines))
            for kind, lines in (
                ("reader", reader_lines(state.item_reader) if state.item_reader else None),
                ("batcher", batcher_lines(state.item_batcher) if state.item_batcher else None),
            )
            if lines is not None
        ]
        start = scope.ids.get(processor.start_at)  # a missing StartAt is validate's to report
        chain = [*(node.id for node in before), *([start] if start else [])]
        self._edges.extend(Edge(left, right) for left, right in itertools.pairwise(chain))
        if state.result_writer is None:
            return [*before, *body]
        writer = Node(f"{node_id}_writer", "io", escape.label(writer_lines(state.result_writer)))
        ends = [scope.ids[name] for name, inner in processor.states.items() if inner.is_terminal]
        self._edges.extend(Edge(end, writer.id) for end in ends)
        return [*before, *body, writer]

    def _style(self, node_id: str, name: str, state: State) -> None:
        if name in self._highlight:
            self._styles[node_id] = self._highlight[name]
        elif state.type in _END_STYLES:
            self._styles[node_id] = _END_STYLES[state.type]

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


def _clusters(items: tuple[Node | Cluster, ...]) -> list[Cluster]:
    found = [item for item in items if isinstance(item, Cluster)]
    return found + [inner for cluster in found for inner in _clusters(cluster.items)]


def _edges(node_id: str, state: State, scope: _Scope, *, top: bool) -> list[Edge]:
    """Where a state goes: Choice rules and Default, Next, catch handlers, and the end marker."""
    links = state.transitions()
    edges = [_edge(node_id, link, scope) for link in links if link.kind != "catch"]
    if top and state.is_terminal:
        edges.append(Edge(node_id, STOP_ID))
    return edges + [_edge(node_id, link, scope) for link in links if link.kind == "catch"]


def _noted(
    edges: list[Edge], name: str, state: State, notes: Mapping[tuple[str, str | None], str]
) -> list[Edge]:
    """`edges` (in `_edges`' order: rules and Next, the end marker, catchers) with their notes."""
    links = state.transitions()
    targets: list[str | None] = [link.target for link in links if link.kind != "catch"]
    if len(edges) > len(links):
        targets.append(None)
    targets += [link.target for link in links if link.kind == "catch"]
    return [_with_note(edge, notes.get((name, target))) for edge, target in zip(edges, targets, strict=True)]


def _with_note(edge: Edge, note: str | None) -> Edge:
    if note is None:
        return edge
    lines = [] if edge.label is None else [edge.label]
    return replace(edge, label=escape.LINE_BREAK.join([*lines, escape.text(note)]))


def _edge(node_id: str, link: Link, scope: _Scope) -> Edge:
    target = scope.target(link.target)
    if link.rule is not None:
        return Edge(node_id, target, escape.text(describe(link.rule)))
    if link.catcher is not None:
        return Edge(node_id, target, escape.text(", ".join(link.catcher.error_equals)), dashed=True)
    if link.kind == "default":
        return Edge(node_id, target, escape.text("default"))
    return Edge(node_id, target)
