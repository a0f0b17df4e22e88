"""Typed data flow: the JSON type of every state's input and output, from the user's models.

`facts` (what the compiler records) is light; the pass itself (`flow`, `payloads`, `rules`,
`jsonata_flow`) and pydantic's schema machinery (`schema`) load only when a workflow
declares a model. See docs/types.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowdsl.diagnostics import Diagnostic
    from flowdsl.source import Source
    from flowdsl.typeflow.flow import Analysis


def analyse(source: Source) -> Analysis | None:
    """The settled data-flow pass over a Source, or None when it declares no model."""
    if source.types is None or not source.types.declared:
        return None
    from flowdsl.typeflow.flow import Analysis  # noqa: PLC0415 - only for typed workflows

    return Analysis(source.definition, source.types).run()


def type_diagnostics(source: Source) -> list[Diagnostic]:
    """The type checks' findings, located by JSON Pointer (empty for an untyped workflow)."""
    analysis = analyse(source)
    return [] if analysis is None else analysis.found
