"""Options shared by several commands, kept apart so a command loads no other command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

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
