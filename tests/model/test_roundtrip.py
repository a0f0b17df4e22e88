"""Every valid definition of the asl-validator suite parses into the model and writes back the same.

"The same" is JSON equality (key order aside): no field lost, none invented, explicit nulls kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.model import parse_machine, to_asl
from tests.conftest import conformance_path

FIXTURES = conformance_path() / "validation" / "asl-validator"
VALID = sorted(FIXTURES.glob("valid-*")) if FIXTURES.is_dir() else []


@pytest.mark.parametrize("fixture", VALID, ids=[path.name for path in VALID])
def test_valid_fixture_round_trips(fixture: Path, conformance_dir: Path) -> None:
    data = json.loads(fixture.read_text(encoding="utf-8"))
    assert to_asl(parse_machine(data)) == data


def test_the_suite_is_there(conformance_dir: Path) -> None:
    assert len(VALID) > 50, f"expected the asl-validator valid-* fixtures in {FIXTURES}"
