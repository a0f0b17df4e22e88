"""Errors raised while building a workflow, located at the user's line.

The DSL reports mistakes in tiers (as AWS CDK does): at the offending call (this module),
when the graph is compiled (`flowdsl.compiler`), and by the collected checks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.locations import FileLine

# Frames from flowdsl's own files are skipped when looking for the user's line.
_PACKAGE_DIR = str(Path(__file__).resolve().parents[1])


class DslError(FlowdslError):
    """A mistake in how the DSL is used, raised where the user made it."""

    def __init__(self, code: str, message: str, location: str = "") -> None:
        super().__init__([error(code, message, location or caller_location())])


def display_path(filename: str) -> str:
    """A file name as users see it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive on Windows
        return filename
    return filename if relative.startswith("..") else relative


def caller_location() -> FileLine:
    """`file.py:LINE` of the innermost frame outside flowdsl (the user's code); `FileLine("")`
    (no place) when flowdsl was called from nowhere else."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep):
            return FileLine(display_path(filename), frame.f_lineno)
        frame = frame.f_back  # type: ignore[assignment]
    return FileLine("")
