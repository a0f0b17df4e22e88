"""Writing generated files without losing anything the user wrote: one routine for every command.

`compile`, `diagram`, `template`, `run --history` and `run --diagram` all write through
`GeneratedFile.emit`. It refuses to replace the command's own source, a file that is not one of
its outputs (recognised by content), a symlink (dangling or not) and anything but a regular
file, unless `--force`; it writes atomically (`files.replace_file`), so a failed write leaves the
old file intact and is reported as one `output-unwritable` line. `-o -` prints to stdout, and
with `--check` the command only reports whether the file on disk is fresh.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.files import ReadRefused, WriteFailed, inspect_target, read_limited, replace_file, same_file

BUILD_DIR = Path("build")
_SOURCE_SUFFIXES = (".py", ".json", ".asl")
# An existing output larger than this is not read to recognise it: it is not one of ours.
_RECOGNISE_LIMIT = 64 * 1024 * 1024


def stem(source: Path) -> str:
    """The output stem: the file name without `.py`, `.json` or `.asl.json` (`order.asl.json` -> `order`)."""
    name = source.name
    for suffix in _SOURCE_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


@dataclass(frozen=True)
class GeneratedFile:
    """One kind of generated output: how it is named, recognised and refreshed.

    `is_ours` gets the existing file's text and says whether it is this kind of output, so
    replacing it loses nothing the user wrote.
    """

    command: str
    suffix: str
    description: str
    foreign_code: str
    is_ours: Callable[[str], bool]

    def default_target(self, source: Path) -> Path:
        return BUILD_DIR / f"{stem(source)}{self.suffix}"

    def emit(
        self,
        text: str,
        *,
        source: Path,
        target: Path | None,
        check: bool = False,
        force: bool = False,
        options: Sequence[str] = (),
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
            self.write(path, text, source=source, force=force)

    def _check(self, target: Path, text: str, source: Path, options: Sequence[str]) -> None:
        current = _text_of(target) if inspect_target(target) == "file" else None
        if current != text:
            state = "is missing" if current is None else "is stale"
            again = shlex.join(["flowdsl", self.command, str(source), *options])
            message = f"'{target}' {state}: run '{again}' to update it"
            raise FlowdslError([error("stale-output", message)])
        click.echo(f"flowdsl: '{target}' is up to date", err=True)

    def write(self, target: Path, text: str, *, source: Path, force: bool = False) -> None:
        """Replace `target` with `text` atomically, after the guards; reports `wrote TARGET`."""
        if same_file(target, source) or target.absolute() == source.absolute():
            message = f"refusing to overwrite the source file '{source}'"
            raise FlowdslError([error("output-is-source", message)])
        if not force:
            self._guard(target)
        try:
            replace_file(target, text.encode("utf-8"))
        except WriteFailed as exc:
            message = f"cannot write '{target}': {exc.reason} (the old file, if any, is unchanged)"
            raise FlowdslError([error("output-unwritable", message, str(target))]) from None
        click.echo(f"flowdsl: wrote {target}", err=True)

    def _guard(self, target: Path) -> None:
        kind = inspect_target(target)
        if kind == "link":
            _fail("output-is-link", target, "it is a symbolic link")
        elif kind == "other":
            _fail("output-not-regular", target, "it is not a regular file")
        elif kind == "file":
            content = _text_of(target)
            if content is None or not self.is_ours(content):
                _fail(self.foreign_code, target, f"it is not {self.description}")


def _fail(code: str, target: Path, reason: str) -> None:
    message = f"refusing to overwrite '{target}': {reason} (remove it, choose another -o, or pass --force)"
    raise FlowdslError([error(code, message, str(target))])


def _text_of(path: Path) -> str | None:
    try:
        return read_limited(path, _RECOGNISE_LIMIT).decode("utf-8")
    except (ReadRefused, UnicodeDecodeError):
        return None


FORCE_OPTION = click.option(
    "--force",
    is_flag=True,
    help="Replace an output file even if it is a link, not a regular file, or not our output.",
)
