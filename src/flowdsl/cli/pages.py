"""The HTML pages commands write (`diagram --format html`, `run --report`), as generated files.

They go through `GeneratedFile` like `compile`'s and `diagram`'s outputs, so the same rules hold:
never over the source, never over a file flowdsl did not write, `-` for stdout.
"""

from __future__ import annotations

from pathlib import Path

from flowdsl.cli.generated import GeneratedFile
from flowdsl.render.page import GENERATOR

_MARK = f'<meta name="generator" content="{GENERATOR}">'


def is_page(path: Path) -> bool:
    """Whether an existing file is empty or a page flowdsl wrote (its generator mark near the top)."""
    try:
        with path.open(encoding="utf-8") as file:
            head = file.read(1024)
    except (OSError, UnicodeDecodeError):
        return False
    return not head.strip() or (head.lower().startswith("<!doctype html>") and _MARK in head)


DIAGRAM_PAGE = GeneratedFile(
    "diagram --format html", ".html", "a page flowdsl wrote", "output-not-page", is_page
)
REPORT_PAGE = GeneratedFile("run --report", ".html", "a page flowdsl wrote", "output-not-page", is_page)
