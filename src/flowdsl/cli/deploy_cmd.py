"""`flowdsl deploy`, `flowdsl destroy` and `flowdsl template`: ship a workflow to AWS and back.

`--name` is the stack name (the state machine's name and the prefix of every resource); it
defaults to the workflow's name, and also picks the workflow when a file defines several, as
`flowdsl run --remote --name` does.
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

_AWS_OPTIONS: list[Callable[[Any], Any]] = [
    click.option("--name", default=None, help="Stack name (default: the workflow's name)."),
    click.option("--region", default=None, help="AWS region (default: AWS_REGION or the profile's)."),
    click.option("--profile", default=None, help="AWS profile from the shared config files."),
]


def _aws_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_AWS_OPTIONS):
        command = option(command)
    return command


@click.command("deploy")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@_aws_options
def deploy_cmd(source: Path, name: str | None, region: str | None, profile: str | None) -> None:
    """Create or update SOURCE's Lambda functions, roles and state machine on AWS."""
    report = deploy(_load(source, name), name=name, region=region, profile=profile)
    _emit(report)
    click.echo(
        f"flowdsl: stack '{report.stack}' deployed to {report.region}: {report.state_machine_arn}", err=True
    )


@click.command("destroy")
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_aws_options
def destroy_cmd(source: Path | None, name: str | None, region: str | None, profile: str | None) -> None:
    """Delete everything `flowdsl deploy` created for SOURCE (or the stack --name), found by tags."""
    if source is None and name is None:
        raise click.UsageError("give SOURCE or --name")
    target: Source | str = _load(source, name) if source is not None else str(name)
    report = destroy(target, name=name, region=region, profile=profile)
    _emit(report)
    if not report.actions:
        click.echo(f"flowdsl: nothing of stack '{report.stack}' is left in {report.region}", err=True)


@click.command("template")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option(
    "--format", "fmt", type=click.Choice(["sam", "cloudformation"]), default="sam", show_default=True
)
@click.option("--name", default=None, help="Which workflow, when the file defines several.")
def template_cmd(source: Path, output: Path | None, fmt: str, name: str | None) -> None:
    """Write a SAM or CloudFormation template for SOURCE (functions, roles, state machine)."""
    base_dir = output.parent if output is not None else Path.cwd()
    text = render_template(
        _load(source, name), fmt="sam" if fmt == "sam" else "cloudformation", base_dir=base_dir
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


def _load(source: Path, name: str | None) -> Source:
    """The file's workflow; `name` picks one only when the file defines several."""
    try:
        return load_source(source)
    except FlowdslError as exc:
        if name is None or not any(d.code == "several-workflows" for d in exc.diagnostics):
            raise
    return load_source(source, name=name)


def _emit(report: DeployReport) -> None:
    for line in report.lines():
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"flowdsl: warning: {warning}", err=True)
