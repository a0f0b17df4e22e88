"""Machines nobody on the team wrote: every one the model parses must draw, and mermaid must accept it.

Sources (read in place, never copied): the asl-validator and statelint fixtures, valid and
invalid (a broken machine still has to draw), and every distinct definition in the execution
cases recorded against AWS.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from flowdsl.model import iter_states, parse_machine
from tests.conftest import conformance_path
from tests.render.drawing import Drawer

VALIDATION = conformance_path() / "validation"
VALID = sorted(VALIDATION.glob("asl-validator/valid-*.json"))


@pytest.mark.skipif(not VALID, reason=f"conformance data not found at {VALIDATION}")
@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_asl_validator_machine_draws(draw: Drawer, path: Path) -> None:
    model = parse_machine(json.loads(path.read_text()))
    names = {name for _, name, _ in iter_states(model)}
    nested = any(state.type in ("Parallel", "Map") for _, _, state in iter_states(model))
    # Drawing to SVG runs mermaid's layout (~0.1 s): worth it where subgraphs nest and link.
    drawn = draw(model, svg=nested)
    # A long name wraps over several lines, which keep every character: joined, a label starts
    # with its state's name.
    shown = [v.text.replace("\n", "") for v in drawn.graph.vertices.values()]
    shown += [s.title.replace("\n", "") for s in drawn.graph.subgraphs.values()]
    assert all(any(label.startswith(name) for label in shown) for name in names)


def _parsable(paths: list[Path]) -> list[dict[str, Any]]:
    found = []
    for path in paths:
        try:
            data = json.loads(path.read_text())
            parse_machine(data)
        except (ValueError, ValidationError):
            continue  # not JSON, or structurally broken: nothing for the renderer to draw
        found.append(data)
    return found


def test_every_parsable_validation_fixture_draws(draw: Drawer, conformance_dir: Path) -> None:
    definitions = _parsable(sorted((conformance_dir / "validation").glob("*/*.json")))
    assert len(definitions) > 100
    for definition in definitions:
        draw(definition)


def test_every_execution_case_definition_draws(draw: Drawer, conformance_dir: Path) -> None:
    with (conformance_dir / "execution" / "cases.jsonl").open() as lines:
        definitions = {json.dumps(json.loads(line)["definition"], sort_keys=True) for line in lines}
    assert len(definitions) > 100
    for definition in sorted(definitions):
        draw(json.loads(definition))
