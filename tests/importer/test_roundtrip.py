"""ASL -> Python -> ASL: the generated module compiles back to the definition it came from.

Over every definition the project holds as data (tests/importer/corpus.py): each valid one
must round-trip; an invalid one either round-trips or is refused with a located FlowdslError,
never a crash. The generated file is compiled the way `flowdsl compile` does (loader and
compiler), independently of the check `import_asl` makes itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flowdsl.compiler import compile_workflow
from flowdsl.diagnostics import FlowdslError
from flowdsl.importer import first_difference, import_asl
from flowdsl.loader import load_python
from flowdsl.model import parse_machine, to_asl
from tests.importer.corpus import Case, cases

CASES = cases()


def _parses(case: Case) -> bool:
    try:
        parse_machine(case.definition)
    except ValueError:
        return False
    return True


def test_the_corpus_is_all_there() -> None:
    valid = [case for case in CASES if case.valid]
    assert len(valid) > 800  # 710 execution cases alone
    assert any(case.ident.startswith("build/") for case in valid)
    assert any("heldout/valid" in case.ident for case in valid)


@pytest.mark.parametrize("case", [c for c in CASES if c.valid], ids=lambda c: c.ident)
def test_valid_definition_round_trips(case: Case, tmp_path: Path) -> None:
    text = import_asl(case.definition, name="Imported")
    file = tmp_path / "imported.py"
    file.write_text(text, encoding="utf-8")
    compiled = to_asl(load_python(file).definition)
    assert first_difference(case.definition, compiled) is None, text


@pytest.mark.parametrize("case", [c for c in CASES if not c.valid], ids=lambda c: c.ident)
def test_invalid_definition_round_trips_or_is_refused_clearly(case: Case) -> None:
    try:
        text = import_asl(case.definition)
    except FlowdslError as exc:
        assert exc.diagnostics
        assert all(d.message and "\n" not in d.message for d in exc.diagnostics)
        return
    assert _parses(case)
    namespace: dict[str, Any] = {}
    exec(compile(text, "<imported>", "exec"), namespace)
    compiled = to_asl(compile_workflow(namespace["workflow"]).definition)
    assert first_difference(case.definition, compiled) is None
