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
    assert draw(EVERY_STATE_TYPE).text == snapshot_mmd


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
    assert draw(EVERY_STATE_TYPE, highlight=visited).text == snapshot_mmd
