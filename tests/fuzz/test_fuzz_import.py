"""Property: `flowdsl.import_asl` either refuses with a located `FlowdslError` or writes a module
that loads and compiles back to the very definition it was given.

The inputs are the same mutated working definitions and arbitrary JSON the API fuzz test uses.
The round trip is checked here independently of the check `import_asl` makes itself: the text is
loaded the way `flowdsl compile` loads a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import flowdsl
from flowdsl import FlowdslError
from flowdsl.importer import first_difference
from flowdsl.loader import load_python
from flowdsl.model import to_asl
from tests.fuzz.test_fuzz_api import FUZZ, JSON, mutated


def _imports(definition: Any, folder: Path) -> None:
    try:
        text = flowdsl.import_asl(definition, name="Fuzzed")
    except FlowdslError as exc:
        assert exc.diagnostics
        assert all(d.message and "\n" not in d.format() for d in exc.diagnostics)
        return
    file = folder / "fuzzed.py"
    file.write_text(text, encoding="utf-8")
    compiled = to_asl(load_python(file).definition)
    assert first_difference(definition, compiled) is None, text


@FUZZ
@given(mutated())
def test_mutated_definitions_import_or_are_refused(
    tmp_path_factory: pytest.TempPathFactory, definition: Any
) -> None:
    _imports(definition, tmp_path_factory.mktemp("import"))


@FUZZ
@given(JSON)
def test_arbitrary_json_is_imported_or_refused(
    tmp_path_factory: pytest.TempPathFactory, document: Any
) -> None:
    _imports(document, tmp_path_factory.mktemp("import"))
