"""A headless Chromium driven over the DevTools protocol, with nothing but the standard library.

Chromium is started with `--remote-debugging-pipe`: it reads protocol messages (JSON, each ended
by a NUL byte) from file descriptor 3 and writes its replies and events to descriptor 4, so no
port is opened, nothing listens on the network and no websocket client is needed. That is why
this is not playwright: playwright's protocol client is pinned to its own browser builds, while
the pipe works with the Debian `chromium` package as installed (`apt-get install chromium`),
costs no dependency, and every page here is a local file rendered with the network switched off.

    with Chromium.start() as browser:
        page = browser.page()
        page.open(Path("diagram.html"))
        page.evaluate("document.title")
        page.screenshot(Path("shot.png"))
        page.problems()   # console errors, uncaught exceptions, dialogs the page opened
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

# The switches the brief asks for: no sandbox (root in a container), no GPU, no background
# traffic of any kind (component updates, sync, QUIC probes), and every host name resolving to
# nothing, so a page that tried to load something from the network would fail visibly.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
    "--hide-scrollbars",
    "--font-render-hinting=none",
)
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 30.0
_HIGH_FD = 10


class ChromiumError(Exception):
    """Chromium is missing, did not start, or answered a command with an error."""


def find_chromium() -> str | None:
    """The Chromium executable on PATH (Debian's package installs /usr/bin/chromium)."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if path is not None:
            return path
    return None


@dataclass
class _Pipe:
    """The two ends flowdsl keeps: commands go to `write`, replies and events come from `read`."""

    write: int
    read: int
    buffer: bytes = b""

    def send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self.write, data) :]

    def receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.read], [], [], left)[0]:
                raise ChromiumError("chromium did not answer in time")
            chunk = os.read(self.read, 1 << 20)
            if not chunk:
                raise ChromiumError("chromium closed the DevTools pipe (it exited)")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        reply: dict[str, Any] = json.loads(message)
        return reply


class Chromium:
    """One headless Chromium process with a fresh profile, stopped by `close()`."""

    def __init__(self, process: subprocess.Popen[bytes], pipe: _Pipe, profile: Path) -> None:
        self._process = process
        self._pipe = pipe
        self._profile = profile
        self._ids = iter(range(1, 1 << 62))
        self._events: list[dict[str, Any]] = []

    @classmethod
    def start(cls, executable: str | None = None) -> Chromium:
        path = executable or find_chromium()
        if path is None:
            raise ChromiumError(f"no Chromium on PATH (looked for {', '.join(CANDIDATES)})")
        profile = Path(tempfile.mkdtemp(prefix="flowdsl-chromium-"))
        to_child, from_child = os.pipe(), os.pipe()
        # The child must find its ends at exactly 3 and 4: move them out of the way first.
        child_read, child_write = (
            fcntl.fcntl(fd, fcntl.F_DUPFD, _HIGH_FD) for fd in (to_child[0], from_child[1])
        )

        def ends_at_3_and_4() -> None:
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        command = [path, *FLAGS, f"--user-data-dir={profile}", "about:blank"]
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, child_read, child_write),
            preexec_fn=ends_at_3_and_4,  # noqa: PLW1509 - only dup2, before exec
        )
        for fd in (to_child[0], from_child[1], child_read, child_write):
            os.close(fd)
        browser = cls(process, _Pipe(to_child[1], from_child[0]), profile)
        try:
            browser.command("Browser.getVersion")
        except ChromiumError:
            browser.close()
            raise
        return browser

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def command(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one protocol command and wait for its result (events seen meanwhile are kept)."""
        message_id = next(self._ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        self._pipe.send(message)
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._pipe.receive(deadline)
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise ChromiumError(f"{method}: {reply['error'].get('message')}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._see(reply)

    def wait_event(self, method: str, session: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The first not yet consumed event `method` of `session`, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self._events):
                if event["method"] == method and event.get("sessionId") == session:
                    del self._events[index]
                    return event
            self._see(self._pipe.receive(deadline))

    def events(self, session: str) -> list[dict[str, Any]]:
        """Every event of `session` received so far (without consuming them)."""
        with contextlib.suppress(ChromiumError):
            self.command("Browser.getVersion")  # flush what is in flight
        return [event for event in self._events if event.get("sessionId") == session]

    def page(self, width: int = 1280, height: int = 900) -> Page:
        """A new tab of `width` x `height` CSS pixels with the network off."""
        target = self.command("Target.createTarget", url="about:blank")["targetId"]
        session = self.command("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        page.setup(width, height)
        return page

    def close(self) -> None:
        with contextlib.suppress(ChromiumError, OSError):
            self._pipe.send({"id": next(self._ids), "method": "Browser.close", "params": {}})
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._pipe.write, self._pipe.read):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _see(self, message: dict[str, Any]) -> None:
        if message.get("method") == "Page.javascriptDialogOpening":
            # Dismiss it, or the page blocks; the event stays recorded as a problem.
            self._pipe.send(
                {
                    "id": next(self._ids),
                    "method": "Page.handleJavaScriptDialog",
                    "params": {"accept": False},
                    "sessionId": message.get("sessionId"),
                }
            )
        if "method" in message:
            self._events.append(message)


@dataclass
class Page:
    """One tab: open a local file, evaluate JavaScript, take screenshots, list what went wrong."""

    browser: Chromium
    session: str

    def setup(self, width: int, height: int) -> None:
        for domain in ("Page", "Runtime", "Log", "Network"):
            self._command(f"{domain}.enable")
        self._command(
            "Network.emulateNetworkConditions",
            offline=True,
            latency=0,
            downloadThroughput=-1,
            uploadThroughput=-1,
        )
        self._command(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def open(self, path: Path, ready: str = "document.readyState === 'complete'") -> None:
        """Load a local file and wait until `ready` (a JavaScript expression) holds."""
        url = path.resolve().as_uri()
        self._command("Page.navigate", url=url)
        self.wait_for(ready)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression (promises awaited); a thrown error raises."""
        reply = self._command(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            raise ChromiumError(f"{expression[:60]!r} threw: {details.get('exception', details)}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = TIMEOUT) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise ChromiumError(f"timed out waiting for {expression!r}")
            time.sleep(0.05)

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        """A PNG of the page (all of it with `full_page`), written to `path`."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            width, height = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        data = self._command("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, failed loads and dialogs, as text."""
        return [text for event in self.browser.events(self.session) if (text := _problem(event))]

    def _command(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.command(method, self.session, **params)


def _problem(event: dict[str, Any]) -> str | None:
    method, params = event["method"], event.get("params", {})
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
        texts = [str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])]
        return f"console.{params['type']}: {' '.join(texts)}"
    if method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        return f"uncaught: {details.get('exception', {}).get('description', details.get('text'))}"
    if method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
        return f"log: {params['entry'].get('text')}"
    if method == "Page.javascriptDialogOpening":
        return f"dialog {params.get('type')}: {params.get('message')}"
    if method == "Network.loadingFailed" and not params.get("canceled"):
        return f"load failed: {params.get('errorText')}"
    return None
