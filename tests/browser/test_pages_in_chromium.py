"""flowdsl's HTML pages as a person sees them: rendered by headless Chromium, checked from the page.

Every example's diagram page and held-out definitions with Parallel and Map states, run reports of
a succeeded, a failed and a timed-out execution, and the hostile names of the render tests. Each
check reads the rendered page (bounding boxes, text, console); a screenshot of every page goes to
the test's tmp dir for a person to look at.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from flowdsl import run
from flowdsl.engine import Return, execute
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.render.page import diagram_page
from flowdsl.render.report import report_page
from tests.browser.chromium import Chromium, Page
from tests.browser.pages import inside, look, open_page, overlaps
from tests.render.machines import EVERY_STATE_TYPE
from tests.render.test_render_hostile_names import HOSTILE, hostile_machine
from tests.render.test_render_page import ORDER_INPUT, ORDER_MOCKS

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "checks" / "heldout" / "valid"
SOURCES = sorted((ROOT / "examples").glob("*.py")) + sorted(
    path for path in HELDOUT.glob("*.asl.json") if re.search(r'"Type": "(Parallel|Map)"', path.read_text())
)
SEP = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "  # between the parts of a lane's name
BRANCH = re.compile(r"^(?P<parallel>.+)_b(?P<index>\d+)$")


def write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


def check_drawing(page: Page, shot: Path) -> dict[str, Any]:
    """Every state drawn, Parallel branches side by side in order, titles clear of their contents."""
    geometry: dict[str, Any] = look(page, shot)
    assert geometry["error"] is None
    assert sorted(geometry["drawn"]) == sorted(geometry["expected"]), "a state is missing from the drawing"
    check_branches(geometry["clusters"])
    check_titles(geometry["clusters"], geometry["nodes"])
    return geometry


def check_branches(clusters: dict[str, Any]) -> None:
    parallels: dict[str, dict[int, Any]] = {}
    for cluster_id, cluster in clusters.items():
        match = BRANCH.match(cluster_id)
        if match:
            parallels.setdefault(match["parallel"], {})[int(match["index"])] = cluster["box"]
    for parallel, branches in parallels.items():
        boxes = [branches[index] for index in sorted(branches)]
        assert sorted(branches) == list(range(len(boxes))), f"{parallel}: a branch is not drawn"
        for number, (left, right) in enumerate(itertools.pairwise(boxes), 1):
            assert right["left"] >= left["right"] - 1, (
                f"{parallel}: branch {number + 1} not right of {number}"
            )
            assert right["top"] < left["bottom"] and left["top"] < right["bottom"], (
                f"{parallel}: not side by side"
            )


def check_titles(clusters: dict[str, Any], nodes: dict[str, Any]) -> None:
    for cluster_id, cluster in clusters.items():
        title = cluster["title"]
        assert title is not None and title["width"] > 0, f"{cluster_id} has no visible title"
        assert inside(title, cluster["box"]), f"{cluster_id}: title outside its box"
        children = [box for box in nodes.values() if inside(box, cluster["box"])]
        children += [
            c["box"] for i, c in clusters.items() if i != cluster_id and inside(c["box"], cluster["box"])
        ]
        for child in children:
            assert not overlaps(title, child), f"the title of {cluster_id} overlaps what it holds"


@pytest.mark.parametrize("source", SOURCES, ids=[path.name for path in SOURCES])
def test_diagram_page_draws_every_state_clearly(chromium: Chromium, source: Path, tmp_path: Path) -> None:
    definition = load_source(source).definition
    page = open_page(chromium, write(tmp_path, source.stem, diagram_page(definition, title=source.name)))
    check_drawing(page, tmp_path / f"{source.stem}.png")
    assert page.evaluate("document.title") == source.name
    assert page.problems() == []


def test_three_branches_stand_in_order(chromium: Chromium, tmp_path: Path) -> None:
    branches = [
        {
            "StartAt": f"{name} 1",
            "States": {
                f"{name} 1": {"Type": "Pass", "Next": f"{name} 2"},
                f"{name} 2": {"Type": "Pass", "End": True},
            },
        }
        for name in ("Left", "Middle", "Right")
    ]
    machine = parse_machine(
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": branches, "End": True}}}
    )
    page = open_page(chromium, write(tmp_path, "three", diagram_page(machine, title="three")))
    geometry = check_drawing(page, tmp_path / "three.png")
    lefts = [geometry["clusters"][f"s0_b{i}"]["box"]["left"] for i in range(3)]
    assert lefts == sorted(lefts)
    assert page.problems() == []


def test_every_state_type_with_a_three_line_title(chromium: Chromium, tmp_path: Path) -> None:
    machine = parse_machine(EVERY_STATE_TYPE)  # "Prepare / parallel / retry x3" is three lines
    page = open_page(chromium, write(tmp_path, "every", diagram_page(machine, title="every")))
    check_drawing(page, tmp_path / "every.png")
    assert page.problems() == []


def test_pan_and_zoom(chromium: Chromium, tmp_path: Path) -> None:
    definition = load_source(ROOT / "examples" / "order_fulfilment.py").definition
    page = open_page(chromium, write(tmp_path, "zoom", diagram_page(definition, title="zoom")))
    before = page.evaluate("flowdsl.view.k")
    page.evaluate("document.querySelector('[data-zoom=in]').click()")
    assert page.evaluate("flowdsl.view.k") > before
    page.evaluate(
        "document.getElementById('viewport').dispatchEvent(new WheelEvent('wheel', "
        "{deltaY: 100, clientX: 200, clientY: 200, cancelable: true}))"
    )
    page.evaluate("document.querySelector('[data-zoom=fit]').click()")
    assert page.evaluate("flowdsl.view.k") == pytest.approx(before)
    assert page.problems() == []


def check_report(page: Page, data: dict[str, Any]) -> None:
    """The summary, a bar per state entry, and the details of a state picked in the graph."""
    assert page.evaluate("document.getElementById('status').textContent") == data["status"]
    assert page.evaluate("document.querySelectorAll('#timeline .bar').length") == data["entries"]
    lanes = page.evaluate("[...document.querySelectorAll('#timeline .lane-label')].map(e => e.textContent)")
    assert lanes == data["lanes"]
    assert json.loads(page.evaluate("document.getElementById('run-input').textContent")) == data["input"]
    for name, expected_input in data["picks"].items():
        page.evaluate(
            "(name => flowdsl.states.find(s => s.name === name).element"
            ".dispatchEvent(new MouseEvent('click', {bubbles: true})))(" + json.dumps(name) + ")"
        )
        assert page.evaluate("document.getElementById('detail-title').textContent") == name
        assert (
            json.loads(page.evaluate("document.querySelector('#detail pre.input').textContent"))
            == expected_input
        )


def test_report_of_a_succeeded_run(chromium: Chromium, tmp_path: Path) -> None:
    source = load_source(ROOT / "examples" / "callcenter.py")
    execution = run(source, {"inputCaseID": "001"})
    page = open_page(
        chromium, write(tmp_path, "callcenter", report_page(source.definition, execution, title="cc"))
    )
    check_drawing(page, tmp_path / "callcenter.png")
    entered = [e for e in execution.history if "stateEnteredEventDetails" in e]
    first = json.loads(entered[0]["stateEnteredEventDetails"]["input"])
    data = {"status": execution.status, "entries": len(entered), "lanes": ["execution"]}
    check_report(page, {**data, "input": {"inputCaseID": "001"}, "picks": {"Open Case": first}})
    assert page.problems() == []


def test_report_of_a_failed_run_with_retries_branches_and_iterations(
    chromium: Chromium, tmp_path: Path
) -> None:
    source = load_source(ROOT / "examples" / "order_fulfilment.py")
    execution = execute(source.definition, ORDER_INPUT, mocks=ORDER_MOCKS)
    assert execution.status == "FAILED"
    page = open_page(
        chromium, write(tmp_path, "order", report_page(source.definition, execution, title="order"))
    )
    check_drawing(page, tmp_path / "order.png")
    lanes = ["execution", f"Fulfil{SEP}branch 1", f"Fulfil{SEP}branch 1{SEP}Reserve Stock [0]",
             f"Fulfil{SEP}branch 1{SEP}Reserve Stock [1]", f"Fulfil{SEP}branch 2"]  # fmt: skip
    entries = sum("stateEnteredEventDetails" in e for e in execution.history)
    data = {"status": "FAILED", "entries": entries, "lanes": lanes, "input": ORDER_INPUT, "picks": {}}
    check_report(page, data)
    # It opens on the state that failed, with its error; the retried Task shows both attempts.
    assert page.evaluate("document.getElementById('detail-title').textContent") == "Charge Card"
    assert "Payment.Declined" in page.evaluate("document.getElementById('detail').textContent")
    page.evaluate("flowdsl.selectState('Validate Order')")
    text = page.evaluate("document.getElementById('detail').textContent")
    assert (
        "attempt 1: failed" in text and "Lambda.ServiceException" in text and "attempt 2: succeeded" in text
    )
    page.screenshot(tmp_path / "order-validate.png")
    assert page.problems() == []


def test_report_of_a_timed_out_run(chromium: Chromium, tmp_path: Path) -> None:
    machine = parse_machine(
        {"StartAt": "W", "TimeoutSeconds": 5, "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}}
    )
    execution = execute(machine, {"a": 1})
    page = open_page(chromium, write(tmp_path, "timeout", report_page(machine, execution, title="t")))
    check_drawing(page, tmp_path / "timeout.png")
    data = {
        "status": "TIMED_OUT",
        "entries": 1,
        "lanes": ["execution"],
        "input": {"a": 1},
        "picks": {"W": {"a": 1}},
    }
    check_report(page, data)
    assert "States.Timeout" in page.evaluate("document.getElementById('facts').textContent")
    assert page.problems() == []


# Names that would set document.title (or window.pwned) if any of them ever ran as script.
TITLE_PAYLOADS = {
    "img-sets-title": "<img src=x onerror=\"document.title='pwned';window.pwned=1\">",
    "script-close": "</script><script>document.title='pwned';window.pwned=1</script>",
    "svg-onload": "<svg onload=\"document.title='pwned'\"></svg>",
    "json-close": '"}]}</script><script>document.title="pwned"</script>',
    "comment-open": "<!--<script>document.title='pwned'</script>",
    "javascript-url": "javascript:document.title='pwned'",
}
NAMES = {**HOSTILE, **TITLE_PAYLOADS}
TITLE = "hostile report"


def check_inert(page: Page) -> None:
    assert page.evaluate("document.title") == TITLE
    assert page.evaluate("window.pwned === undefined")
    assert (
        page.evaluate("document.querySelectorAll('img, iframe, object, embed, foreignObject script').length")
        == 0
    )
    assert page.evaluate("document.scripts.length") == 3  # the data, the bundle, the viewer
    assert page.problems() == []


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_hostile_names_execute_nothing_in_a_report(chromium: Chromium, name: str, tmp_path: Path) -> None:
    machine = parse_machine(hostile_machine(name))
    execution = execute(machine, {"name": name}, mocks={name: Return({name: name})})
    page = open_page(chromium, write(tmp_path, "hostile", report_page(machine, execution, title=TITLE)))
    check_drawing(page, tmp_path / "hostile.png")
    check_inert(page)
    page.evaluate("flowdsl.select(0)")
    assert page.evaluate("document.getElementById('detail-title').textContent") == name


def test_hostile_names_execute_nothing_in_a_diagram(chromium: Chromium, tmp_path: Path) -> None:
    names = list(NAMES.values())
    states = {
        f"{i} {name}": {
            "Type": "Pass",
            **({"Next": f"{i + 1} {names[i + 1]}"} if i + 1 < len(names) else {"End": True}),
        }
        for i, name in enumerate(names)
    }
    machine = parse_machine({"StartAt": f"0 {names[0]}", "States": states})
    page = open_page(chromium, write(tmp_path, "hostile", diagram_page(machine, title=TITLE)))
    check_drawing(page, tmp_path / "hostile.png")
    check_inert(page)


def test_a_hostile_page_title_is_only_text(chromium: Chromium, tmp_path: Path) -> None:
    machine = parse_machine({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    title = TITLE_PAYLOADS["script-close"]
    page = open_page(chromium, write(tmp_path, "title", diagram_page(machine, title=title)))
    assert page.evaluate("document.title") == title
    assert page.evaluate("document.getElementById('title').textContent") == title
    assert page.evaluate("window.pwned === undefined")
    assert page.problems() == []


def test_a_workflow_past_mermaids_default_limits_still_draws(chromium: Chromium, tmp_path: Path) -> None:
    # Mermaid's defaults refuse more than 50 000 characters or 500 edges; the page lifts them.
    count = 520
    names = [f"Step {i:03} of a long chain of states with descriptive names" for i in range(count)]
    states: dict[str, Any] = {
        name: {"Type": "Pass", **({"Next": names[i + 1]} if i + 1 < count else {"End": True})}
        for i, name in enumerate(names)
    }
    machine = parse_machine({"StartAt": names[0], "States": states})
    html = diagram_page(machine, title="big")
    assert len(json.loads(page_json(html))["mermaid"]) > 50_000
    page = open_page(chromium, write(tmp_path, "big", html))
    assert page.evaluate("flowdsl.error") is None
    assert page.evaluate("flowdsl.states.length") == count
    assert page.problems() == []


def page_json(html: str) -> str:
    match = re.search(r'<script type="application/json" id="flowdsl-data">(.*?)</script>', html, re.S)
    assert match is not None
    return match.group(1)
