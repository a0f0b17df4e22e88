"""`flowdsl schema SOURCE [-o FILE]`: the JSON Schema of a workflow's execution input (or output).

Exit codes: 0 printed or written, 1 SOURCE cannot be loaded, 2 usage. See docs/types.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from flowdsl.cli.options import name_option, output_option, source_argument
from flowdsl.loader import load_source
from flowdsl.typeflow.document import workflow_schema


@click.command("schema")
@source_argument()
@output_option("Write the schema to this file (default: print it).")
@click.option(
    "--of", "which", type=click.Choice(["input", "output"]), default="input", show_default=True,
    help="The execution's input (what StartExecution takes) or its output.",
)  # fmt: skip
@name_option("The Workflow to describe when the file defines several.")
def schema_cmd(source: Path, *, output: Path | None, which: str, name: str | None) -> None:
    """Print the JSON Schema of a workflow's input (from its input_model), or with --of output its output."""
    schema = workflow_schema(load_source(source, name=name), which)
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"flowdsl: wrote {output}", err=True)
