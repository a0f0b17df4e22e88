"""How diagnostics and results are printed: text for people, JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

import click

from flowdsl.diagnostics import Diagnostic

Format = Literal["text", "json"]
TEXT_LIMIT = 20


def emit_diagnostics(diagnostics: Sequence[Diagnostic], fmt: Format, limit: int = TEXT_LIMIT) -> None:
    """Text: one line each on stderr, at most `limit` then `... and N more`; JSON: a list on stdout."""
    if fmt == "json":
        click.echo(json.dumps([d.to_json() for d in diagnostics], indent=2))
        return
    for diagnostic in diagnostics[:limit]:
        click.echo(f"flowdsl: {diagnostic.format()}", err=True)
    if len(diagnostics) > limit:
        click.echo(f"flowdsl: ... and {len(diagnostics) - limit} more", err=True)
