"""The offline HTML pages without a browser: what they embed and how (tests/browser renders them)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from flowdsl.cli.main import cli
from flowdsl.diagnostics import FlowdslError
from flowdsl.engine import Execution, MockSpec, Return, Throw, execute
from flowdsl.loader import load_source
from flowdsl.model import parse_machine
from flowdsl.render import mermaid
from flowdsl.render.page import diagram_page, mermaid_bundle, mermaid_version, script_json
from flowdsl.render.report import report_page
from tests.render.test_render_hostile_names import HOSTILE

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "src" / "flowdsl" / "render" / "vendor"
HARNESS = ROOT / "tests" / "mermaid"
DATA = re.compile(r'<script type="application/json" id="flowdsl-data">(.*?)</script>', re.S)


def page_data(html: str) -> Any:
    match = DATA.search(html)
    assert match is not None
    return json.loads(match.group(1))


def test_the_shipped_mermaid_is_the_pinned_version() -> None:
    pinned = json.loads((HARNESS / "package.json").read_text(encoding="utf-8"))["dependencies"]["mermaid"]
    assert mermaid_version() == pinned
    licence = (VENDOR / "mermaid.LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("The MIT License") and "Knut Sveidqvist" in licence
    npm_copy = HARNESS / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not npm_copy.is_file():
        pytest.skip("tests/mermaid/node_modules is not installed: cannot compare the bundle with npm's")
    assert mermaid_bundle() == npm_copy.read_text(encoding="utf-8"), "run tools/vendor_mermaid.py"


def test_the_bundle_can_be_inlined_in_a_script_element() -> None:
    assert not re.search(r"</?script", mermaid_bundle(), re.IGNORECASE)


@pytest.mark.parametrize("text", [*HOSTILE.values(), "</script><script>alert(1)</script>", "\u2028\u2029"])
def test_script_json_cannot_end_its_element(text: str) -> None:
    encoded = script_json({"name": text, text: [text]})
    assert not re.search(r"[<>&\u2028\u2029]", encoded) and encoded.isascii()
    assert json.loads(encoded) == {"name": text, text: [text]}


def test_a_diagram_page_carries_the_diagram_and_an_escaped_title() -> None:
    machine = parse_machine({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    html = diagram_page(machine, title="<b>Orders</b> & co")
    assert html.startswith("<!doctype html>")
    assert '<meta name="generator" content="flowdsl">' in html
    assert "<title>&lt;b&gt;Orders&lt;/b&gt; &amp; co</title>" in html
    data = page_data(html)
    assert data["mermaid"] == mermaid(machine)
    assert data["nodes"] == {"s0": "A"}


def test_a_page_loads_nothing_from_elsewhere() -> None:
    machine = parse_machine({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    html = diagram_page(machine, title="t")
    outside = html.replace(mermaid_bundle(), "")
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=", outside, re.IGNORECASE)


ORDER_MOCKS: dict[str, MockSpec] = {
    "Validate Order": [Throw("Lambda.ServiceException", "flaky", seconds=1), Return({}, seconds=0.5)],
    "Reserve Item": Return({"ok": True}, seconds=2),
    "Charge Card": Throw("Payment.Declined", "card expired", seconds=3),
    "Release Order": Return({}),
}
ORDER_INPUT = {"items": [{"sku": "a", "quantity": 1}, {"sku": "b", "quantity": 2}], "orderId": "o1"}


def order_run() -> tuple[Any, Execution]:
    source = load_source(ROOT / "examples" / "order_fulfilment.py")
    return source.definition, execute(source.definition, ORDER_INPUT, mocks=ORDER_MOCKS)


def test_a_report_has_lanes_attempts_and_every_state_entry() -> None:
    machine, execution = order_run()
    data = page_data(report_page(machine, execution, title="order"))
    assert data["execution"]["status"] == execution.status == "FAILED"
    assert data["execution"]["input"] == ORDER_INPUT
    lanes = [lane["label"] for lane in data["lanes"]]
    assert lanes == [
        "execution",
        "Fulfil \u203a branch 1",
        "Fulfil \u203a branch 1 \u203a Reserve Stock [0]",
        "Fulfil \u203a branch 1 \u203a Reserve Stock [1]",
        "Fulfil \u203a branch 2",
    ]
    entries = {(e["state"], e["lane"]): e for e in data["entries"]}
    entered = [
        e["stateEnteredEventDetails"]["name"] for e in execution.history if "stateEnteredEventDetails" in e
    ]
    assert [e["state"] for e in data["entries"]] == entered
    validate = entries[("Validate Order", 0)]
    assert [a["outcome"] for a in validate["attempts"]] == ["failed", "succeeded"]
    assert validate["outcome"] == "succeeded" and validate["end"] > 1.0  # 1 s attempt + backoff + 0.5 s
    charge = entries[("Charge Card", 4)]
    assert (charge["outcome"], charge["error"], charge["cause"]) == (
        "failed",
        "Payment.Declined",
        "card expired",
    )
    assert entries[("Fulfil", 0)]["outcome"] == "caught"
    assert entries[("Fulfil", 0)]["end"] == charge["end"]  # a Parallel ends after its branches
    assert len(data["times"]) == len(execution.history)


def test_a_timed_out_run_reports_the_state_it_was_in() -> None:
    machine = parse_machine(
        {"StartAt": "W", "TimeoutSeconds": 5, "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}}
    )
    execution = execute(machine, {})
    data = page_data(report_page(machine, execution, title="t"))
    assert data["execution"]["status"] == "TIMED_OUT"
    (wait,) = data["entries"]
    assert (wait["outcome"], wait["end"], wait["error"]) == ("timed out", 5.0, "States.Timeout")


def test_execution_report_writes_the_page(tmp_path: Path) -> None:
    _, execution = order_run()
    html = execution.report(tmp_path / "run.html")
    assert (tmp_path / "run.html").read_text(encoding="utf-8") == html
    assert page_data(html)["title"] == "flowdsl-local"


def test_execution_report_needs_the_machine() -> None:
    _, execution = order_run()
    execution.machine = None
    with pytest.raises(FlowdslError) as raised:
        execution.report()
    assert raised.value.diagnostics[0].code == "report-without-machine"


def test_execution_report_cannot_write_is_a_diagnostic(tmp_path: Path) -> None:
    _, execution = order_run()
    with pytest.raises(FlowdslError) as raised:
        execution.report(tmp_path / "missing" / "run.html")
    assert raised.value.diagnostics[0].code == "output-unwritable"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_diagram_format_html_writes_build_stem_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("diagram", str(ROOT / "examples" / "callcenter.py"), "--format", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "build" / "callcenter.html").read_text(encoding="utf-8")
    assert page_data(html)["title"] == "CallCenter"
    assert (
        invoke("diagram", str(ROOT / "examples" / "callcenter.py"), "--format", "html", "--check").exit_code
        == 0
    )


def test_diagram_html_refuses_a_file_flowdsl_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "notes.html"
    mine.write_text("<!doctype html><p>mine</p>", encoding="utf-8")
    result = invoke("diagram", str(ROOT / "examples" / "callcenter.py"), "--format", "html", "-o", str(mine))
    assert result.exit_code == 1
    assert "it is not a page flowdsl wrote" in result.output
    assert mine.read_text(encoding="utf-8") == "<!doctype html><p>mine</p>"


def test_run_report_for_a_failed_run(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    broken = tmp_path / "flow.asl.json"
    broken.write_text(
        json.dumps({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "<b>x</b>"}}}),
        encoding="utf-8",
    )
    result = invoke("run", str(broken), "--report", str(report))
    assert result.exit_code == 1
    data = page_data(report.read_text(encoding="utf-8"))
    assert (data["execution"]["error"], data["execution"]["cause"]) == ("Boom", "<b>x</b>")
    assert [e["state"] for e in data["entries"]] == ["F"]


def test_run_report_is_local_only() -> None:
    result = invoke("run", "x.py", "--remote", "--report", "r.html")
    assert result.exit_code == 2
    assert "--report are local only" in result.output
