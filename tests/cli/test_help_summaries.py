"""`flowdsl --help` lists every command without importing any of them."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from flowdsl.cli.main import COMMANDS, SUMMARIES, cli


@pytest.mark.parametrize("name", sorted(SUMMARIES))
def test_each_summary_is_the_commands_own_first_paragraph(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert command.short_help is None
    assert SUMMARIES[name] == (command.help or "").split("\n\n")[0].replace("\n", " ")


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_list_is_what_click_would_write(width: int) -> None:
    ctx = click.Context(cli)
    ours, clicks = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    cli.format_commands(ctx, ours)
    click.Group.format_commands(cli, ctx, clicks)
    assert ours.getvalue() == clicks.getvalue()


def test_help_imports_no_command() -> None:
    code = (
        "import json, sys\nfrom flowdsl.cli.main import cli\ncli.main(['--help'], standalone_mode=False)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    commands = {target.partition(":")[0] for target in COMMANDS.values()}
    assert loaded & commands == set()
    assert not any(name.startswith(("flowdsl.dsl", "flowdsl.engine", "flowdsl.checks")) for name in loaded)
