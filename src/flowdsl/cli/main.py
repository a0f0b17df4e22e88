"""`flowdsl` entry point: the command group, its exit codes and its error handling.

Exit codes: 0 ok, 1 diagnostics or a failed execution, 2 usage, 70 internal error
(traceback only with `--debug`).
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

from flowdsl.cli.output import emit_diagnostics
from flowdsl.diagnostics import FlowdslError

EXIT_DIAGNOSTICS = 1
EXIT_INTERNAL = 70


class FlowdslGroup(click.Group):
    """A group that turns library errors into one-line messages and documented exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FlowdslError as exc:
            emit_diagnostics(exc.diagnostics, "text")
            ctx.exit(EXIT_DIAGNOSTICS)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get("flowdsl.debug"):
                traceback.print_exc()
            click.echo(f"flowdsl: internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("flowdsl: run again with --debug for the traceback", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=FlowdslGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@click.version_option(package_name="flowdsl")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Write, check, run and ship AWS Step Functions workflows from typed Python."""
    ctx.meta["flowdsl.debug"] = debug


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(prog_name="flowdsl"))


from flowdsl.cli.validate_cmd import validate_cmd  # noqa: E402 - commands register after the group

cli.add_command(validate_cmd)

from flowdsl.cli.compile_cmd import compile_cmd  # noqa: E402 - commands register after the group

cli.add_command(compile_cmd)

from flowdsl.cli.deploy_cmd import deploy_cmd, destroy_cmd, template_cmd  # noqa: E402 - commands register after the group

cli.add_command(deploy_cmd)
cli.add_command(destroy_cmd)
cli.add_command(template_cmd)

from flowdsl.cli.run_cmd import run_command  # noqa: E402 - commands register after the group

cli.add_command(run_command)

from flowdsl.cli.diagram_cmd import diagram_cmd  # noqa: E402 - commands register after the group

cli.add_command(diagram_cmd)
