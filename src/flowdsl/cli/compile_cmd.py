"""`flowdsl compile SOURCE [-o OUT]`: write the checked ASL definition of a workflow.

Exit codes: 0 written (or up to date with `--check`), 1 diagnostics or a stale OUT with
`--check`, 2 usage. Warnings are printed and do not stop the write.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from flowdsl.checks import validate_source
from flowdsl.cli.generated import FORCE_OPTION, GeneratedFile
from flowdsl.cli.options import name_option, output_option, source_argument
from flowdsl.cli.output import emit_diagnostics
from flowdsl.compiler import ResourceScheme
from flowdsl.diagnostics import has_errors
from flowdsl.loader import load_source
from flowdsl.model import dumps, to_asl


@click.command("compile")
@source_argument()
@output_option("Where to write (default build/<stem>.asl.json; '-' for stdout).")
@name_option("The Workflow to compile when the file defines several.")
@click.option("--region", default=None, help="Write concrete Lambda ARNs in this region (needs --account).")
@click.option("--account", default=None, help="The AWS account id for concrete Lambda ARNs (needs --region).")
@click.option(
    "--resource", "bindings", multiple=True, metavar="NAME=ARN", help="Bind a function name to an ARN."
)
@click.option("--check", is_flag=True, help="Do not write; exit 1 when OUT differs from a fresh compile.")
@FORCE_OPTION
@click.pass_context
def compile_cmd(
    ctx: click.Context,
    source: Path,
    *,
    output: Path | None,
    name: str | None,
    region: str | None,
    account: str | None,
    bindings: tuple[str, ...],
    check: bool,
    force: bool,
) -> None:
    """Compile a workflow (.py) or an ASL file to checked, deterministic ASL JSON.

    Lambda Tasks get `${FunctionNameArn}` placeholders (SAM/CloudFormation
    DefinitionSubstitutions style) unless --region/--account or --resource say otherwise.
    """
    loaded = load_source(source, name=name, resources=_scheme(region, account, bindings))
    diagnostics = validate_source(loaded)
    # `--check` answers one question (is OUT fresh?) in one line; warnings are validate's job there.
    emit_diagnostics([d for d in diagnostics if d.is_error or not check], "text")
    if has_errors(diagnostics):
        ctx.exit(1)
    text = dumps(to_asl(loaded.definition))
    hint = _again(name, region, account, bindings)
    ASL_FILE.emit(text, source=source, target=output, check=check, force=force, options=hint)


def _again(name: str | None, region: str | None, account: str | None, bindings: tuple[str, ...]) -> list[str]:
    """The options that shaped the output, for the `--check` hint (`-o` is added by emit)."""
    given = [("--name", name), ("--region", region), ("--account", account)]
    return [
        *(part for flag, value in given if value for part in (flag, value)),
        *(part for binding in bindings for part in ("--resource", binding)),
    ]


def _scheme(region: str | None, account: str | None, bindings: tuple[str, ...]) -> ResourceScheme:
    if (region is None) != (account is None):
        raise click.UsageError("--region and --account go together")
    pairs: dict[str, str] = {}
    for binding in bindings:
        key, sep, arn = binding.partition("=")
        if not sep or not key or not arn:
            raise click.BadParameter(f"'{binding}' is not NAME=ARN", param_hint="'--resource'")
        pairs[key] = arn
    return ResourceScheme(region=region, account=account, bindings=pairs)


def _is_asl(text: str) -> bool:
    """Whether an existing file's text is an ASL definition (so replacing it loses nothing foreign)."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError, ValueError):
        return False
    return isinstance(data, dict) and "StartAt" in data and "States" in data


ASL_FILE = GeneratedFile("compile", ".asl.json", "an ASL definition", "output-not-asl", _is_asl)
