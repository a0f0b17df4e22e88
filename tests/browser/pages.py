"""Opening flowdsl's pages in Chromium and measuring what they drew."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.chromium import Chromium, Page

READY = "window.flowdsl !== undefined && window.flowdsl.ready === true"


def open_page(browser: Chromium, path: Path, *, width: int = 1400, height: int = 1000) -> Page:
    """Load a page written by flowdsl and wait until it has drawn its diagram."""
    page = browser.page(width, height)
    page.open(path, READY)
    return page


def look(page: Page, shot: Path) -> Any:
    """Save a screenshot for a person to look at, and return the page's geometry."""
    page.screenshot(shot)
    return page.evaluate(GEOMETRY)


# Boxes in page coordinates of every state drawn (node or subgraph), each subgraph's title, and
# the Parallel branches, from the ids flowdsl gives them (`s3`, `s3_b0`, ...).
GEOMETRY = """(() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
  const prefix = "flowdsl-diagram-";
  const clusters = {};
  for (const g of document.querySelectorAll("#canvas g.cluster")) {
    const id = g.id.slice(prefix.length);
    const rect = g.querySelector(":scope > rect");
    const label = g.querySelector(":scope > .cluster-label");
    clusters[id] = {box: box(rect || g), title: label ? box(label) : null};
  }
  const nodes = {};
  for (const g of document.querySelectorAll("#canvas g.node")) {
    const m = /^flowdsl-diagram-flowchart-(.+)-\\d+$/.exec(g.id);
    if (m) nodes[m[1]] = box(g);
  }
  const drawn = (flowdsl.states || []).map((s) => s.id);
  return {clusters, nodes, drawn, expected: Object.keys(flowdsl.data.nodes), error: flowdsl.error};
})()"""


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    slack = 0.5
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )
