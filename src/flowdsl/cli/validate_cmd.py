"""`flowdsl validate SOURCE...`: report every problem; exit 0 clean, 1 errors, 2 usage."""

from __future__ import annotations

import click

from flowdsl.checks.api import FileReport, check_file
from flowdsl.cli.output import Format, emit_diagnostics
from flowdsl.codes import VALIDATE_STAGES, stage_codes
from flowdsl.diagnostics import Diagnostic, FlowdslError, Severity, did_you_mean, has_errors

# Every code `flowdsl validate` can report, for telling a real --ignore code from a typo.
KNOWN_CODES = stage_codes(*VALIDATE_STAGES)


@click.command("validate")
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--ignore", default="", metavar="CODE,...", help="Diagnostic codes to leave out.")
@click.option("--warnings-as-errors", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--name", default=None, help="The Workflow to check when a .py file defines several.")
@click.option("--aws", "ask_aws", is_flag=True, help="Also ask AWS (ValidateStateMachineDefinition).")
@click.option("--region", default=None, help="With --aws: the AWS region (else AWS_REGION, the profile's).")
@click.option("--profile", default=None, help="With --aws: the AWS profile (else AWS_PROFILE).")
@click.pass_context
def validate_cmd(
    ctx: click.Context,
    sources: tuple[str, ...],
    *,
    fmt: Format,
    ignore: str,
    warnings_as_errors: bool,
    name: str | None,
    ask_aws: bool,
    region: str | None,
    profile: str | None,
) -> None:
    """Check workflows (.py) and ASL files (.json, .asl.json) against every rule.

    Every problem is reported at once, one line each, location last (`file.py:LINE` for a
    workflow, `file.asl.json:LINE /json/pointer` for ASL). Exit status: 0 when there are no
    errors (warnings allowed), 1 when there is at least one, 2 on a usage error.
    """
    if not ask_aws and (region or profile):
        raise click.UsageError("--region and --profile go with --aws")
    ignored = _codes(ignore)
    found = [d for source in sources for d in _kept(check_file(source, name=name), ignored)]
    if ask_aws:
        found += [
            d for source in sources for d in _aws(source, name, region, profile) if d.code not in ignored
        ]
    if warnings_as_errors:
        found = [Diagnostic(d.code, Severity.ERROR, d.message, d.location) for d in found]
    emit_diagnostics(found, fmt)
    if fmt == "text" and not found:
        click.echo(f"flowdsl: no problems found in {len(sources)} source(s)", err=True)
    ctx.exit(1 if has_errors(found) else 0)


def _aws(source: str, name: str | None, region: str | None, profile: str | None) -> list[Diagnostic]:
    """AWS's verdict on one file that loads (one that does not is already reported)."""
    # Imported here: the deploy layer (and boto3) only when --aws asks for it.
    from flowdsl.deploy.validation import aws_diagnostics  # noqa: PLC0415
    from flowdsl.loader import load_source  # noqa: PLC0415

    try:
        loaded = load_source(source, name=name)
    except FlowdslError:
        return []
    return aws_diagnostics(loaded, region=region, profile=profile)


def _kept(report: FileReport, ignored: set[str]) -> list[Diagnostic]:
    # --ignore leaves out findings, never the reason a file went unchecked: otherwise
    # `--ignore file-not-found` would call a missing file clean.
    if not report.checked:
        return report.diagnostics
    return [d for d in report.diagnostics if d.code not in ignored]


def _codes(text: str) -> set[str]:
    codes = {code.strip() for code in text.split(",") if code.strip()}
    for code in sorted(codes - KNOWN_CODES):
        suggestion = did_you_mean(code, sorted(KNOWN_CODES))
        click.echo(f"flowdsl: warning: --ignore '{code}' is not a flowdsl code{suggestion}", err=True)
    return codes
