"""Inputs are read bounded: a link to /dev/zero, a FIFO or a huge file ends in seconds with one line.

Each hostile path is handed to a real `flowdsl` process with a timeout, so a regression shows
as a failure rather than a hung suite or an exhausted machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flowdsl.aslfile import MAX_FILE_BYTES
from flowdsl.files import ReadRefused, read_limited

MACHINE = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}\n'
_MAIN = "import sys; from flowdsl.cli.main import cli; sys.exit(cli.main(sys.argv[1:], prog_name='flowdsl'))"


def flowdsl(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", _MAIN, *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=30, check=False, stdin=subprocess.DEVNULL
    )


def hostile(kind: str, name: str) -> str:
    """A path of the given kind: a link to /dev/zero, a FIFO, or a regular file past the limit."""
    if kind == "zero-link":
        os.symlink("/dev/zero", name)
    elif kind == "fifo":
        os.mkfifo(name)
    else:
        with open(name, "wb") as handle:
            handle.truncate(MAX_FILE_BYTES + 1)
    return name


KINDS = ["zero-link", "fifo", "huge"]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _assert_clean(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert needle in result.stderr, result.stderr


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["validate", "compile", "diagram", "run"])
def test_a_hostile_asl_file(kind: str, command: str) -> None:
    path = hostile(kind, "x.asl.json")
    expected = "limit is" if kind == "huge" else "not a regular file"
    _assert_clean(flowdsl(command, path), expected)


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_python_file(kind: str) -> None:
    path = hostile(kind, "x.py")
    expected = "limit is" if kind == "huge" else "not a regular file"
    _assert_clean(flowdsl("validate", path), expected)


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_input_file(kind: str) -> None:
    Path("m.asl.json").write_text(MACHINE)
    path = hostile(kind, "in.json")
    expected = "limit is" if kind == "huge" else "not a regular file"
    _assert_clean(flowdsl("run", "m.asl.json", "--input-file", path), expected)


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_mock_file(kind: str) -> None:
    Path("m.asl.json").write_text(MACHINE)
    path = hostile(kind, "mock.json")
    expected = "limit is" if kind == "huge" else "not a regular file"
    _assert_clean(flowdsl("run", "m.asl.json", "--mock", path), expected)


def test_endless_stdin_is_cut_at_the_limit() -> None:
    Path("m.asl.json").write_text(MACHINE)
    command = [sys.executable, "-c", _MAIN, "run", "m.asl.json", "--input-file", "-"]
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False, stdin=zero)
    _assert_clean(result, "stdin is over")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_a_file_that_reports_size_zero_is_still_cut_at_the_limit() -> None:
    # /proc files are regular, report st_size 0 and hold more: only limit + 1 bytes are read.
    with pytest.raises(ReadRefused, match="over the limit of 16 bytes"):
        read_limited(Path("/proc/self/maps"), 16)
