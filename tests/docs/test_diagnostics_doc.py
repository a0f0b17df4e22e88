"""docs/diagnostics.md is the catalogue (`flowdsl.codes`) for people, and the catalogue is complete.

Each stage's table on the page lists exactly that stage's codes, with their severity and
meaning. A scan of `src/flowdsl` for the places a literal code is given to a diagnostic is a
second guard: every code the source names must be catalogued (a `Diagnostic` refuses any
other at run time, but only on the paths tests reach).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flowdsl import Catch, Pass, Retry, Task
from flowdsl.codes import ALL_CODES, STAGES
from flowdsl.diagnostics import FlowdslError, error
from tests.conftest import REPO_ROOT

SOURCE = REPO_ROOT / "src" / "flowdsl"
DOC = REPO_ROOT / "docs" / "diagnostics.md"

_CODE = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+"
# Every way the code base hands a literal code to a diagnostic.
_SITES = {
    # error("code", ...), DslError("code", ...), self._fail("code", ...), engine_error(...) ...
    "call": re.compile(
        rf"\b(?:DslError|error|warning|_fail|engine_error|Diagnostic|report)\(\s*\"({_CODE})\""
    ),
    # `return "code", message` (dsl/chain.py `_closed`, model/io.py `_describe`)
    "pair": re.compile(rf"\breturn\s+\"({_CODE})\","),
    # `code: str = "path-not-evaluated"`, `code="unknown-intrinsic"`
    "keyword": re.compile(rf"\bcode(?::\s*str)?\s*=\s*\"({_CODE})\""),
    # GeneratedFile("compile", ".asl.json", "an ASL definition", "output-not-asl", _is_asl)
    "generated": re.compile(rf"\bGeneratedFile\([^)]*\"({_CODE})\""),
}
# A code built at run time, so no scan can see it: where it is made, and every value it takes.
_DYNAMIC_SITE = re.compile(r"\b(?:DslError|error|warning|_fail|engine_error|Diagnostic)\(\s*f\"")
DYNAMIC = {"dsl/handling.py": {"invalid-retry", "invalid-catch"}}
# The page's section for each stage of the catalogue.
SECTIONS = {
    "dsl": "Writing the DSL",
    "loader": "Loading a workflow file (`.py`)",
    "compile": "Compiling",
    "file": "Reading ASL files",
    "check": "Checking ASL",
    "aws": "Asking AWS (`validate --aws`)",
    "run": "Running",
    "serve": "Serving",
    "output": "Writing output files",
    "import": "Importing ASL (`flowdsl import`)",
    "deploy": "Deploying",
}


def scanned_codes() -> dict[str, set[str]]:
    """Site kind -> the literal codes found at such sites anywhere under src/flowdsl."""
    found: dict[str, set[str]] = {kind: set() for kind in _SITES}
    for path in SOURCE.rglob("*.py"):
        if path.name == "codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        for kind, pattern in _SITES.items():
            found[kind].update(pattern.findall(text))
    return found


def doc_table(section: str) -> list[list[str]]:
    """The rows of the table under `## section` whose first cell is a code, as cells."""
    text = DOC.read_text(encoding="utf-8").split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    header = next(line for line in text.splitlines() if line.startswith("| code"))
    rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in text.splitlines() if line.startswith("| `")]
    columns = [cell.strip() for cell in header.split("|")[1:-1]]
    cells = [[cell.strip().replace("\\|", "|") for cell in row] for row in rows]
    # (code, severity, meaning): tables without a severity column are all errors.
    meaning = columns.index("meaning") if "meaning" in columns else columns.index("what it means")
    severity = columns.index("severity") if "severity" in columns else None
    return [[row[0].strip("`"), row[severity] if severity else "error", row[meaning]] for row in cells]


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_each_stage_table_is_the_catalogue(stage: str) -> None:
    expected = [[code, severity.value, meaning] for code, (severity, meaning) in STAGES[stage].items()]
    assert doc_table(SECTIONS[stage]) == expected


def test_every_stage_has_its_section() -> None:
    assert set(SECTIONS) == set(STAGES)


@pytest.mark.parametrize("code", sorted(set().union(*scanned_codes().values())))
def test_every_code_the_source_names_is_catalogued(code: str) -> None:
    assert code in ALL_CODES, f"'{code}' is emitted but not in flowdsl.codes (nor docs/diagnostics.md)"


def test_an_uncatalogued_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not catalogued"):
        error("no-such-code", "message")


def test_every_site_kind_still_finds_codes() -> None:
    # A pattern that no longer matches anything would silently stop guarding its codes.
    assert all(scanned_codes().values())


def test_dynamic_codes_are_only_made_where_known() -> None:
    makers = {
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if _DYNAMIC_SITE.search(path.read_text(encoding="utf-8"))
    }
    assert makers == set(DYNAMIC)


@pytest.mark.parametrize(
    ("option", "code"), [("retry", "invalid-retry"), ("catch", "invalid-catch")], ids=["retry", "catch"]
)
def test_dynamic_codes_are_emitted(option: str, code: str) -> None:
    lone = Retry("States.ALL") if option == "retry" else Catch("States.ALL", Pass("Recover"))
    with pytest.raises(FlowdslError) as raised:
        Task("Work", resource="arn:aws:states:::sqs:sendMessage", **{option: lone})  # type: ignore[arg-type]
    assert [d.code for d in raised.value.diagnostics] == [code]


def test_doc_is_linked_from_readme_and_validation() -> None:
    for page in (REPO_ROOT / "README.md", REPO_ROOT / "docs" / "validation.md"):
        assert "diagnostics.md" in Path(page).read_text(encoding="utf-8"), page.name
