"""Render tests: every diagram goes through the real Mermaid parser (tests/mermaid/harness.py).

The repository root goes on `sys.path` first so `tests.mermaid.harness` imports the same way
under `pytest`, `python -m pytest` and mypy (pytest's default import mode only adds this folder).
"""

# ruff: noqa: E402
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import pytest

from tests.mermaid.harness import MermaidParser, mermaid_parser
from tests.render.drawing import Drawer

__all__ = ["draw", "mermaid_parser"]


@pytest.fixture
def draw(mermaid_parser: MermaidParser) -> Drawer:
    """Render a machine (model or ASL dict) and parse it with mermaid; fails if mermaid rejects it."""
    return Drawer(mermaid_parser)
