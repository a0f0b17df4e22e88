"""The README's first two command lines: the main job (light install, pinned outcome) and the
tests (full stack). `.ci/run` greps both, so their shape is pinned here too."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT


def command_lines() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("python3 -m venv ")][:2]


def test_the_main_job_installs_only_what_running_needs_and_pins_the_coin() -> None:
    main_job, _ = command_lines()
    assert ".venv/bin/pip install -e . &&" in main_job
    assert re.search(
        r"FLOWDSL_WORK_ON_CASE_STATUS=[01] \.venv/bin/flowdsl run examples/callcenter\.py", main_job
    )


def test_the_test_command_installs_the_dev_stack() -> None:
    _, tests = command_lines()
    assert "pip install -e '.[dev,aws]'" in tests
    assert tests.endswith(".venv/bin/pytest")
