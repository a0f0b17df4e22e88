"""The lazily loaded command table must name real commands under their own names."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from flowdsl.cli.main import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_listed_command_loads_under_its_name(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command)
    assert command.name == name


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["compil"])
    assert result.exit_code == 2
    assert "No such command 'compil'" in result.output
