"""The HTML pages commands write (`diagram --format html`, `run --report`), as generated files.

They go through `GeneratedFile` like `compile`'s and `diagram`'s outputs, so the same rules hold:
never over the source, never over a file flowdsl did not write, `-` for stdout.
"""

from __future__ import annotations

from flowdsl.cli.generated import GeneratedFile
from flowdsl.render.page import GENERATOR

_MARK = f'<meta name="generator" content="{GENERATOR}">'


def is_page(text: str) -> bool:
    """Whether an existing file's text is a page flowdsl wrote (its generator mark near the top).

    An empty file is not, as for the other generated files: it may be a placeholder someone keeps.
    """
    head = text[:1024]
    return head.lower().startswith("<!doctype html>") and _MARK in head


DIAGRAM_PAGE = GeneratedFile(
    "diagram --format html", ".html", "a page flowdsl wrote", "output-not-page", is_page
)
REPORT_PAGE = GeneratedFile("run --report", ".html", "a page flowdsl wrote", "output-not-page", is_page)
