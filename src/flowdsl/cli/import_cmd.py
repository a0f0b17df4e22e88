"""`flowdsl import SOURCE [-o OUT.py] [--name NAME]`: an existing state machine as DSL code.

SOURCE is an `.asl.json` file or a SAM/CloudFormation template (JSON or YAML); `--arn` reads a
deployed state machine instead. OUT defaults to `<stem>.py` beside the source (one file per
state machine of a template with several); an existing file is replaced only with `--force`.
Exit codes: 0 written, 1 diagnostics, 2 usage.
"""

from __future__ import annotations

from pathlib import Path

import click

from flowdsl.cli.options import name_option, output_option, source_argument
from flowdsl.diagnostics import FlowdslError, error
from flowdsl.dsl.errors import display_path
from flowdsl.importer import import_asl
from flowdsl.importer.module import variable_name
from flowdsl.importer.sources import Found, from_arn, read_source, select


@click.command("import")
@source_argument(required=False)
@output_option("Where to write (default <stem>.py beside SOURCE; '-' for stdout).")
@name_option("The Workflow's name (default: the file stem or logical id).")
@click.option(
    "--machine", default=None, metavar="LOGICAL_ID", help="The state machine of a template to import."
)
@click.option("--arn", default=None, help="Import a deployed state machine instead of a file.")
@click.option("--region", default=None, help="The AWS region of --arn (default: the ARN's).")
@click.option("--profile", default=None, help="The AWS profile for --arn.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def import_cmd(
    source: Path | None,
    *,
    output: Path | None,
    name: str | None,
    machine: str | None,
    arn: str | None,
    region: str | None,
    profile: str | None,
    force: bool,
) -> None:
    """Write an ASL definition, a template's state machines or a deployed one as DSL code."""
    if (source is None) == (arn is None):
        raise click.UsageError("give either SOURCE or --arn")
    if arn is not None:
        found = [from_arn(arn, region=region, profile=profile)]
        folder, stem, shown = Path("."), variable_name(found[0].name, set()), found[0].name
    else:
        assert source is not None
        shown = display_path(str(source))
        found = select(read_source(source), machine, shown)
        folder, stem = source.parent, _stem(source)
    if len(found) > 1 and output is not None:
        ids = ", ".join(f"'{item.logical_id}'" for item in found)
        message = f"the template has several state machines ({ids}): pick one with --machine, or leave out -o"
        raise FlowdslError([error("import-several-machines", message, shown)])
    for item in found:
        target = output or folder / _file_name(stem, item, several=len(found) > 1)
        try:
            text = import_asl(item.definition, name=name or item.name, source=Path(shown).name)
        except FlowdslError as exc:
            raise FlowdslError(item.locate(exc.diagnostics)) from None
        _write(text, target, force=force)


def _stem(source: Path) -> str:
    name = source.name
    for suffix in (".json", ".yaml", ".yml", ".asl", ".template"):
        name = name.removesuffix(suffix)
    return name


def _file_name(stem: str, item: Found, *, several: bool) -> str:
    if several and item.logical_id is not None:
        return f"{stem}_{variable_name(item.logical_id, set())}.py"
    return f"{stem}.py"


def _write(text: str, target: Path, *, force: bool) -> None:
    if str(target) == "-":
        click.echo(text, nl=False)
        return
    if target.exists() and not force:
        message = f"refusing to overwrite '{display_path(str(target))}' (pass --force to replace it)"
        raise FlowdslError([error("output-exists", message)])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"flowdsl: wrote {display_path(str(target))}", err=True)
