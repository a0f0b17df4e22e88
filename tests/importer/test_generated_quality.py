"""Generated modules are what a person would commit: ruff-format formatted (ruff's defaults),
clean under the project's ruff rules, and typed for mypy --strict.

ruff runs over the module of every definition that imports; mypy over a sample across the
corpus (it is slower), in a fresh cache so nothing is taken from the project's runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flowdsl.diagnostics import FlowdslError
from flowdsl.importer import import_asl
from tests.importer.corpus import cases

BIN = Path(sys.executable).parent
# The project's rule set; E501 aside: a long state name or ARN string is kept whole, as ruff format does.
RULES = ["--select", "E,F,W,I,B,UP,SIM,RUF,PL,N", "--ignore", "E501,PLR0913,PLR2004"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    files = []
    for number, case in enumerate(cases()):
        try:
            text = import_asl(case.definition)
        except FlowdslError:
            continue
        file = folder / f"m{number:04d}.py"
        file.write_text(text, encoding="utf-8")
        files.append(file)
    assert len(files) > 1000
    return files


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_every_generated_module_is_ruff_formatted(generated: list[Path]) -> None:
    result = _run(str(BIN / "ruff"), "format", "--isolated", "--check", str(generated[0].parent))
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_generated_module_passes_ruff(generated: list[Path]) -> None:
    result = _run(str(BIN / "ruff"), "check", "--isolated", *RULES, str(generated[0].parent))
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_sample_passes_mypy_strict(generated: list[Path], tmp_path: Path) -> None:
    sample = [str(file) for file in generated[:: max(1, len(generated) // 40)]]
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), *sample]
    result = _run(*command)
    assert result.returncode == 0, result.stdout[-3000:]
