"""The Lambda handler of the nested-workflow tests' innermost workflow."""

from __future__ import annotations

from typing import Any


def handler(event: Any, context: Any) -> Any:
    return {"n": event["n"] * 2}
