"""Golden diagrams (syrupy, one `.mmd` file each): review every changed line."""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from tests.render.drawing import Drawer
from tests.render.machines import EVERY_STATE_TYPE


class MermaidSnapshot(SingleFileSnapshotExtension):
    """Snapshots stored as plain `.mmd` files, so a diff reads as a diagram diff."""

    _write_mode = WriteMode.TEXT
    file_extension = "mmd"


@pytest.fixture
def snapshot_mmd(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(MermaidSnapshot)


def test_every_state_type(draw: Drawer, snapshot_mmd: SnapshotAssertion) -> None:
    drawn = draw(EVERY_STATE_TYPE, svg=True)
    assert drawn.text == snapshot_mmd
    assert drawn.svg is not None and drawn.svg.count('class="node ') == 15


def test_execution_path_highlighted(draw: Drawer, snapshot_mmd: SnapshotAssertion) -> None:
    visited = {
        "Validate Order": "succeeded",
        "Wait For Stock": "succeeded",
        "Route": "succeeded",
        "Prepare": "caught",
        "Charge Card": "succeeded",
        "Reserve": "failed",
        "Order Failed": "failed",
    }
    drawn = draw(EVERY_STATE_TYPE, highlight=visited, svg=True)
    assert drawn.text == snapshot_mmd
    assert drawn.svg is not None and "#d7f5d3" in drawn.svg and "#ffe6c2" in drawn.svg
    assert '<g class="cluster caught"' in drawn.svg
