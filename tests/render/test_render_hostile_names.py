"""Any state name renders safely: mermaid shows it verbatim and nothing in it becomes syntax."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowdsl.render import escape
from flowdsl.render.escape import REPLACEMENT, UNREPRESENTABLE
from flowdsl.render.notes import LAMBDA, wrapped
from tests.mermaid.harness import MermaidParser
from tests.render.drawing import Drawer, machine

HOSTILE = {
    "double-quotes": 'say "hi"',
    "close-label-and-add-node": 'x"] --> evil["pwned',
    "brackets": "a[b]{c}(d)",
    "hash": "#1 priority",
    "entity-code": "#quot; #35; #lt;",
    "html-entity": "&amp; &lt;b&gt;",
    "semicolon": "one; two",
    "pipe": "a|b",
    "edge-label-break": '"| s9 --> s0 -->|"',
    "backticks": "`markdown`",
    "markdown-string": '"`**bold**`"',
    "script": "<script>alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "comment": "%% hidden",
    "init-directive": '%%{init: {"securityLevel": "loose", "theme": "dark"}}%%',
    "click-newline": 'x"]\n  click s0 "javascript:alert(1)"\n  y["',
    "click-word": "click s0 callback",
    "class-shorthand": "name:::failed",
    "style-line": 'x"]\n  style s0 fill:#f00\n  classDef evil fill:#000\n  class s0 evil\n  y["',
    "subgraph-end": 'x"]\nend\nsubgraph z["',
    "keyword-end": "end",
    "newline": "line one\nline two",
    "crlf-tab": "a\r\nb\tc",
    "non-ascii": "café ✓ 日本語 🚀",
    "katex": "$$x^2$$",
    "bidi-override": "\u202eevil\u202c",
    "mermaid-placeholders": "ß°¶ﬂ°°35¶ß",
    "arrows": "a --> b -.-> c ==> d",
    "backslash": "back\\slash \\n",
    "apostrophe": "it's",
    "spaces": "  spaced  out  ",
    "empty": "",
}
# Mermaid's flowchart vocabulary: an unescaped name containing any of these could be syntax.
RISKY = re.compile(r'["#&<>`|;%\n\r\\]|\$\$')


def shown(name: str) -> str:
    """What a reader sees for a name: itself, bar what HTML cannot carry; a blank for nothing."""
    return "".join(REPLACEMENT if c in UNREPRESENTABLE else c for c in name) or " "


def label(name: str) -> str:
    """What a reader sees for a name as a node or subgraph label: shown, and wrapped if long."""
    return "\n".join(wrapped([shown(name)]))


def hostile_machine(name: str) -> dict[str, Any]:
    """The name as a Task, a Parallel, a Choice, a branch state, a Choice operand and a Catch error."""
    parallel, choice = f"{name} P", f"{name} C"
    return machine(
        {
            name: {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                "Next": parallel,
                "Catch": [{"ErrorEquals": [name], "Next": choice}],
            },
            parallel: {
                "Type": "Parallel",
                "Next": choice,
                "Branches": [
                    {"StartAt": f"{name} B", "States": {f"{name} B": {"Type": "Pass", "End": True}}}
                ],
            },
            choice: {
                "Type": "Choice",
                "Choices": [{"Variable": "$.v", "StringEquals": name, "Next": name}],
                "Default": parallel,
            },
        },
        start_at=name,
    )


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_name_is_shown_verbatim_and_injects_nothing(draw: Drawer, name: str) -> None:
    drawn = draw(hostile_machine(name))
    graph = drawn.graph
    texts = {
        "start": "start",
        "s0": f"{label(name)}\n{LAMBDA}F",
        "s2": label(f"{name} C"),
        "s3": label(f"{name} B"),
        "stop": "end",
    }
    assert drawn.vertex_text() == texts
    titles = {"s1": f"{label(f'{name} P')}\nparallel", "s1_b0": "branch 1"}
    assert {s.id: s.title for s in graph.subgraphs.values()} == titles
    assert drawn.edges() == [
        ("start", "s0", "", "normal"),
        ("s0", "s1", "", "normal"),
        ("s0", "s2", shown(name), "dotted"),
        ("s1", "s2", "", "normal"),
        ("s2", "s0", f"$.v == {json.dumps(name, ensure_ascii=False)}", "normal"),
        ("s2", "s1", "default", "normal"),
    ]
    assert set(graph.classes) == {"marker"}
    assert all(v.classes == () for v in graph.vertices.values() if v.id not in ("start", "stop"))
    assert not any(v.link or v.callback for v in graph.vertices.values())
    assert graph.tooltips == 0


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_name_never_appears_raw(draw: Drawer, name: str) -> None:
    drawn = draw(hostile_machine(name))
    if RISKY.search(name):
        assert name not in drawn.text
    stored = [v.raw for v in drawn.graph.vertices.values()] + [e.raw for e in drawn.graph.edges]
    # Mermaid inserts labels as HTML: only our own line breaks may reach it as markup.
    assert not any(re.search(r"[<>]", raw.replace("<br>", "")) for raw in stored)


TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:=\"[^\"]*\"|='[^']*')?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([\w:-]+)(?:=\"([^\"]*)\"|='([^']*)')?")


def _markup(svg: str) -> tuple[set[str], set[str], list[str]]:
    """Element names, attribute names and attribute values of the SVG (text content excluded)."""
    tags, names, values = set(), set(), []
    for tag, attributes in TAG.findall(svg):
        tags.add(tag.lower())
        for name, double, single in ATTRIBUTE.findall(attributes):
            names.add(name.lower())
            values.append(double or single)
    return tags, names, values


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_name_draws_no_new_markup(draw: Drawer, name: str) -> None:
    # The SVG is what a page embeds: a hostile name may add no element, attribute, handler or link.
    plain, hostile = draw(hostile_machine("plain"), svg=True).svg, draw(hostile_machine(name), svg=True).svg
    assert plain is not None and hostile is not None
    plain_tags, plain_names, _ = _markup(plain)
    tags, names, values = _markup(hostile)
    assert tags <= plain_tags
    assert names <= plain_names
    assert not any(n.startswith("on") for n in names)
    assert not any("javascript:" in v.lower() for v in values)


def test_markup_check_sees_raw_html(mermaid_parser: MermaidParser) -> None:
    # Guards the test above against being vacuous: unescaped HTML does reach the SVG as markup.
    svg = mermaid_parser.render('flowchart TD\n  a["<b>x</b><img src=x>"] --> b\n')
    assert {"b", "img"} <= _markup(svg)[0]


def test_every_ascii_character_alone(mermaid_parser: MermaidParser) -> None:
    for code in range(128):
        char = chr(code)
        graph = mermaid_parser.graph(
            f'flowchart TD\n  s0["x{escape.text(char)}y"] -->|"{escape.text(char)}"| s1\n'
        )
        assert graph.vertices["s0"].text == f"x{shown(char)}y", repr(char)
        assert graph.edges[0].text == shown(char), repr(char)


# Surrogates cannot be written as UTF-8, so no real file or Python source holds them.
NAMES = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_any_name_round_trips(draw: Drawer, name: str) -> None:
    drawn = draw(machine({name: {"Type": "Pass", "End": True}}))
    assert drawn.vertex_text()["s0"] == label(name)
    assert drawn.vertex_text()["s0"].replace("\n", "") == shown(name).replace("\n", "")
    assert len(drawn.graph.vertices) == 3
