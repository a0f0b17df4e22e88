"""Fixtures shared by every test area."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The real Mermaid parser (node + the pinned `mermaid` package), shared by every test area that
# draws diagrams: one node process per session.
from tests.mermaid.harness import mermaid_parser

__all__ = ["mermaid_parser"]

REPO_ROOT = Path(__file__).resolve().parents[1]


def conformance_path() -> Path:
    """Where the shared conformance data lives: `$FLOWDSL_CONFORMANCE_DIR`, else `../shared/conformance`."""
    configured = os.environ.get("FLOWDSL_CONFORMANCE_DIR")
    return Path(configured) if configured else REPO_ROOT.parent / "shared" / "conformance"


@pytest.fixture(scope="session")
def conformance_dir() -> Path:
    """The conformance data folder, read in place; tests skip with the reason when it is absent."""
    path = conformance_path()
    if not path.is_dir():
        pytest.skip(f"conformance data not found at {path} (set FLOWDSL_CONFORMANCE_DIR)")
    return path


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT
