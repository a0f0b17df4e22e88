"""Importing flowdsl to write a workflow loads neither the checker nor the engine."""

from __future__ import annotations

import subprocess
import sys

import flowdsl
from flowdsl.api import run
from flowdsl.checks.api import validate


def test_import_flowdsl_defers_checker_and_engine() -> None:
    probe = (
        "import sys, flowdsl; "
        "print(sorted(m for m in sys.modules if m.startswith(('flowdsl.checks', 'flowdsl.engine'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_lazy_names_resolve_to_the_real_functions() -> None:
    assert flowdsl.validate is validate
    assert flowdsl.run is run
