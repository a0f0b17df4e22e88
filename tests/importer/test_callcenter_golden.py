"""The call-center definition imports as the code a person writes (examples/callcenter.py)."""

from __future__ import annotations

from pathlib import Path

from syrupy.assertion import SnapshotAssertion

import flowdsl
from tests.conftest import REPO_ROOT


def test_callcenter_reads_like_the_example(snapshot: SnapshotAssertion) -> None:
    definition = (REPO_ROOT / "build" / "callcenter.asl.json").read_text(encoding="utf-8")
    assert flowdsl.import_asl(definition, name="CallCenter") == snapshot


def test_order_fulfilment_uses_afterwards_and_loops(snapshot: SnapshotAssertion) -> None:
    definition = (REPO_ROOT / "build" / "order_fulfilment.asl.json").read_text(encoding="utf-8")
    assert flowdsl.import_asl(definition, name="OrderFulfilment") == snapshot


def test_callcenter_jsonata_uses_expr_and_python_conditions(snapshot: SnapshotAssertion) -> None:
    definition = (REPO_ROOT / "build" / "callcenter_jsonata.asl.json").read_text(encoding="utf-8")
    assert flowdsl.import_asl(definition, name="CallCenter") == snapshot


def test_import_asl_is_lazy_and_public() -> None:
    assert "import_asl" in flowdsl.__all__
    assert callable(flowdsl.import_asl)
    assert Path(flowdsl.__file__).name == "__init__.py"


def test_docs_show_the_real_output() -> None:
    definition = (REPO_ROOT / "build" / "callcenter.asl.json").read_text(encoding="utf-8")
    text = flowdsl.import_asl(definition, name="CallCenter", source="callcenter.asl.json")
    doc = (REPO_ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    shown = doc.split("```python\n", 1)[1].split("```", 1)[0]
    assert shown == text
