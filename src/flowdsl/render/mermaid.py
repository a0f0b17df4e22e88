"""`mermaid()`: a state machine as a Mermaid flowchart, through a jinja2 template."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import jinja2

from flowdsl.model import StateMachine
from flowdsl.render.graph import Cluster, Diagram, build

TEMPLATE = "flowchart.mmd.j2"
# Mermaid's defaults for `maxEdges` and `maxTextSize`. Both are in Mermaid's `secure` config
# list, so a diagram cannot raise them itself (an init directive is ignored): only the page or
# tool that renders it can. Past them Mermaid refuses to draw ("Edge limit exceeded").
MAX_EDGES = 500
MAX_TEXT_SIZE = 50_000


def mermaid(
    machine: StateMachine,
    *,
    highlight: Mapping[str, str] | None = None,
    notes: Mapping[tuple[str, str | None], str] | None = None,
) -> str:
    """The machine as Mermaid `flowchart TD` text, deterministic for a given machine.

    Choice rules label their edges, the Default edge says `default`, Parallel branches and Map
    processors are subgraphs, Catch edges are dashed and name their errors, Retry is noted on
    the state. `highlight` maps state names to "succeeded", "failed", "caught" or "running"
    to colour an execution's path as the Step Functions console does. `notes` adds a line to
    the edges it names (`graph.build`).
    """
    return render_diagram(build(machine, highlight or {}, notes))


def render_diagram(diagram: Diagram) -> str:
    """The Mermaid text of a laid-out diagram (for callers that also need its `names`)."""
    return _environment().get_template(TEMPLATE).render(diagram=diagram)


@cache
def _environment() -> jinja2.Environment:
    # No autoescape: the output is Mermaid, not HTML, and every label is already escaped for
    # Mermaid (and HTML) in flowdsl.render.escape before it reaches the template.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("flowdsl.render", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["cluster"] = lambda item: isinstance(item, Cluster)
    return env


def limit_problems(machine: StateMachine, text: str) -> list[str]:
    """Why Mermaid with its default configuration (GitHub, mermaid.live) would not draw `text`."""
    problems = []
    edges = len(build(machine, {}).edges)
    if edges > MAX_EDGES:
        problems.append(f"the diagram has {edges} edges, over Mermaid's default maxEdges of {MAX_EDGES}")
    if len(text) > MAX_TEXT_SIZE:
        problems.append(
            f"the diagram is {len(text)} characters, over Mermaid's default maxTextSize of {MAX_TEXT_SIZE}"
        )
    return problems
