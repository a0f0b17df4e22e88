"""Options shared by several commands, kept apart so a command loads no other command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

FILE = click.Path(dir_okay=False, path_type=Path)
"""A file a command reads or writes (it may not exist yet; never a directory)."""


def source_argument(*, required: bool = True) -> Decorator:
    """`SOURCE`: the workflow (.py) or ASL file the command reads."""
    return click.argument("source", required=required, type=FILE)


def output_option(help_text: str) -> Decorator:
    """`-o/--output`: where the command writes (None when not given)."""
    return click.option("-o", "--output", type=FILE, default=None, help=help_text)


def name_option(help_text: str) -> Decorator:
    """`--name`: which Workflow, when the file defines several."""
    return click.option("--name", default=None, help=help_text)


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


# `flowdsl run` and `flowdsl serve` bind handlers and read a mock file the same way.
handlers_option = click.option(
    "--handlers",
    multiple=True,
    metavar="MODULE:FUNCTION=NAME",
    help="Bind a Lambda function name to a Python handler (repeatable, or comma-separated).",
)
mock_option = click.option(
    "--mock", "mock_file", type=click.Path(dir_okay=False, path_type=Path), help="A MockConfigFile.json."
)


def handler_texts(handlers: tuple[str, ...]) -> list[str]:
    """The `--handlers` bindings, one each, from repeated and comma-separated values."""
    return [part.strip() for item in handlers for part in item.split(",") if part.strip()]
