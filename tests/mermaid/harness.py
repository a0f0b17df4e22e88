"""The real Mermaid parser, driven from pytest: one long-lived node process, many diagrams.

`parse.mjs` (beside this file) loads the `mermaid` npm package pinned in `package.json` /
`package-lock.json` and answers one JSON line per diagram. The `mermaid_parser` fixture installs
those packages when `node_modules` is missing (`npm ci`), starts the process once per test
session and stops it at the end. Without node/npm the fixture skips with the reason, unless
`FLOWDSL_REQUIRE_MERMAID=1` (set by CI) turns that into a failure, so CI cannot go green by
silently skipping every diagram check.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest

HARNESS_DIR = Path(__file__).resolve().parent
SCRIPT = HARNESS_DIR / "parse.mjs"
MIN_NODE_MAJOR = 20
REQUIRE_ENV = "FLOWDSL_REQUIRE_MERMAID"
LOCK_FILE = Path(tempfile.gettempdir()) / "flowdsl-mermaid-npm.lock"
_STASH_KEY = pytest.StashKey["MermaidParser"]()


class HarnessUnavailableError(Exception):
    """node, npm or the npm packages are not available on this machine."""


@dataclass(frozen=True)
class Vertex:
    """A node as mermaid's flowchart database holds it after parsing."""

    id: str
    type: str | None
    text: str
    raw: str
    classes: tuple[str, ...]
    link: str | None
    callback: bool


@dataclass(frozen=True)
class Edge:
    """A link: `stroke` is "normal", "dotted" or "thick"; `text` its label as displayed."""

    start: str
    end: str
    text: str
    raw: str
    stroke: str
    type: str


@dataclass(frozen=True)
class Subgraph:
    """A subgraph with its title as displayed and the ids of the nodes it contains."""

    id: str
    title: str
    raw: str
    nodes: tuple[str, ...]
    classes: tuple[str, ...]


@dataclass(frozen=True)
class Graph:
    """What mermaid understood a flowchart to contain."""

    vertices: dict[str, Vertex]
    edges: list[Edge]
    subgraphs: dict[str, Subgraph]
    classes: dict[str, list[str]]
    tooltips: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Graph:
        return cls(
            vertices={v["id"]: _vertex(v) for v in data["vertices"]},
            edges=[
                Edge(e["start"], e["end"], e["text"] or "", e["raw"] or "", e["stroke"], e["type"])
                for e in data["edges"]
            ],
            subgraphs={s["id"]: _subgraph(s) for s in data["subgraphs"]},
            classes=data["classes"],
            tooltips=data["tooltips"],
        )


def _vertex(v: dict[str, Any]) -> Vertex:
    return Vertex(
        v["id"], v["type"], v["text"] or "", v["raw"] or "", tuple(v["classes"]), v["link"], v["callback"]
    )


def _subgraph(s: dict[str, Any]) -> Subgraph:
    return Subgraph(s["id"], s["title"] or "", s["raw"] or "", tuple(s["nodes"]), tuple(s["classes"]))


@dataclass(frozen=True)
class ParseResult:
    """The verdict on one diagram: `ok`, the diagram type, mermaid's error, the graph, the SVG."""

    ok: bool
    type: str | None = None
    error: str | None = None
    graph: Graph | None = field(default=None, repr=False)
    svg: str | None = field(default=None, repr=False)


class MermaidParser:
    """A running `node parse.mjs`: send Mermaid text, get mermaid's verdict back."""

    def __init__(self, launch: Callable[[], subprocess.Popen[str]]) -> None:
        self._launch = launch
        self._process = launch()

    def parse(self, text: str, *, render: bool = False) -> ParseResult:
        """Parse one diagram (and draw it to SVG if `render`); a bad diagram is `ok=False`."""
        if self._process.poll() is not None:
            # parse.mjs exits after a render that never settled (mermaid's render queue is stuck).
            self._process = self._launch()
        stdin, stdout = self._pipes()
        stdin.write(json.dumps({"text": text, "render": render}) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"mermaid parser exited (code {self._process.poll()})")
        reply = json.loads(line)
        graph = Graph.from_json(reply["graph"]) if reply.get("graph") else None
        return ParseResult(reply["ok"], reply.get("type"), reply.get("error"), graph, reply.get("svg"))

    def graph(self, text: str) -> Graph:
        """Parse a flowchart that must be valid; fails the test with mermaid's error otherwise."""
        result = self.parse(text)
        if not result.ok or result.graph is None:
            pytest.fail(f"mermaid rejected the diagram: {result.error}\n{text}")
        return result.graph

    def render(self, text: str) -> str:
        """Draw a diagram that must be valid to SVG, layout included; fails the test otherwise."""
        result = self.parse(text, render=True)
        if not result.ok or result.svg is None:
            pytest.fail(f"mermaid could not draw the diagram: {result.error}\n{text}")
        return result.svg

    def close(self) -> None:
        """Stop the node process (end of its stdin ends its read loop)."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise HarnessUnavailableError(f"'{name}' is not on PATH (needed to run the mermaid parser)")
    return path


def _check_node(node: str) -> None:
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    major = version.lstrip("v").split(".")[0]
    if not major.isdigit() or int(major) < MIN_NODE_MAJOR:
        raise HarnessUnavailableError(
            f"node {version or '?'} is too old; mermaid needs node >= {MIN_NODE_MAJOR}"
        )


def installed() -> bool:
    """Whether `node_modules` holds exactly the versions `package.json` pins."""
    pins = json.loads((HARNESS_DIR / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for package, version in pins.items():
        manifest = HARNESS_DIR / "node_modules" / package / "package.json"
        if not manifest.is_file() or json.loads(manifest.read_text(encoding="utf-8"))["version"] != version:
            return False
    return True


def install_packages() -> None:
    """`npm ci` the pinned packages into `tests/mermaid/node_modules` unless they are there.

    A lock keeps two test sessions on one machine from running `npm ci` (which first deletes
    `node_modules`) over each other.
    """
    with LOCK_FILE.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed():
            return
        npm = _tool("npm")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=HARNESS_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise HarnessUnavailableError(f"'npm ci' failed in {HARNESS_DIR}: {' / '.join(tail)}")


def start_parser() -> MermaidParser:
    """Install if needed, start `node parse.mjs` and check it answers."""
    node = _tool("node")
    _check_node(node)
    install_packages()

    def launch() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [node, str(SCRIPT)],
            cwd=HARNESS_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    parser = MermaidParser(launch)
    if not parser.parse("flowchart TD\n  a --> b\n").ok:
        parser.close()
        raise HarnessUnavailableError("the mermaid parser rejects a trivial flowchart")
    return parser


def _shared_parser(config: pytest.Config) -> MermaidParser:
    # One process per session even when several conftest files register the fixture.
    if _STASH_KEY not in config.stash:
        parser = start_parser()
        config.stash[_STASH_KEY] = parser
        config.add_cleanup(parser.close)
    return config.stash[_STASH_KEY]


@pytest.fixture(scope="session")
def mermaid_parser(request: pytest.FixtureRequest) -> MermaidParser:
    """The real Mermaid parser (node + the pinned `mermaid` package), shared by the session."""
    try:
        return _shared_parser(request.config)
    except HarnessUnavailableError as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"mermaid parser unavailable and {REQUIRE_ENV}=1: {exc}")
        pytest.skip(f"mermaid parser unavailable: {exc}")
