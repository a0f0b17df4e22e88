"""Every ASL definition the project has as data, with whether AWS (or the suite) calls it valid.

- the execution conformance cases (recorded against real AWS: all valid);
- the validators' fixtures (`valid-*` names, or `expected_problems: 0` in expectations.jsonl);
- the held-out and checker test definitions under tests/ (valid ones under a `valid` folder);
- the examples' compiled ASL under build/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import REPO_ROOT, conformance_path


@dataclass(frozen=True)
class Case:
    """One definition: where it came from, and whether it is a valid state machine."""

    ident: str
    definition: dict[str, Any]
    valid: bool


def cases() -> list[Case]:
    return [*_execution(), *_validation(), *_project()]


def _execution() -> Iterator[Case]:
    path = conformance_path() / "execution" / "cases.jsonl"
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        yield Case(f"execution/{case['id']}", case["definition"], True)


def _validation() -> Iterator[Case]:
    folder = conformance_path() / "validation"
    expectations = folder / "expectations.jsonl"
    if not expectations.is_file():
        return
    zero = set()
    for line in expectations.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["expected_problems"] == 0:
            zero.add(Path(entry["fixture"]).name)
    for file in sorted(folder.glob("*/*.json")):
        data = _definition(file)
        if data is not None:
            valid = file.name.startswith("valid-") or (
                file.parent.name != "asl-validator" and file.name in zero
            )
            yield Case(f"validation/{file.parent.name}/{file.name}", data, valid)


def _project() -> Iterator[Case]:
    files = [
        *sorted((REPO_ROOT / "tests").rglob("*.json")),
        *sorted((REPO_ROOT / "build").glob("*.asl.json")),
    ]
    for file in files:
        data = _definition(file) if "__snapshots__" not in file.parts else None
        if data is not None:
            relative = file.relative_to(REPO_ROOT)
            valid = "valid" in relative.parts or relative.parts[0] == "build"
            yield Case(str(relative), data, valid)


def _definition(file: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and "States" in data and "StartAt" in data else None
