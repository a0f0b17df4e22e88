"""What states hand on besides their own result: a Catcher's error output, a Map child's batch."""

from __future__ import annotations

from flowdsl.model import MapState
from flowdsl.typeflow.jtype import ANY, STRING, Arr, JType, Obj

ERROR_OUTPUT = Obj({"Error": STRING, "Cause": STRING}, frozenset({"Error", "Cause"}))
"""What a Catcher hands on: "a JSON object with the fields Error and Cause" (AWS "Handling errors")."""


def batched(state: MapState, item: JType) -> JType:
    """What one child execution gets: the (selected) item, or with an ItemBatcher a batch
    `{"Items": [...], "BatchInput": ...}` (AWS "ItemBatcher (Map)")."""
    if state.item_batcher is None:
        return item
    return Obj({"Items": Arr(item)}, frozenset({"Items"}), ANY)
