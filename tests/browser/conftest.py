"""Browser tests: flowdsl's HTML pages rendered by a real headless Chromium (tests/browser/chromium.py).

The `chromium` fixture starts one browser for the session. Without Chromium the tests skip with
the reason, unless FLOWDSL_REQUIRE_CHROMIUM=1 (set by .ci/run, which installs Debian's
`chromium` package) turns that into a failure, so CI cannot go green by skipping them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.browser.chromium import Chromium, ChromiumError

REQUIRE_ENV = "FLOWDSL_REQUIRE_CHROMIUM"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    try:
        browser = Chromium.start()
    except ChromiumError as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"Chromium unavailable and {REQUIRE_ENV}=1: {exc}")
        pytest.skip(f"Chromium unavailable ({exc}): apt-get install chromium")
    try:
        yield browser
    finally:
        browser.close()
