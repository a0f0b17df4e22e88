"""Every command that writes a file goes through one guard: it never destroys what it did not write.

Covers compile, diagram, template -o, run --history and run --diagram: the source, foreign files,
symlinks (dangling too) and special files are refused unless `--force`; writes are atomic, so a
file-size limit, a full disk or a read-only folder leaves the old file intact with one diagnostic.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from flowdsl.cli.main import cli
from tests.cli.conftest import WriteFile

FLOW = """
from flowdsl import Pass, Workflow

workflow = Workflow("Flow", Pass("Start") >> Pass("Done"))
"""
ASL = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}\n'
PYPROJECT = '[project]\nname = "mine"\n'

# (command line before the output path, flag naming the output) for every writing command
WRITERS = {
    "compile": (["compile", "flow.py"], "-o"),
    "diagram": (["diagram", "flow.py"], "-o"),
    "template": (["template", "flow.py"], "-o"),
    "run-history": (["run", "flow.py"], "--history"),
    "run-diagram": (["run", "flow.py"], "--diagram"),
}
FOREIGN_CODE = {
    "compile": "output-not-asl",
    "diagram": "output-not-diagram",
    "template": "output-not-template",
    "run-history": "output-not-history",
    "run-diagram": "output-not-diagram",
}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def write_with(kind: str, target: str, *extra: str) -> Result:
    head, flag = WRITERS[kind]
    return invoke(*head, flag, target, *extra)


@pytest.fixture
def flow(write: WriteFile) -> Path:
    return write("flow.py", FLOW)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_the_source_is_never_overwritten(kind: str, flow: Path) -> None:
    before = flow.read_text()
    for extra in ((), ("--force",)):
        result = write_with(kind, "flow.py", *extra)
        assert result.exit_code == 1, result.output
        assert "refusing to overwrite the source file 'flow.py'" in result.stderr
    assert flow.read_text() == before


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_foreign_file_is_refused_then_replaced_with_force(kind: str, flow: Path) -> None:
    Path("pyproject.toml").write_text(PYPROJECT)
    result = write_with(kind, "pyproject.toml")
    assert result.exit_code == 1, result.output
    assert "refusing to overwrite 'pyproject.toml'" in result.stderr
    assert Path("pyproject.toml").read_text() == PYPROJECT
    assert write_with(kind, "pyproject.toml", "--force").exit_code in (0, 1)
    assert Path("pyproject.toml").read_text() != PYPROJECT


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_second_write_replaces_the_first(kind: str, flow: Path) -> None:
    assert write_with(kind, "out.file").exit_code == 0
    first = Path("out.file").read_text()
    result = write_with(kind, "out.file")
    assert result.exit_code == 0, result.stderr
    assert Path("out.file").read_text().split("\n")[0] == first.split("\n")[0]


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_link_to_another_file_is_refused(kind: str, flow: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "hand.asl.json").write_text(ASL)
    os.symlink(elsewhere / "hand.asl.json", "link.out")
    result = write_with(kind, "link.out")
    assert result.exit_code == 1
    assert "it is a symbolic link" in result.stderr
    assert (elsewhere / "hand.asl.json").read_text() == ASL


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_dangling_link_creates_nothing_outside(kind: str, flow: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "created.txt"
    outside.parent.mkdir()
    os.symlink(outside, "dangling.out")
    result = write_with(kind, "dangling.out")
    assert result.exit_code == 1
    assert "it is a symbolic link" in result.stderr
    assert not outside.exists()


def test_force_replaces_the_link_itself_not_its_target(flow: Path, tmp_path: Path) -> None:
    target = tmp_path / "hand.asl.json"
    target.write_text(ASL.replace('"A"', '"Mine"'))
    os.symlink(target, "link.asl.json")
    assert invoke("compile", "flow.py", "-o", "link.asl.json", "--force").exit_code == 0
    assert not Path("link.asl.json").is_symlink()
    assert '"Start"' in Path("link.asl.json").read_text()
    assert '"Mine"' in target.read_text()


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_fifo_is_refused_without_blocking(kind: str, flow: Path) -> None:
    os.mkfifo("pipe.out")
    result = write_with(kind, "pipe.out")
    assert result.exit_code == 1
    assert "it is not a regular file" in result.stderr


def test_a_directory_is_refused(flow: Path) -> None:
    Path("folder").mkdir()
    result = invoke("diagram", "flow.py", "-o", "folder")
    assert result.exit_code in (1, 2)
    assert Path("folder").is_dir()


def test_diagram_refuses_an_empty_file_it_did_not_write(flow: Path) -> None:
    Path("pkg").mkdir()
    Path("pkg/__init__.py").write_text("")
    result = invoke("diagram", "flow.py", "-o", "pkg/__init__.py")
    assert result.exit_code == 1
    assert "it is not a Mermaid flowchart" in result.stderr
    assert Path("pkg/__init__.py").read_text() == ""


def test_stdout_stays_for_dash(flow: Path) -> None:
    for command in ("compile", "diagram", "template"):
        result = invoke(command, "flow.py", "-o", "-")
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()
        assert not Path("-").exists()


def test_written_files_get_normal_permissions_and_no_temporaries(flow: Path) -> None:
    assert invoke("compile", "flow.py", "-o", "out.asl.json").exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert Path("out.asl.json").stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(p.name for p in Path().iterdir()) == ["flow.py", "out.asl.json"]


# A workflow whose ASL is larger than the file-size limit below.
BIG_FLOW = """
from flowdsl import Pass, Workflow

