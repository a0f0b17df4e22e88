"""Rendering a machine and parsing the result with the real Mermaid parser, for render tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flowdsl.model import StateMachine, parse_machine
from flowdsl.render import mermaid
from tests.mermaid.harness import Graph, MermaidParser


@dataclass(frozen=True)
class Drawn:
    """A rendered diagram: the Mermaid text and what the real parser understood it as."""

    text: str
    graph: Graph
    svg: str | None = None

    def vertex_text(self) -> dict[str, str]:
        """Displayed label of every vertex that is not a subgraph, by id."""
        return {v.id: v.text for v in self.graph.vertices.values() if v.id not in self.graph.subgraphs}

    def edges(self) -> list[tuple[str, str, str, str]]:
        """Every edge as (start, end, displayed label, stroke)."""
        return [(e.start, e.end, e.text, e.stroke) for e in self.graph.edges]


class Drawer:
    """`draw(machine)`: render a model or an ASL dict, then parse it; a rejection fails the test.

    `svg=True` also has mermaid draw it (layout included, ~40 ms), for `Drawn.svg`.
    """

    def __init__(self, parser: MermaidParser) -> None:
        self._parser = parser

    def __call__(
        self,
        machine: StateMachine | dict[str, Any],
        highlight: Mapping[str, str] | None = None,
        *,
        svg: bool = False,
    ) -> Drawn:
        model = machine if isinstance(machine, StateMachine) else parse_machine(machine)
        text = mermaid(model, highlight=highlight)
        return Drawn(text, self._parser.graph(text), self._parser.render(text) if svg else None)


def machine(states: dict[str, Any], start_at: str | None = None) -> dict[str, Any]:
    """An ASL document from its states; StartAt is the first state unless given."""
    return {"StartAt": start_at or next(iter(states)), "States": states}
