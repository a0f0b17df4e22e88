"""Standalone HTML pages: a diagram (and, in report.py, an execution) that render offline.

A page is one file: the mermaid bundle shipped in `flowdsl/render/vendor/` (mermaid's MIT
licence beside it) is inlined in a `<script>`, the page's data is one JSON document in a
`<script type="application/json">`, and a small viewer script draws the diagram and gives it
pan and zoom. Nothing is fetched, so the page works without a network and from `file://`.

User text reaches the page only as JSON inside that data element, with `<`, `>` and `&`
written as `\\u003c`, `\\u003e`, `\\u0026` (and everything non-ASCII as `\\uXXXX`), so no
name can close the element; the viewer inserts text with `textContent`, never as HTML, and
the diagram's labels are escaped for Mermaid (`escape.py`) before mermaid (securityLevel
`strict`) draws them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.model import StateMachine
from flowdsl.render.graph import build
from flowdsl.render.mermaid import render_diagram

PAGE_TEMPLATE = "diagram.html.j2"
# Every page flowdsl writes carries this, so a command can tell its own output from a user's file.
GENERATOR = "flowdsl"


def diagram_page(
    machine: StateMachine, *, title: str, notes: Mapping[tuple[str, str | None], str] | None = None
) -> str:
    """One standalone HTML page drawing `machine`, with pan and zoom; `title` is plain text;
    `notes` as for `graph.build`."""
    diagram = build(machine, {}, notes)
    data = {"kind": "diagram", "title": title, "mermaid": render_diagram(diagram), "nodes": diagram.names}
    return render_page(PAGE_TEMPLATE, title=title, data=data)


def render_page(template: str, *, title: str, data: Mapping[str, Any]) -> str:
    """Fill an HTML template with the page title, the data element and the mermaid bundle."""
    return (
        _environment()
        .get_template(template)
        .render(
            title=title, data=Markup(script_json(data)), bundle=Markup(mermaid_bundle()), generator=GENERATOR
        )
    )


def write_page(path: Path, text: str) -> None:
    """Write a page from the Python API (the CLI writes through its GeneratedFile instead)."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise FlowdslError([error("output-unwritable", f"cannot write file: {reason}", str(path))]) from None


def script_json(value: Any) -> str:
    """JSON that is safe as the text of a `<script type="application/json">` element.

    ASCII only (so U+2028/U+2029 and lone surrogates are escapes too), and `<`, `>`, `&`
    escaped, so the text can contain neither `</script` nor `<!--` (HTML spec, "script data
    state"); `JSON.parse` reads the escapes back as the same characters.
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def mermaid_bundle() -> str:
    """The shipped mermaid bundle (`vendor/mermaid.min.js`, version in `vendor/mermaid.version`)."""
    return (resources.files("flowdsl.render") / "vendor" / "mermaid.min.js").read_text(encoding="utf-8")


def mermaid_version() -> str:
    return (
        (resources.files("flowdsl.render") / "vendor" / "mermaid.version").read_text(encoding="utf-8").strip()
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("flowdsl.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
