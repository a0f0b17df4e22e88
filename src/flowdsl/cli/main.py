"""`flowdsl` entry point: the command group, its exit codes and its error handling.

Exit codes: 0 ok, 1 diagnostics or a failed execution, 2 usage, 70 internal error
(traceback only with `--debug`).
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import Any

import click

from flowdsl.cli.output import emit_diagnostics
from flowdsl.diagnostics import FlowdslError

EXIT_DIAGNOSTICS = 1
EXIT_INTERNAL = 70

# Command name -> "module:attribute". Commands load on first use, so `flowdsl validate` does not
# pay for importing the engine, the renderer or boto3-facing deploy code.
COMMANDS = {
    "compile": "flowdsl.cli.compile_cmd:compile_cmd",
    "deploy": "flowdsl.cli.deploy_cmd:deploy_cmd",
    "destroy": "flowdsl.cli.deploy_cmd:destroy_cmd",
    "diagram": "flowdsl.cli.diagram_cmd:diagram_cmd",
    "import": "flowdsl.cli.import_cmd:import_cmd",
    "run": "flowdsl.cli.run_cmd:run_command",
    "schema": "flowdsl.cli.schema_cmd:schema_cmd",
    "serve": "flowdsl.cli.serve_cmd:serve_cmd",
    "template": "flowdsl.cli.deploy_cmd:template_cmd",
    "validate": "flowdsl.cli.validate_cmd:validate_cmd",
}

# The first paragraph of each command's help, which `flowdsl --help` lists, so that listing
# the commands imports none of them (tests/cli/test_help_summaries.py checks each against the
# command). A command not named here is imported to read its own.
SUMMARIES = {
    "compile": "Compile a workflow (.py) or an ASL file to checked, deterministic ASL JSON.",
    "deploy": "Create or update SOURCE's Lambda functions, roles and state machine on AWS.",
    "destroy": "Delete everything `flowdsl deploy` created for SOURCE (or the --stack), found by tags.",
    "diagram": "Draw a workflow (.py) or an ASL file (.asl.json) as a Mermaid flowchart.",
    "import": "Write an ASL definition, a template's state machines or a deployed one as DSL code.",
    "run": "Run SOURCE (a workflow .py file or an .asl.json definition) and show the path it took.",
    "schema": (
        "Print the JSON Schema of a workflow's input (from its input_model), or with --of output its output."
    ),
    "serve": "Serve the Step Functions API (AWS JSON 1.0) locally.",
    "template": "Write a SAM or CloudFormation template for SOURCE (functions, roles, state machine).",
    "validate": "Check workflows (.py) and ASL files (.json, .asl.json) against every rule.",
}


class FlowdslGroup(click.Group):
    """A group that loads its commands lazily and turns library errors into one-line messages
    and documented exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list as click writes it, from SUMMARIES where it can."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = [(name, self.summary(ctx, name, limit)) for name in names]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def summary(self, ctx: click.Context, name: str, limit: int) -> str:
        """One command's line in `--help`, cut to `limit` as click cuts it."""
        if name in SUMMARIES:
            return click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)
        command = self.get_command(ctx, name)
        return command.get_short_help_str(limit) if command is not None else ""

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
@click.version_option(package_name="flowdsl", prog_name="flowdsl")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Write, check, run and ship AWS Step Functions workflows from typed Python."""
    ctx.meta["flowdsl.debug"] = debug


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(prog_name="flowdsl"))
