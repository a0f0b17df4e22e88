"""`flowdsl diagram SOURCE [-o OUT]`: write the Mermaid flowchart of a workflow or ASL file.

Exit codes: 0 written (or up to date with `--check`), 1 SOURCE cannot be loaded or OUT is stale
with `--check`, 2 usage. The diagram is drawn, not validated (`flowdsl validate` does that): a
transition into a state that does not exist shows as a dashed placeholder.
"""

from __future__ import annotations

from pathlib import Path

import click

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.loader import load_source
from flowdsl.render import mermaid

BUILD_DIR = Path("build")
# What every diagram we write starts with; an existing OUT without it is someone else's file.
HEADER = "flowchart "


@click.command("diagram")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Where to write (default build/<stem>.mmd; '-' for stdout).",
)  # fmt: skip
@click.option("--name", default=None, help="The Workflow to draw when the file defines several.")
@click.option("--check", is_flag=True, help="Do not write; exit 1 when OUT differs from a fresh diagram.")
def diagram_cmd(source: Path, *, output: Path | None, name: str | None, check: bool) -> None:
    """Draw a workflow (.py) or an ASL file (.asl.json) as a Mermaid flowchart.

    Paste the result into a ```mermaid block of a pull request or README to see it rendered.
    """
    text = mermaid(load_source(source, name=name).definition)
    target = output if output is not None else default_output(source)
    if str(target) == "-":
        click.echo(text, nl=False)
    elif check:
        _check(target, text, source)
    else:
        _write(target, text, source)


def default_output(source: Path) -> Path:
    """`build/<stem>.mmd`, the stem without `.asl`: `flows/order.asl.json` -> `build/order.mmd`."""
    return BUILD_DIR / f"{source.stem.removesuffix('.asl')}.mmd"


def _check(target: Path, text: str, source: Path) -> None:
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if current != text:
        state = "is missing" if current is None else "is stale"
        raise FlowdslError(
            [error("stale-output", f"'{target}' {state}: run 'flowdsl diagram {source}' to update it")]
        )
    click.echo(f"flowdsl: '{target}' is up to date", err=True)


def _write(target: Path, text: str, source: Path) -> None:
    if target.resolve() == source.resolve():
        raise FlowdslError([error("output-is-source", f"refusing to overwrite the source file '{source}'")])
    if target.is_file() and not _is_diagram(target):
        reason = "it is not a Mermaid flowchart (remove it or choose another -o)"
        message = f"refusing to overwrite '{target}': {reason}"
        raise FlowdslError([error("output-not-diagram", message)])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"flowdsl: wrote {target}", err=True)


def _is_diagram(path: Path) -> bool:
    """Whether an existing file is a diagram (or empty), so replacing it loses nothing."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return not content.strip() or content.startswith(HEADER)
