"""flowdsl: write, check, run and ship AWS Step Functions workflows from typed Python.

`import flowdsl` is light: the DSL, the engine behind `flowdsl.run`, the checker behind
`flowdsl.validate` and the importer behind `flowdsl.import_asl` load on first use, so
`import flowdsl.model` (or the engine, the renderer, the checker) never loads the DSL, and each
command pays only for what it uses.
The imports under TYPE_CHECKING give type checkers and IDEs every name.
"""

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from flowdsl.diagnostics import Diagnostic, FlowdslError, Severity
from flowdsl.exports import DSL_NAMES, NAMES
from flowdsl.source import Source

if TYPE_CHECKING:
    from flowdsl.api import run
    from flowdsl.checks.api import validate
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
    from flowdsl.importer import import_asl


class _Package(ModuleType):
    """The package module: the `flowdsl.expr` subpackage (the expression evaluators) must not
    shadow the DSL's `expr` function, which importing that subpackage would otherwise do by
    setting the package attribute of the same name (the subpackage stays in sys.modules)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name != "expr" or not isinstance(value, ModuleType):
            super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    value = _load(name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def _load(name: str) -> Any:
    # Explicit imports (no importlib by name), so the layer graph stays visible to tools.
    if name in DSL_NAMES:
        from flowdsl import dsl  # noqa: PLC0415

        return getattr(dsl, name)
    if name == "expr":
        from flowdsl.dsl.jsonata import expr  # noqa: PLC0415

        return expr
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


def __dir__() -> list[str]:
    return sorted({*globals(), *NAMES})


# The same names as `exports.NAMES` (tests/layers checks), written out for type checkers.
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
