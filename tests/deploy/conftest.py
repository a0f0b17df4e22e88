"""Fixtures for the deploy tests: a local moto server, an AWS environment that can only reach it,
and throwaway handler modules.

The moto server runs as a subprocess on 127.0.0.1 with an ephemeral port. Every test gets a
fresh, reset server state and an environment with dummy credentials and empty AWS config
files, so no real account or profile can ever be used.
"""

from __future__ import annotations

import importlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

STARTUP_SECONDS = 60.0
REGION = "us-east-1"


@pytest.fixture(scope="session")
def moto_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a moto server started for this test session (stopped at the end)."""
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    # moto's Step Functions interpreter calls Lambda back on http://localhost:$MOTO_PORT, which
    # moto_server sets from `-p`; so the port is chosen here (free a moment ago) rather than `-p 0`.
    port = _free_port()
    env = {"PATH": "/usr/bin:/bin", "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}
    with log.open("w") as out:
        command = [*_moto_command(), "-H", "127.0.0.1", "-p", str(port)]
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_server(process, url, log)
        # Lambda without Docker (returns queued results, else echoes the payload) and Step
        # Functions that really execute definitions: see moto's docs for both settings.
        config = {"lambda": {"use_docker": False}, "stepfunctions": {"execute_state_machine": True}}
        _post(f"{url}/moto-api/config", config)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _moto_command() -> list[str]:
    script = Path(sys.executable).with_name("moto_server")
    return [str(script)] if script.exists() else [sys.executable, "-m", "moto.server"]


def _wait_for_server(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"moto_server exited with {process.returncode}: {log.read_text()}")
        if _answers(url):
            return
        time.sleep(0.1)
    pytest.fail(f"moto_server did not start within {STARTUP_SECONDS:g} s: {log.read_text()}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=2):
            return True
    except OSError:
        return False


def _post(url: str, body: object) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


@pytest.fixture
def aws_env(moto_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point boto3 at the (reset) moto server with dummy credentials; returns the server URL."""
    _post(f"{moto_url}/moto-api/reset", {})
    isolate_aws_config(tmp_path, monkeypatch)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", REGION)
    return moto_url


def isolate_aws_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No AWS variables, empty config/credentials files, no instance metadata lookups."""
    for variable in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
    ):
        monkeypatch.delenv(variable, raising=False)
    for variable, name in (
        ("AWS_CONFIG_FILE", "aws-config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "aws-credentials"),
    ):
        empty = tmp_path / name
        empty.write_text("")
        monkeypatch.setenv(variable, str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def queue_lambda_results(aws_env: str) -> Callable[[list[object]], None]:
    """Queue the payloads moto's Docker-free Lambda returns, one per invocation, in order."""

    def queue(results: list[object]) -> None:
        body = {"results": [json.dumps(result) for result in results], "region": REGION}
        _post(f"{aws_env}/moto-api/static/lambda-simple/response", body)

    return queue


@pytest.fixture
def no_aws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An environment with no AWS configuration at all (no region, no credentials)."""
    isolate_aws_config(tmp_path, monkeypatch)


ModuleMaker = Callable[..., ModuleType]


@pytest.fixture
def make_module(tmp_path: Path) -> Iterator[ModuleMaker]:
    """Write modules under `tmp_path` and import one: `make_module("lambdas/open_case.py", {...})`.

    `files` maps paths (relative to tmp_path) to source text; the module named by `path` is
    imported with its import root on sys.path, and everything imported is forgotten afterwards.
    """
    added: list[str] = []
    before = set(sys.modules)

    def make(path: str, files: dict[str, str]) -> ModuleType:
        for relative, text in files.items():
            target = tmp_path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        parts = Path(path).with_suffix("").parts
        if (tmp_path / parts[0] / "__init__.py").exists():
            root, dotted = tmp_path, parts
        else:
            root, dotted = tmp_path / parts[0], parts[1:]
        sys.path.insert(0, str(root))
        added.append(str(root))
        importlib.invalidate_caches()
        return importlib.import_module(".".join(dotted))

    yield make
    for entry in added:
        sys.path.remove(entry)
    for name in set(sys.modules) - before:
        del sys.modules[name]
