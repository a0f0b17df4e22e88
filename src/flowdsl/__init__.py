"""flowdsl: write, check, run and ship AWS Step Functions workflows from typed Python."""

from typing import TYPE_CHECKING, Any

from flowdsl.diagnostics import Diagnostic, FlowdslError, Severity
from flowdsl.dsl import (
    CONTEXT,
    Branch,
    Catch,
    Chain,
    Choice,
    Condition,
    Fail,
    Map,
    Parallel,
    Pass,
    Path,
    Retry,
    S,
    Succeed,
    Task,
    Wait,
    Workflow,
    boolean,
    constant,
    is_boolean,
    is_null,
    is_numeric,
    is_present,
    is_string,
    is_timestamp,
    matches,
    numeric,
    string,
    timestamp,
    var,
)
from flowdsl.dsl.jsonata import expr
from flowdsl.source import Source

if TYPE_CHECKING:
    from flowdsl.api import run
    from flowdsl.checks.api import validate
    from flowdsl.importer import import_asl


def __getattr__(name: str) -> Any:
    # `flowdsl.run`, `flowdsl.validate` and `flowdsl.import_asl` load the engine, the checker and
    # the importer on first use, so
    # importing flowdsl to write or compile a workflow does not pay for either up front.
    if name == "run":
        from flowdsl.api import run  # noqa: PLC0415

        return run
    if name == "validate":
        from flowdsl.checks.api import validate  # noqa: PLC0415

        return validate
    if name == "import_asl":
        from flowdsl.importer import import_asl  # noqa: PLC0415

        return import_asl
    raise AttributeError(f"module 'flowdsl' has no attribute '{name}'")


__all__ = [
    "CONTEXT",
    "Branch",
    "Catch",
    "Chain",
    "Choice",
    "Condition",
    "Diagnostic",
    "Fail",
    "FlowdslError",
    "Map",
    "Parallel",
    "Pass",
    "Path",
    "Retry",
    "S",
    "Severity",
    "Source",
    "Succeed",
    "Task",
    "Wait",
    "Workflow",
    "boolean",
    "constant",
    "expr",
    "import_asl",
    "is_boolean",
    "is_null",
    "is_numeric",
    "is_present",
    "is_string",
    "is_timestamp",
    "matches",
    "numeric",
    "run",
    "string",
    "timestamp",
    "validate",
    "var",
]
