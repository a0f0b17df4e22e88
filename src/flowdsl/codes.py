"""Every diagnostic code flowdsl can emit: where it comes from, its severity, what it means.

Codes are stable: tests, `flowdsl validate --ignore` and users' CI configurations refer to
them, and messages may be reworded while codes are not. Each code is listed under every stage
that reports it (`duplicate-state-name` from the compiler is the checker's rule, at the Python
line), with the severity that stage gives it. A `Diagnostic` refuses a code missing here, so
this table is complete; `docs/diagnostics.md` has one table per stage and a test keeps each
equal to the stage's entries here.

The catalogue itself is data, `codes.json` beside this module: stage -> code -> `[severity,
one-line meaning]`, in the order of docs/diagnostics.md. The stages:
- `dsl`: writing the DSL, raised at the offending call (`DslError`);
- `loader`: loading a workflow file (.py); `compile`: compiling a workflow to ASL;
- `file`: reading ASL files;
- `check`: checking ASL, every rule of the checker (reported through `checks.catalogue.report`);
- `aws`: asking AWS (`validate --aws`);
- `run`: running locally (`flowdsl run`, `flowdsl.run`); `serve`: serving;
- `output`: writing output files; `import`: importing ASL (`flowdsl import`);
- `deploy`: deploying (deploy, destroy, template, `run --remote`).
"""

from __future__ import annotations

import json
import os
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail `flowdsl validate`, warnings never do."""

    ERROR = "error"
    WARNING = "warning"


def _catalogue() -> dict[str, dict[str, tuple[Severity, str]]]:
    # A path beside the module, not importlib.resources, which would add to `import flowdsl`.
    with open(os.path.join(os.path.dirname(__file__), "codes.json"), encoding="utf-8") as file:
        stages: dict[str, dict[str, list[str]]] = json.load(file)
    return {
        stage: {code: (Severity(severity), meaning) for code, (severity, meaning) in codes.items()}
        for stage, codes in stages.items()
    }


# stage -> code -> (severity, one-line meaning), in the order of docs/diagnostics.md.
STAGES = _catalogue()

ALL_CODES = frozenset(code for codes in STAGES.values() for code in codes)
# What `flowdsl validate` can report, so what `--ignore` may name.
VALIDATE_STAGES = ("dsl", "loader", "compile", "file", "check", "aws")


def stage_codes(*stages: str) -> frozenset[str]:
    """The codes the given stages report."""
    return frozenset(code for stage in stages for code in STAGES[stage])
