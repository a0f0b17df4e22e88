"""An execution's path on the diagram: the engine's `visited` is exactly what `highlight` takes."""

from __future__ import annotations

from flowdsl.engine import MockSpec, Return, Throw, execute
from flowdsl.model import parse_machine
from tests.render.drawing import Drawer
from tests.render.machines import EVERY_STATE_TYPE


def test_a_caught_failure_colours_the_path_it_took(draw: Drawer) -> None:
    machine = parse_machine(EVERY_STATE_TYPE)
    mocks: dict[str, MockSpec] = {
        "Validate Order": Return({"delay": 0, "total": 1, "limit": 5, "express": False, "items": []}),
        "Charge Card": Return({}),
        "Reserve": Throw("States.TaskFailed", "warehouse offline"),
    }
    execution = execute(machine, {}, mocks=mocks)
    assert execution.status == "FAILED"
    drawn = draw(machine, highlight=execution.visited)
    classes = {v.text.split("\n")[0]: v.classes for v in drawn.graph.vertices.values()}
    classes |= {s.title.split("\n")[0]: s.classes for s in drawn.graph.subgraphs.values()}
    assert classes["Validate Order"] == ("succeeded",)
    assert classes["Reserve"] == ("failed",)
    assert classes["Prepare"] == ("caught",)
    assert classes["Order Failed"] == ("failed",)
    assert classes["Ship Express"] == ()
