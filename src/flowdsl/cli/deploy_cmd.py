"""`flowdsl deploy`, `flowdsl destroy` and `flowdsl template`: ship a workflow to AWS and back.

Options mean the same in every command: `--name` picks the workflow when a file defines several
(as in `compile`, `validate`, `diagram` and `run`), and `--stack` names the deployment (the state
machine's name and the prefix of every resource; default: the workflow's name). `deploy`,
`destroy` and `run --remote` share `--stack`, `--region` and `--profile` (`aws_options`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

# flowdsl.deploy imports boto3 lazily, on the first AWS call, so these imports are cheap.
from flowdsl.deploy import DeployReport, deploy, destroy
from flowdsl.deploy.template import render_template
from flowdsl.diagnostics import FlowdslError, error
from flowdsl.loader import load_source
from flowdsl.source import Source

_NAME_OPTION = click.option("--name", default=None, help="Which workflow, when the file defines several.")
_AWS_OPTIONS: list[Callable[[Any], Any]] = [
    click.option("--stack", default=None, help="Stack name (default: the workflow's name)."),
    click.option("--region", default=None, help="AWS region (default: AWS_REGION or the profile's)."),
    click.option("--profile", default=None, help="AWS profile from the shared config files."),
]


def aws_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add `--stack`, `--region` and `--profile`, the options of every command that talks to AWS."""
    for option in reversed(_AWS_OPTIONS):
        command = option(command)
    return command


@click.command("deploy")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@_NAME_OPTION
@aws_options
def deploy_cmd(
    source: Path, name: str | None, stack: str | None, region: str | None, profile: str | None
) -> None:
    """Create or update SOURCE's Lambda functions, roles and state machine on AWS."""
    report = deploy(load_source(source, name=name), name=stack, region=region, profile=profile)
    _emit(report)
    click.echo(
        f"flowdsl: stack '{report.stack}' deployed to {report.region}: {report.state_machine_arn}", err=True
    )


@click.command("destroy")
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_NAME_OPTION
@aws_options
def destroy_cmd(
    source: Path | None, name: str | None, stack: str | None, region: str | None, profile: str | None
) -> None:
    """Delete everything `flowdsl deploy` created for SOURCE (or the --stack), found by tags."""
    if source is None and stack is None:
        raise click.UsageError("give SOURCE or --stack")
    if source is None and name is not None:
        raise click.UsageError("--name picks a workflow of SOURCE: give SOURCE, or only --stack")
    target: Source | str = load_source(source, name=name) if source is not None else str(stack)
    report = destroy(target, name=stack, region=region, profile=profile)
    _emit(report)
    if not report.actions:
        click.echo(f"flowdsl: nothing of stack '{report.stack}' is left in {report.region}", err=True)


@click.command("template")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (- for stdout).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["sam", "cloudformation"]), default="sam", show_default=True
)
@_NAME_OPTION
def template_cmd(source: Path, output: Path | None, fmt: str, name: str | None) -> None:
    """Write a SAM or CloudFormation template for SOURCE (functions, roles, state machine)."""
    if output is not None and str(output) == "-":
        output = None  # `-o -` is stdout, as for compile and diagram
    base_dir = output.parent if output is not None else Path.cwd()
    text = render_template(
        load_source(source, name=name), fmt="sam" if fmt == "sam" else "cloudformation", base_dir=base_dir
    )
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise FlowdslError(
            [error("output-unwritable", f"cannot write file: {reason}", str(output))]
        ) from None
    click.echo(f"flowdsl: wrote {output}", err=True)


def _emit(report: DeployReport) -> None:
    for line in report.lines():
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"flowdsl: warning: {warning}", err=True)
