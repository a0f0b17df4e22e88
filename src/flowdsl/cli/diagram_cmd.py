"""`flowdsl diagram SOURCE [-o OUT]`: write the Mermaid flowchart of a workflow or ASL file.

Exit codes: 0 written (or up to date with `--check`), 1 SOURCE cannot be loaded or OUT is stale
with `--check`, 2 usage. The diagram is drawn, not validated (`flowdsl validate` does that): a
transition into a state that does not exist shows as a dashed placeholder.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from flowdsl.cli.generated import FORCE_OPTION, GeneratedFile
from flowdsl.cli.options import name_option, output_option, source_argument
from flowdsl.cli.output import emit_diagnostics
from flowdsl.diagnostics import warning
from flowdsl.loader import load_source
from flowdsl.model import StateMachine
from flowdsl.render import mermaid
from flowdsl.render.mermaid import limit_problems
from flowdsl.source import Source

# What every diagram we write starts with (its front matter, or the bare `flowchart` line older
# versions wrote); an existing OUT without either is someone else's file.
HEADERS = ("---\nconfig:\n", "flowchart ")


@click.command("diagram")
@source_argument()
@output_option("Where to write (default build/<stem>.mmd; '-' for stdout).")
@name_option("The Workflow to draw when the file defines several.")
@click.option("--check", is_flag=True, help="Do not write; exit 1 when OUT differs from a fresh diagram.")
@click.option(
    "--format", "fmt", type=click.Choice(["mermaid", "html"]), default="mermaid", show_default=True,
    help="mermaid: the flowchart text; html: one standalone page that draws it offline, with pan and zoom.",
)  # fmt: skip
@click.option(
    "--types", is_flag=True,
    help="Label each transition with the fields of the data it carries (typed workflows, docs/types.md).",
)  # fmt: skip
@FORCE_OPTION
def diagram_cmd(
    source: Path, *, output: Path | None, name: str | None, check: bool, fmt: str, types: bool, force: bool
) -> None:
    """Draw a workflow (.py) or an ASL file (.asl.json) as a Mermaid flowchart.

    Paste the result into a ```mermaid block of a pull request or README to see it rendered,
    or write `--format html` (build/<stem>.html) and open it in a browser: no network needed.
    """
    loaded = load_source(source, name=name)
    notes = _type_notes(loaded) if types else None
    if fmt == "html":
        from flowdsl.cli.pages import DIAGRAM_PAGE  # noqa: PLC0415 - the page machinery loads only when asked
        from flowdsl.render.page import diagram_page  # noqa: PLC0415

        title = loaded.name or source.name
        page = diagram_page(loaded.definition, title=title, notes=notes)
        DIAGRAM_PAGE.emit(page, source=source, target=output, check=check, force=force)
        return
    text = mermaid(loaded.definition, notes=notes)
    DIAGRAM_FILE.emit(text, source=source, target=output, check=check, force=force)
    warn_unrenderable(loaded.definition, text, str(source))


def _type_notes(loaded: Source) -> Mapping[tuple[str, str | None], str]:
    """The field names each transition carries; nothing (and a warning) for an untyped source."""
    from flowdsl.typeflow import analyse  # noqa: PLC0415 - the type pass, only when asked
    from flowdsl.typeflow.edges import edge_labels  # noqa: PLC0415

    analysis = analyse(loaded)
    if analysis is None:
        message = "--types: the workflow declares no model, so no types are known (docs/types.md)"
        emit_diagnostics([warning("diagram-untyped", message, loaded.origin)], "text")
        return {}
    return edge_labels(analysis)


def warn_unrenderable(definition: StateMachine, text: str, where: str) -> None:
    """Say when Mermaid's default limits would stop the diagram from rendering at all."""
    fix = "GitHub and mermaid.live show an error instead; raise the limit where it is rendered"
    warnings = [
        warning("diagram-over-mermaid-limit", f"{problem}: {fix}", where)
        for problem in limit_problems(definition, text)
    ]
    emit_diagnostics(warnings, "text")


def _is_diagram(text: str) -> bool:
    """Whether an existing file's text is a diagram, so replacing it loses nothing.

    An empty file is not: it may be an `__init__.py` or a placeholder someone keeps.
    """
    return text.startswith(HEADERS)


DIAGRAM_FILE = GeneratedFile("diagram", ".mmd", "a Mermaid flowchart", "output-not-diagram", _is_diagram)
