"""Writing generated files (`build/*.asl.json`, `build/*.mmd`) without losing anything the user wrote.

Both `compile` and `diagram` write into `build/` by default, refuse to overwrite their own
source or a file that is not one of their outputs, and with `--check` only report whether
the file on disk is fresh.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from flowdsl.diagnostics import FlowdslError, error

BUILD_DIR = Path("build")
_SOURCE_SUFFIXES = (".py", ".json", ".asl")


def stem(source: Path) -> str:
    """The output stem: the file name without `.py`, `.json` or `.asl.json` (`order.asl.json` -> `order`)."""
    name = source.name
    for suffix in _SOURCE_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


@dataclass(frozen=True)
class GeneratedFile:
    """One kind of generated output: how it is named, recognised and refreshed."""

    command: str
    suffix: str
    description: str
    foreign_code: str
    is_ours: Callable[[Path], bool]

    def default_target(self, source: Path) -> Path:
        return BUILD_DIR / f"{stem(source)}{self.suffix}"

    def emit(
        self, text: str, *, source: Path, target: Path | None, check: bool, options: Sequence[str] = ()
    ) -> None:
        """Print to stdout (`-`), check freshness (`check`), or write the file.

        `options` are the command's other options as given (`--name W`, `--resource ...`), so the
        `--check` hint is the exact command that brings the file up to date.
        """
        path = target if target is not None else self.default_target(source)
        if str(path) == "-":
            click.echo(text, nl=False)
        elif check:
            self._check(path, text, source, [*(["-o", str(target)] if target is not None else []), *options])
        else:
            self._write(path, text, source)

    def _check(self, target: Path, text: str, source: Path, options: Sequence[str]) -> None:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != text:
            state = "is missing" if current is None else "is stale"
            again = shlex.join(["flowdsl", self.command, str(source), *options])
            message = f"'{target}' {state}: run '{again}' to update it"
            raise FlowdslError([error("stale-output", message)])
        click.echo(f"flowdsl: '{target}' is up to date", err=True)

    def _write(self, target: Path, text: str, source: Path) -> None:
        if target.resolve() == source.resolve():
            message = f"refusing to overwrite the source file '{source}'"
            raise FlowdslError([error("output-is-source", message)])
        if target.exists() and not self.is_ours(target):
            reason = f"it is not {self.description} (remove it or choose another -o)"
            raise FlowdslError([error(self.foreign_code, f"refusing to overwrite '{target}': {reason}")])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"flowdsl: wrote {target}", err=True)
