"""Example tests: the examples folder, and the real Mermaid parser for their diagrams."""

from __future__ import annotations

from tests.mermaid.harness import mermaid_parser

__all__ = ["mermaid_parser"]
