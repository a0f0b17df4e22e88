"""Regenerate the README's screenshot of the call-center run report (docs/images/callcenter-report.png).

    .venv/bin/python tools/readme_screenshot.py

Runs examples/callcenter.py on the README's input with the case resolved
(FLOWDSL_WORK_ON_CASE_STATUS=1), on a virtual clock starting at a fixed time with a fixed
execution name, writes the run report and has headless Chromium (the tests' driver,
tests/browser/chromium.py) photograph it with "Work on Case" selected. Review the new PNG like a
golden before committing it: it changes whenever the report's look does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flowdsl import run  # noqa: E402 - after the path, so `tests` imports from the checkout
from flowdsl.engine import VirtualClock  # noqa: E402
from tests.browser.chromium import Chromium  # noqa: E402
from tests.browser.pages import open_page  # noqa: E402

TARGET = ROOT / "docs" / "images" / "callcenter-report.png"
WIDTH, HEIGHT = 1400, 1300
START = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
STATUS = "FLOWDSL_WORK_ON_CASE_STATUS"  # lambdas/work_on_case.py: 1 resolves the case


def report_html() -> str:
    """The report the screenshot shows, the same on every run."""
    before = os.environ.get(STATUS)
    os.environ[STATUS] = "1"
    try:
        execution = run(
            ROOT / "examples" / "callcenter.py",
            {"inputCaseID": "001"},
            clock=VirtualClock(START),
            name="readme",
        )
    finally:
        if before is None:
            del os.environ[STATUS]
        else:
            os.environ[STATUS] = before
    return execution.report(title="examples/callcenter.py")


def screenshot(target: Path) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "report.html"
        page_file.write_text(report_html(), encoding="utf-8")
        with Chromium.start() as browser:
            page = open_page(browser, page_file, width=WIDTH, height=HEIGHT)
            page.evaluate("flowdsl.selectState('Work on Case')")
            problems = page.problems()
            if problems:
                raise SystemExit(f"the report page reported problems: {problems}")
            return page.screenshot(target)


if __name__ == "__main__":
    print(f"wrote {screenshot(TARGET).relative_to(ROOT)}")
