"""Fixtures of the `flowdsl run` tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.runtools.cases import MOCKS, ORDER


@pytest.fixture
def order(tmp_path: Path) -> tuple[Path, Path]:
    """The order machine and its mock file, written to `tmp_path`: (definition, mock file)."""
    definition = tmp_path / "order.asl.json"
    definition.write_text(json.dumps(ORDER), encoding="utf-8")
    mocks = tmp_path / "MockConfigFile.json"
    mocks.write_text(json.dumps(MOCKS), encoding="utf-8")
    return definition, mocks