chain = Pass("Step number 0000 of many")
for i in range(1, 400):
    chain = chain >> Pass(f"Step number {i:04d} of many")
workflow = Workflow("Big", chain)
"""
_LIMITED = textwrap.dedent(
    """
    import resource, sys
    from flowdsl.cli.main import cli
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    sys.exit(cli.main(sys.argv[1:], prog_name="flowdsl"))
    """
)


def test_a_file_size_limit_leaves_the_old_file_intact(write: WriteFile) -> None:
    write("big.py", BIG_FLOW)
    Path("good.asl.json").write_text(ASL)
    command = [sys.executable, "-c", _LIMITED, "compile", "big.py", "-o", "good.asl.json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1, result.stderr
    assert "cannot write 'good.asl.json'" in result.stderr
    assert "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert Path("good.asl.json").read_text() == ASL
    assert sorted(p.name for p in Path().iterdir()) == ["big.py", "good.asl.json"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 KiB tmpfs (needs root and mount rights; skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_leaves_the_old_file_intact(write: WriteFile, tiny_disk: Path) -> None:
    write("big.py", BIG_FLOW.replace("400", "1500"))
    good = tiny_disk / "good.asl.json"
    good.write_text(ASL)
    result = invoke("compile", "big.py", "-o", str(good))
    assert result.exit_code == 1
    assert "no space left on device" in result.stderr
    assert good.read_text() == ASL
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["good.asl.json"]


def test_a_read_only_folder_is_a_diagnostic(write: WriteFile, tmp_path: Path) -> None:
    write("flow.py", FLOW)
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:
        mount = ["mount", "-t", "tmpfs", "-o", "ro,size=16k", "tmpfs", str(folder)]
        done = subprocess.run(mount, capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip("root without mount rights: cannot make a read-only folder")
    else:
        folder.chmod(0o555)
    try:
        for command in ("compile", "diagram"):
            result = invoke(command, "flow.py", "-o", str(folder / "x.out"))
            assert result.exit_code == 1, result.output
            assert "cannot write" in result.stderr
            assert "internal error" not in result.stderr
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(folder)], check=False)
        folder.chmod(0o755)


LONG_CHAIN = """
from flowdsl import Pass, Workflow

chain = Pass("S0")
for i in range(1, 600):
    chain = chain >> Pass(f"S{i}")
workflow = Workflow("Long", chain)
"""


def test_a_diagram_past_mermaids_edge_limit_is_written_with_a_warning(write: WriteFile) -> None:
    write("long.py", LONG_CHAIN)
    result = invoke("diagram", "long.py", "-o", "long.mmd")
    assert result.exit_code == 0
    assert "warning: the diagram has 601 edges, over Mermaid's default maxEdges of 500" in result.stderr
    assert "\nflowchart TD\n" in Path("long.mmd").read_text()
    write("flow.py", FLOW)
    assert "warning" not in invoke("diagram", "flow.py", "-o", "small.mmd").stderr
