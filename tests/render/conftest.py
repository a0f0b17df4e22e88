"""Render tests: every diagram goes through the real Mermaid parser (tests/mermaid/harness.py)."""

from __future__ import annotations

import pytest

from tests.mermaid.harness import MermaidParser
from tests.render.drawing import Drawer

__all__ = ["draw"]


@pytest.fixture
def draw(mermaid_parser: MermaidParser) -> Drawer:
    """Render a machine (model or ASL dict) and parse it with mermaid; fails if mermaid rejects it."""
    return Drawer(mermaid_parser)
