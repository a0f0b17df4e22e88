"""The Step Functions wire protocol (AWS JSON 1.0) on the standard library's HTTP server.

A request is `POST /` with `X-Amz-Target: AWSStepFunctions.<Action>` and a JSON body; the
response is the action's JSON (timestamps as epoch seconds), or HTTP 400 with
`{"__type": "<Error>", "message": "..."}`, which botocore raises as
`client.exceptions.<Error>`. Signatures are not checked: this is a development server.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from flowdsl.service.client import OPERATIONS
from flowdsl.service.core import Service
from flowdsl.service.errors import SfnError

Json = Any
TARGET_PREFIX = "AWSStepFunctions."
_CONTENT_TYPE = "application/x-amz-json-1.0"


def operation_name(action: str) -> str:
    """`StartExecution` -> `start_execution` (boto3's name)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def handle(service: Service, target: str, body: bytes) -> tuple[int, Json]:
    """The HTTP status and JSON response for one request."""
    action = target.removeprefix(TARGET_PREFIX)
    name = operation_name(action)
    if not target.startswith(TARGET_PREFIX) or name not in OPERATIONS:
        return 400, {"__type": "UnknownOperationException", "message": f"Unknown operation '{target}'"}
    try:
        params = json.loads(body or b"{}")
        if not isinstance(params, dict):
            raise ValueError("the request body is not a JSON object")
    except ValueError as exc:
        return 400, {"__type": "SerializationException", "message": str(exc)}
    try:
        return 200, service.call(name, params)
    except SfnError as exc:
        return 400, {"__type": exc.name, "message": exc.message}


def _encode(value: Json) -> Json:
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"{type(value).__name__} is not JSON")


class _Handler(BaseHTTPRequestHandler):
    server: StepFunctionsServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # One small response per request: without this, Nagle's algorithm and the client's
        # delayed ACK hold every response back ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        try:
            status, response = handle(self.server.service, self.headers.get("X-Amz-Target", ""), body)
        except Exception as exc:  # a bug here must not hang the SDK: AWS's 500 shape
            status, response = 500, {"__type": "InternalFailure", "message": f"flowdsl: {exc!r}"}
        data = json.dumps(response, default=_encode, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", _CONTENT_TYPE)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class StepFunctionsServer(ThreadingHTTPServer):
    """`StepFunctionsServer(("127.0.0.1", 0), service)`: serves until `shutdown()`."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: Service, *, verbose: bool = False) -> None:
        super().__init__(address, _Handler)
        self.service = service
        self.verbose = verbose

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> threading.Thread:
        """Serve on a daemon thread (for tests and the pytest fixture)."""
        thread = threading.Thread(target=self.serve_forever, name="flowdsl serve", daemon=True)
        thread.start()
        return thread
