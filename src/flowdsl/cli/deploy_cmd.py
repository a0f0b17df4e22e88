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
from flowdsl.cli.generated import FORCE_OPTION, GeneratedFile
from flowdsl.cli.options import aws_options
from flowdsl.deploy import DeployReport, deploy, destroy
from flowdsl.deploy.options import MachineOptions, read_statements
from flowdsl.deploy.template import render_template, template_warnings, write_packages
from flowdsl.loader import load_source
from flowdsl.source import Source

_NAME_OPTION = click.option("--name", default=None, help="Which workflow, when the file defines several.")
_MACHINE_OPTIONS: list[Callable[[Any], Any]] = [
    click.option("--type", "machine_type", type=click.Choice(["STANDARD", "EXPRESS"]), default="STANDARD",
                 show_default=True, help="State machine type (AWS cannot change it later)."),
    click.option("--role-arn", default=None, help="Use this existing role (none is created)."),
    click.option("--policy", "policy_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="JSON file of extra IAM statements for the state machine role."),
    click.option("--log-level", type=click.Choice(["ALL", "ERROR", "FATAL"]), default=None,
                 help="Log execution history to CloudWatch Logs at this level."),
    click.option("--log-group", default=None, help="Log group ARN (a template creates one if omitted)."),
    click.option("--log-execution-data", is_flag=True, help="Include inputs and outputs in the logs."),
    click.option("--tracing", is_flag=True, help="Turn on AWS X-Ray tracing."),
]  # fmt: skip


def machine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The state machine options `deploy` and `template` share (see `MachineOptions`)."""
    for option in reversed(_MACHINE_OPTIONS):
        command = option(command)
    return command


def _machine(options: dict[str, Any]) -> MachineOptions:
    policy = options.pop("policy_file")
    return MachineOptions(
        type=options.pop("machine_type"),
        role_arn=options.pop("role_arn"),
        statements=read_statements(policy) if policy is not None else (),
        log_level=options.pop("log_level"),
        log_group_arn=options.pop("log_group"),
        log_execution_data=options.pop("log_execution_data"),
        tracing=options.pop("tracing"),
    )


@click.command("deploy")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@_NAME_OPTION
@aws_options
@machine_options
@click.option("--force", is_flag=True, help="Deploy over a stack that holds another workflow.")
def deploy_cmd(
    source: Path,
    *,
    name: str | None,
    stack: str | None,
    region: str | None,
    profile: str | None,
    force: bool,
    **machine: Any,
) -> None:
    """Create or update SOURCE's Lambda functions, roles and state machine on AWS."""
    options = _machine(machine)
    loaded = load_source(source, name=name)
    report = deploy(loaded, name=stack, region=region, profile=profile, options=options, force=force)
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
@machine_options
@FORCE_OPTION
def template_cmd(
    source: Path, output: Path | None, fmt: str, name: str | None, force: bool, **machine: Any
) -> None:
    """Write a SAM or CloudFormation template for SOURCE (functions, roles, state machine)."""
    to_file = output is not None and str(output) != "-"
    base_dir = output.parent if output is not None and to_file else Path.cwd()
    options = _machine(machine)
    loaded = load_source(source, name=name)
    # Written to a file, the template names the zips deploy would upload, written beside it.
    code = (
        write_packages(loaded, _code_folder(output), force=force) if output is not None and to_file else None
    )
    text = render_template(
        loaded, fmt="sam" if fmt == "sam" else "cloudformation", base_dir=base_dir, options=options, code=code
    )
    for warning in template_warnings(loaded, options):
        click.echo(f"flowdsl: warning: {warning}", err=True)
    if output is None or not to_file:
        click.echo(text, nl=False)
        return
    TEMPLATE_FILE.write(output, text, source=source, force=force)


def _code_folder(output: Path) -> Path:
    """Where `template -o FILE` writes the functions' zips: `<FILE without suffix>.code/`."""
    return output.with_name(f"{output.stem}.code")


def _is_template(text: str) -> bool:
    """Whether an existing file's text is a template `template` wrote (its first key)."""
    return text.startswith("AWSTemplateFormatVersion:")


TEMPLATE_FILE = GeneratedFile("template", ".yaml", "a template", "output-not-template", _is_template)


def _emit(report: DeployReport) -> None:
    for line in report.lines():
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"flowdsl: warning: {warning}", err=True)
