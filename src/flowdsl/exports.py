"""The names the `flowdsl` package exports: one list for the package and the loader's hints.

The package loads each on first use (`flowdsl/__init__.py`); the DSL's import hints read
this list without importing the package, which would make the layers a loop.
"""

from __future__ import annotations

DSL_NAMES = (
    "CONTEXT", "Branch", "Catch", "Chain", "Choice", "Condition", "Fail", "Map", "Parallel", "Pass",
    "Path", "Retry", "S", "Succeed", "Task", "Wait", "Workflow", "boolean", "constant", "is_boolean",
    "is_null", "is_numeric", "is_present", "is_string", "is_timestamp", "matches", "numeric", "string",
    "timestamp", "var",
)  # fmt: skip
"""Exported from `flowdsl.dsl`; `expr` comes from `flowdsl.dsl.jsonata`."""

NAMES = (
    *DSL_NAMES, "Diagnostic", "FlowdslError", "Severity", "Source", "expr", "import_asl", "run", "validate",
)  # fmt: skip
"""Everything `from flowdsl import ...` gives."""
