"""Every example compiles, matches its golden ASL and Mermaid, and its build/ outputs are fresh.

Goldens are syrupy snapshots (`pytest --snapshot-update` after reviewing every changed line).
The committed `build/<stem>.asl.json` and `build/<stem>.mmd` must equal a fresh compile, so a
change to an example or to the compiler cannot leave them stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from flowdsl.loader import load_source
from flowdsl.model import dumps, to_asl
from flowdsl.render import mermaid
from flowdsl.source import Source
from tests.mermaid.harness import MermaidParser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
IDS = [path.stem for path in EXAMPLES]


class MermaidSnapshot(SingleFileSnapshotExtension):
    """Mermaid goldens as plain `.mmd` text files, readable in review."""

    _write_mode = WriteMode.TEXT
    file_extension = "mmd"


def compiled(example: Path) -> Source:
    return load_source(example.relative_to(ROOT))


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Locations in goldens are written relative to the project root, as the CLI shows them.
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_asl_golden(example: Path, snapshot: SnapshotAssertion) -> None:
    assert to_asl(compiled(example).definition) == snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_mermaid_golden_parses(
    example: Path, snapshot: SnapshotAssertion, mermaid_parser: MermaidParser
) -> None:
    text = mermaid(compiled(example).definition)
    verdict = mermaid_parser.parse(text)
    assert verdict.ok, verdict.error
    assert text == snapshot.use_extension(MermaidSnapshot)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_build_outputs_are_fresh(example: Path) -> None:
    source = compiled(example)
    for built, fresh in (
        (ROOT / "build" / f"{example.stem}.asl.json", dumps(to_asl(source.definition))),
        (ROOT / "build" / f"{example.stem}.mmd", mermaid(source.definition)),
    ):
        assert built.is_file(), (
            f"{built.name} is missing: run 'flowdsl compile/diagram examples/{example.name}'"
        )
        assert built.read_text(encoding="utf-8") == fresh, f"{built.name} is stale: regenerate it"


TUTORIAL: dict[str, Any] = {
    "Open Case": {"Type": "Task", "Resource": "${OpenCaseFunctionArn}", "Next": "Assign Case"},
    "Assign Case": {"Type": "Task", "Resource": "${AssignCaseFunctionArn}", "Next": "Work on Case"},
    "Work on Case": {"Type": "Task", "Resource": "${WorkOnCaseFunctionArn}", "Next": "Is Case Resolved"},
    "Is Case Resolved": {
        "Type": "Choice",
        "Choices": [
            {"Variable": "$.Status", "NumericEquals": 1, "Next": "Close Case"},
            {"Variable": "$.Status", "NumericEquals": 0, "Next": "Escalate Case"},
        ],
    },
    "Close Case": {"Type": "Task", "Resource": "${CloseCaseFunctionArn}", "End": True},
    "Escalate Case": {"Type": "Task", "Resource": "${EscalateCaseFunctionArn}", "Next": "Fail"},
    "Fail": {"Type": "Fail", "Cause": "Engage Tier 2 Support."},
}


def test_callcenter_is_the_tutorials_state_machine() -> None:
    """Same states, types, transitions, rules and Cause as the AWS tutorial's definition."""
    data = json.loads((ROOT / "build" / "callcenter.asl.json").read_text(encoding="utf-8"))
    assert data["StartAt"] == "Open Case"
    assert data["States"] == TUTORIAL
    assert list(data["States"]) == list(TUTORIAL)


def test_callcenter_handlers_are_collected() -> None:
    handlers = compiled(ROOT / "examples" / "callcenter.py").handlers
    assert sorted(handlers) == sorted(
        [
            "OpenCaseFunction",
            "AssignCaseFunction",
            "WorkOnCaseFunction",
            "CloseCaseFunction",
            "EscalateCaseFunction",
        ]
    )


def test_readme_shows_the_current_outputs() -> None:
    """The README's tour quotes build/ verbatim, so it cannot drift from what compile writes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, fence in (("callcenter.asl.json", "json"), ("callcenter.mmd", "mermaid")):
        built = (ROOT / "build" / name).read_text(encoding="utf-8")
        assert f"```{fence}\n{built}```" in readme, f"README.md quotes an old build/{name}"
