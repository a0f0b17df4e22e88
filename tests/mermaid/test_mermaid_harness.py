"""The harness is only worth having if it rejects what mermaid rejects and reports what it parsed."""

from __future__ import annotations

import pytest

from tests.mermaid.harness import MermaidParser

INVALID = {
    "unclosed-square": 'flowchart TD\n  a["x" --> b\n',
    "unclosed-quote": 'flowchart TD\n  a["x] --> b\n',
    "quote-inside-label": 'flowchart TD\n  a["x"y"] --> b\n',
    "dangling-arrow": "flowchart TD\n  a -->\n",
    "unclosed-edge-label": "flowchart TD\n  a -->|oops b\n",
    "end-keyword-as-node": "flowchart TD\n  end --> b\n",
    "subgraph-never-closed": "flowchart TD\n  subgraph g\n  a --> b\n  end\n  end\n",
    "unknown-diagram-type": "flowchartz TD\n  a --> b\n",
    "not-a-diagram": "hello world\n",
    "empty": "",
}

VALID = {
    "minimal": "flowchart TD\n  a --> b\n",
    "shapes": 'flowchart TD\n  a["box"] --> b{"choice"} --> c(["end"])\n  s(("start")) --> a\n',
    "subgraph": 'flowchart TD\n  subgraph g["group"]\n    a --> b\n  end\n  g --> c\n',
    "dotted-labelled": 'flowchart TD\n  a -.->|"States.ALL"| b\n',
    "classes": "flowchart TD\n  a --> b\n  classDef ok fill:#0f0\n  class a ok\n",
    "entities": 'flowchart TD\n  a["#quot;#lt;b#gt;#35;#59;"] --> b\n',
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_rejects_broken_mermaid(mermaid_parser: MermaidParser, text: str) -> None:
    result = mermaid_parser.parse(text)
    assert not result.ok
    assert result.error


@pytest.mark.parametrize("text", VALID.values(), ids=VALID.keys())
def test_accepts_valid_flowcharts(mermaid_parser: MermaidParser, text: str) -> None:
    result = mermaid_parser.parse(text)
    assert result.ok, result.error
    assert result.type == "flowchart-v2"


def test_a_rejection_does_not_poison_the_next_parse(mermaid_parser: MermaidParser) -> None:
    assert not mermaid_parser.parse(INVALID["unclosed-square"]).ok
    graph = mermaid_parser.graph("flowchart TD\n  x --> y\n")
    assert set(graph.vertices) == {"x", "y"}


def test_graph_reports_nodes_edges_subgraphs_and_classes(mermaid_parser: MermaidParser) -> None:
    graph = mermaid_parser.graph(
        'flowchart TD\n  subgraph g["G"]\n    a["A"]\n  end\n  a -.->|"err"| b{"B"}\n'
        "  classDef hot fill:#f00\n  class a hot\n"
    )
    assert graph.vertices["a"].classes == ("hot",)
    assert graph.vertices["b"].type == "diamond"
    assert [(e.start, e.end, e.text, e.stroke) for e in graph.edges] == [("a", "b", "err", "dotted")]
    assert graph.subgraphs["g"].title == "G"
    assert graph.subgraphs["g"].nodes == ("a",)
    assert graph.classes == {"hot": ["fill:#f00"]}


def test_graph_decodes_entities_to_what_a_reader_sees(mermaid_parser: MermaidParser) -> None:
    vertex = mermaid_parser.graph(VALID["entities"]).vertices["a"]
    assert vertex.text == '"<b>#;'
    assert "<" not in vertex.raw


def test_mermaid_mangles_some_bad_labels_silently(mermaid_parser: MermaidParser) -> None:
    # Why render tests compare displayed text, not just ok/error: this parses, but the quotes vanish.
    vertex = mermaid_parser.graph('flowchart TD\n  a["say "hi""] --> b\n').vertices["a"]
    assert vertex.text == "say hi"


def test_graph_exposes_click_directives(mermaid_parser: MermaidParser) -> None:
    graph = mermaid_parser.graph(
        'flowchart TD\n  a --> b\n  click a callback "tip"\n  click b "https://x.test"\n'
    )
    assert graph.vertices["a"].callback
    assert graph.vertices["b"].link == "https://x.test"
    assert graph.tooltips == 1


def test_render_draws_svg_with_the_labels(mermaid_parser: MermaidParser) -> None:
    svg = mermaid_parser.render(
        'flowchart TD\n  subgraph g["Group"]\n    a["Alpha #amp; Beta"]\n  end\n  g --> b\n'
    )
    assert svg.startswith("<svg")
    assert "Alpha &amp; Beta" in svg
    assert "Group" in svg


def test_render_reports_what_stops_drawing(mermaid_parser: MermaidParser) -> None:
    result = mermaid_parser.parse(INVALID["unclosed-square"], render=True)
    assert (result.ok, result.svg) == (False, None)
