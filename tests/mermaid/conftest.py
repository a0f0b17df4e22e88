"""Registers the `mermaid_parser` fixture for the harness's own tests.

The repository root goes on `sys.path` so `tests.mermaid.harness` imports the same way under
`pytest`, `python -m pytest` and mypy (pytest's default import mode only adds this folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from tests.mermaid.harness import mermaid_parser  # noqa: E402

__all__ = ["mermaid_parser"]
