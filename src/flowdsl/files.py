"""Reading inputs and writing outputs without trusting what a path points at.

Reading (`read_limited`) opens the path once, asks the open file what it is (`fstat`), accepts
regular files only and reads at most `limit + 1` bytes, so a symlink to `/dev/zero`, a FIFO or
a file that grows while it is read can never exhaust memory or block. Writing (`replace_file`)
writes a temporary file in the target's folder, flushes it to disk and renames it over the
target (`os.replace`, atomic on POSIX), so a full disk or a file-size limit leaves the old file
as it was. Which targets may be replaced is decided by the caller (`cli.generated`); this module
only reports what a path is (`inspect_target`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Literal

TargetKind = Literal["missing", "file", "link", "other"]
# O_NONBLOCK: opening a FIFO for reading must not wait for a writer; regular files ignore it.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class ReadRefused(Exception):  # noqa: N818 - a refusal with a reason, not a programming error
    """Why a file could not be read: `kind` is one of not-found, denied, not-regular, too-large, error."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises ReadRefused otherwise."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        raise _refusal(exc) from None
    try:
        _check_readable(os.fstat(fd), limit)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise _refusal(exc) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ReadRefused("too-large", f"file is over the limit of {limit} bytes")
    return data


def _check_readable(info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ReadRefused("not-regular", "it is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise ReadRefused("not-regular", "it is not a regular file (a device, FIFO or socket)")
    if info.st_size > limit:
        raise ReadRefused("too-large", f"file is {info.st_size} bytes; the limit is {limit}")


def _refusal(exc: OSError) -> ReadRefused:
    kinds = {errno.ENOENT: "not-found", errno.ENOTDIR: "not-found", errno.EACCES: "denied"}
    kinds[errno.EPERM] = "denied"
    kinds[errno.ELOOP] = "not-found"
    kinds[errno.EISDIR] = "not-regular"
    return ReadRefused(kinds.get(exc.errno or 0, "error"), _reason(exc))


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def inspect_target(path: Path) -> TargetKind:
    """What is at `path` itself, never following a symlink (a dangling link is a `link`)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "other"
    if stat.S_ISLNK(mode):
        return "link"
    return "file" if stat.S_ISREG(mode) else "other"


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file (hard links and `..` detours included)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


class WriteFailed(Exception):  # noqa: N818 - carries the reason a write did not happen
    """A write that did not happen; the target is as it was."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: a temporary sibling, fsync, then `os.replace`.

    A link or special file at `path` is replaced by a regular file, never written through. The
    new file gets the old file's permission bits, or the umask's for a new one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise WriteFailed(_reason(exc)) from None
    try:
        _fill(fd, data, _mode_for(path))
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteFailed(_reason(exc)) from None
    _sync_folder(path.parent)


def _fill(fd: int, data: bytes, mode: int) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        os.fchmod(handle.fileno(), mode)


def _mode_for(path: Path) -> int:
    try:
        info = os.lstat(path)
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        return stat.S_IMODE(info.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename durable too; some file systems cannot fsync a folder, which is harmless."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
