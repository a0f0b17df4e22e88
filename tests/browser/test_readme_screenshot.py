"""The README's run-report screenshot: committed, referenced, and what tools/readme_screenshot.py makes.

Pixels depend on fonts, so the picture is reviewed by a person like a golden; what is checked
here is that it is there, is a PNG the README shows, and that regenerating it gives a page of
the same size (a layout change shows as a different height). Chromium builds round font metrics
differently (156.0.8078.73 and .114 differ by 3 px over the page), so the height may differ by a
few pixels; a row more or less (about 20 px) is a layout change.
"""

from __future__ import annotations

import struct
from pathlib import Path

from tests.browser.chromium import Chromium
from tools.readme_screenshot import ROOT, TARGET, WIDTH, report_html, screenshot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ROUNDING_PX = 8  # how much the page's height may differ between Chromium builds


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_readme_shows_the_committed_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({TARGET.relative_to(ROOT).as_posix()})" in readme
    assert png_size(TARGET)[0] == WIDTH


def test_the_screenshot_is_of_a_fixed_run() -> None:
    assert report_html() == report_html()  # fixed clock, name and outcome: the same page every time


def test_regenerating_gives_the_same_layout(chromium: Chromium, tmp_path: Path) -> None:
    assert chromium is not None  # the script starts its own browser; this only skips without one
    width, height = png_size(screenshot(tmp_path / "callcenter-report.png"))
    target_width, target_height = png_size(TARGET)
    assert width == target_width
    assert abs(height - target_height) <= ROUNDING_PX, "the layout changed: run tools/readme_screenshot.py"
