"""docs/diagnostics.md lists every diagnostic code flowdsl can emit, and only those.

Codes are collected from the code base itself: the catalogues and tuples where a layer keeps
one, plus a scan of `src/flowdsl` for the places a literal code is given to a diagnostic. A code
added without documentation, or removed while the page still lists it, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flowdsl import Catch, Pass, Retry, Task
from flowdsl.aslfile import FILE_CODES
from flowdsl.checks.catalogue import CODES
from flowdsl.compiler import COMPILE_CODES
from flowdsl.diagnostics import FlowdslError, Severity
from tests.conftest import REPO_ROOT

SOURCE = REPO_ROOT / "src" / "flowdsl"
DOC = REPO_ROOT / "docs" / "diagnostics.md"

_CODE = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+"
# Every way the code base hands a literal code to a diagnostic.
_SITES = {
    # error("code", ...), DslError("code", ...), self._fail("code", ...), engine_error(...) ...
    "call": re.compile(rf"\b(?:DslError|error|warning|_fail|engine_error|Diagnostic)\(\s*\"({_CODE})\""),
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


def scanned_codes() -> dict[str, set[str]]:
    """Site kind -> the literal codes found at such sites anywhere under src/flowdsl."""
    found: dict[str, set[str]] = {kind: set() for kind in _SITES}
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for kind, pattern in _SITES.items():
            found[kind].update(pattern.findall(text))
    return found


def emitted_codes() -> set[str]:
    """Every code flowdsl can emit."""
    dynamic = {code for codes in DYNAMIC.values() for code in codes}
    scanned = set().union(*scanned_codes().values())
    return {*CODES, *FILE_CODES, *COMPILE_CODES, *scanned, *dynamic}


def emitted_warnings() -> set[str]:
    """The codes flowdsl reports as warnings (somewhere; a code may be an error elsewhere)."""
    literal = re.compile(rf"\bwarning\(\s*\"({_CODE})\"")
    found = {code for path in SOURCE.rglob("*.py") for code in literal.findall(path.read_text("utf-8"))}
    return found | {code for code, (severity, _) in CODES.items() if severity is Severity.WARNING}


def doc_rows(section: str | None = None) -> list[list[str]]:
    """The table rows whose first cell is a code, as cells; only those under `## section` if given."""
    text = DOC.read_text(encoding="utf-8")
    if section is not None:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in text.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row] for row in rows]


def documented_codes() -> set[str]:
    return {row[0].strip("`") for row in doc_rows()}


@pytest.mark.parametrize("code", sorted(emitted_codes()))
def test_every_emitted_code_is_documented(code: str) -> None:
    assert code in documented_codes(), f"'{code}' can be emitted but docs/diagnostics.md does not list it"


@pytest.mark.parametrize("code", sorted(documented_codes()))
def test_every_documented_code_is_emitted(code: str) -> None:
    assert code in emitted_codes(), f"docs/diagnostics.md lists '{code}', which nothing emits any more"


def test_warnings_are_documented_as_warnings() -> None:
    documented = {row[0].strip("`") for row in doc_rows() if "warning" in row[1:2]}
    assert documented == emitted_warnings()


def test_check_table_is_the_catalogue() -> None:
    expected = [[f"`{code}`", severity.value, summary] for code, (severity, summary) in CODES.items()]
    assert doc_rows("Checking ASL") == expected


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
