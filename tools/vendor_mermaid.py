"""Copy the pinned mermaid bundle into the package, for flowdsl's offline HTML pages.

    (cd tests/mermaid && npm ci) && python tools/vendor_mermaid.py

`tests/mermaid/package.json` pins mermaid for the tests; this copies that same version's
browser bundle (`dist/mermaid.min.js`, one self-contained IIFE) and its MIT licence to
`src/flowdsl/render/vendor/`, and records the version beside them. To update mermaid, change the
pin, `npm install` there, run this, and review the diagrams (tests/browser renders them).
`tests/render/test_render_page.py` fails when the shipped copy and the pin disagree.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tests" / "mermaid" / "node_modules" / "mermaid"
VENDOR = ROOT / "src" / "flowdsl" / "render" / "vendor"
# The bundle goes inside a <script> element: these would end it early or change how the HTML
# parser reads the rest (HTML spec, "script data escaped state").
FORBIDDEN = re.compile(r"</?script", re.IGNORECASE)


def pinned_version() -> str:
    manifest = json.loads((ROOT / "tests" / "mermaid" / "package.json").read_text(encoding="utf-8"))
    version: str = manifest["dependencies"]["mermaid"]
    return version


def main() -> int:
    installed = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != pinned_version():
        print(f"tests/mermaid has mermaid {installed}, the pin is {pinned_version()}: run npm ci there")
        return 1
    bundle = (PACKAGE / "dist" / "mermaid.min.js").read_text(encoding="utf-8")
    if FORBIDDEN.search(bundle):
        print("mermaid.min.js contains '<script' or '</script': it cannot be inlined as is")
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    (VENDOR / "mermaid.min.js").write_text(bundle, encoding="utf-8")
    shutil.copyfile(PACKAGE / "LICENSE", VENDOR / "mermaid.LICENSE")
    (VENDOR / "mermaid.version").write_text(installed + "\n", encoding="utf-8")
    print(
        f"vendored mermaid {installed} ({len(bundle.encode()) // 1024} KiB) into {VENDOR.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
