"""Registers the `mermaid_parser` fixture for the harness's own tests."""

from __future__ import annotations

from tests.mermaid.harness import mermaid_parser

__all__ = ["mermaid_parser"]
