"""`flowdsl diagram SOURCE [-o OUT]`: write the Mermaid flowchart of a workflow or ASL file.

Exit codes: 0 written (or up to date with `--check`), 1 SOURCE cannot be loaded or OUT is stale
with `--check`, 2 usage. The diagram is drawn, not validated (`flowdsl validate` does that): a
transition into a state that does not exist shows as a dashed placeholder.
"""

from __future__ import annotations

from pathlib import Path

import click

from flowdsl.cli.generated import GeneratedFile
from flowdsl.loader import load_source
from flowdsl.render import mermaid

# What every diagram we write starts with (its front matter, or the bare `flowchart` line older
# versions wrote); an existing OUT without either is someone else's file.
HEADERS = ("---\nconfig:\n", "flowchart ")


@click.command("diagram")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Where to write (default build/<stem>.mmd; '-' for stdout).",
)  # fmt: skip
@click.option("--name", default=None, help="The Workflow to draw when the file defines several.")
@click.option("--check", is_flag=True, help="Do not write; exit 1 when OUT differs from a fresh diagram.")
@click.option(
    "--format", "fmt", type=click.Choice(["mermaid", "html"]), default="mermaid", show_default=True,
    help="mermaid: the flowchart text; html: one standalone page that draws it offline, with pan and zoom.",
)  # fmt: skip
def diagram_cmd(source: Path, *, output: Path | None, name: str | None, check: bool, fmt: str) -> None:
    """Draw a workflow (.py) or an ASL file (.asl.json) as a Mermaid flowchart.

    Paste the result into a ```mermaid block of a pull request or README to see it rendered,
    or write `--format html` (build/<stem>.html) and open it in a browser: no network needed.
    """
    loaded = load_source(source, name=name)
    if fmt == "html":
        from flowdsl.cli.pages import DIAGRAM_PAGE  # noqa: PLC0415 - the page machinery loads only when asked
        from flowdsl.render.page import diagram_page  # noqa: PLC0415

        title = loaded.name or source.name
        DIAGRAM_PAGE.emit(
            diagram_page(loaded.definition, title=title), source=source, target=output, check=check
        )
        return
    DIAGRAM_FILE.emit(mermaid(loaded.definition), source=source, target=output, check=check)


def _is_diagram(path: Path) -> bool:
    """Whether an existing file is a diagram (or empty), so replacing it loses nothing."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return not content.strip() or content.startswith(HEADERS)


DIAGRAM_FILE = GeneratedFile("diagram", ".mmd", "a Mermaid flowchart", "output-not-diagram", _is_diagram)
