"""Calling a Python handler the way AWS Lambda calls it, and reporting its errors the way Lambda does."""

from __future__ import annotations

import json
import json.encoder
import os
import traceback
from typing import Any

from flowdsl.engine.errors import StateError, too_large
from flowdsl.engine.plain import NotPlainError, plain_copy
from flowdsl.engine.worker import INTERRUPTS, HandlerTimeout, call_within
from flowdsl.source import Handler

Json = Any
_ENGINE = os.path.dirname(__file__)
# Step Functions' payload quota: "256 KiB of data as a UTF-8 encoded string" (AWS docs,
# "Step Functions service quotas"); a bigger result fails with States.DataLimitExceeded.
PAYLOAD_LIMIT = 256 * 1024
_DEFAULT_TIMEOUT_MS = 3_000  # Lambda's default function timeout
# Lambda's maximum function timeout (15 minutes): the wall-clock bound on a local handler call
# when the Task sets no TimeoutSeconds (AWS's default of 99999999 s would be no bound at all).
MAX_HANDLER_SECONDS = 900.0
# One encoder for every result and every execution input: `json.dumps` with options builds a
# new one per call, and `JSONEncoder.encode` a new C encoder per call.
_MARSHAL = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
# The C encoder JSONEncoder runs, None without the C accelerator (typeshed does not declare it).
_C_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)


def _fast_encoder(base: json.JSONEncoder) -> Any:
    """The C encoder `base.encode` builds on every call, built once and without its
    circular-reference check (a cycle then recurses until RecursionError). It writes the same
    text in half the time. None without the C accelerator."""
    if _C_ENCODER is None:
        return None
    return _C_ENCODER(
        None,  # markers: no cycle check
        base.default,
        json.encoder.encode_basestring,  # as `base.encode` picks it for ensure_ascii=False
        base.indent,
        base.key_separator,
        base.item_separator,
        base.sort_keys,
        base.skipkeys,
        base.allow_nan,
    )


_FAST = _fast_encoder(_MARSHAL)


def encode(value: Json) -> str:
    """`value` as JSON text, as `_MARSHAL.encode` writes it (non-ASCII kept, NaN refused), by the
    C encoder built once. That one does not look for cycles, so on any failure the value is
    encoded again by `_MARSHAL`, to raise what it raises ("Circular reference detected")."""
    if _FAST is not None:
        try:
            return "".join(_FAST(value, 0))
        except (TypeError, ValueError, RecursionError):
            pass
    return _MARSHAL.encode(value)


class LambdaContext:
    """The `context` argument of a Lambda handler (the attributes the Python runtime documents)."""

    def __init__(
        self, function_name: str, region: str, account: str, request_id: str, timeout_ms: int
    ) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{account}:function:{function_name}"
        self.memory_limit_in_mb = 128
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "flowdsl-local"
        self.identity = None
        self.client_context = None
        self.elapsed = 0.0
        self._timeout_ms = timeout_ms

    def get_remaining_time_in_millis(self) -> int:
        """The time left before the function would time out, on the virtual clock."""
        return max(0, self._timeout_ms - int(self.elapsed * 1000))

    def advance(self, seconds: float) -> None:
        """flowdsl extension: declare that this invocation took `seconds` more of virtual time.

        A handler run locally takes no virtual time; calling this lets tests exercise a
        Task's `TimeoutSeconds` (the Task fails with States.Timeout when the total reaches it).
        """
        self.elapsed += seconds


def invoke(
    handler: Handler, event: Json, context: LambdaContext, resource: str, seconds: float = MAX_HANDLER_SECONDS
) -> tuple[Json, int]:
    """Run `handler` on a private copy of `event`: its result, decoded again, and the result's size in
    bytes; or a Lambda-style StateError, States.DataLimitExceeded for a result over Step
    Functions' 256 KiB quota. A handler still running after `seconds` of wall-clock time raises
    `HandlerTimeout` (see `worker.call_within`).

    The event and result cross a JSON boundary as on AWS, so a handler cannot change the
    execution's data by mutation, and a result JSON cannot hold fails as it does on Lambda.
    """
    request_id = context.aws_request_id
    copy = private(event)
    try:
        result = call_within(handler, min(seconds, MAX_HANDLER_SECONDS), copy, context)
    except (*INTERRUPTS, StateError, HandlerTimeout):
        # Ctrl-C stops the local run (and a deadline an enclosing handler's call); a StateError
        # is flowdsl's own verdict on the call (a `--check-types` mismatch) and HandlerTimeout
        # the Task's own timeout: none of them is the function's error
        raise
    except BaseException as exc:  # SystemExit & co. end a Lambda runtime: Runtime.ExitError
        raise lambda_failure(exc, request_id) from None
    copy, text = marshalled(result, request_id)
    size = text_size(text)
    if size > PAYLOAD_LIMIT:
        # Over Step Functions' quota the task fails, and a `States.ALL` Catcher takes it (see
        # `errors.matches`); `resource` is what AWS names in the cause: the Lambda ARN, or the
        # service (`lambda`) of an integration.
        raise too_large(resource, in_all=True)
    return copy, size


def private(value: Json, text: str | None = None) -> Json:
    """A copy of `value` as decoding its JSON `text` gives it, without decoding when it is
    plain JSON (`plain.py`); `text` defaults to the value's JSON."""
    try:
        return plain_copy(value)
    except (NotPlainError, RecursionError):
        return json.loads(json.dumps(value) if text is None else text)


def marshalled(result: Json, request_id: str | None = None) -> tuple[Json, str]:
    """A private copy of a handler's result (see `private`) and its JSON text (see `marshal`)."""
    try:
        copy = plain_copy(result)
    except (NotPlainError, RecursionError):
        text = marshal(result, request_id)
        return json.loads(text), text
    return copy, marshal(copy, request_id)


def marshal(result: Json, request_id: str | None = None) -> str:
    """A handler's result as JSON text, or the Python runtime's `Runtime.MarshalError`.

    NaN and infinities are refused: they are not JSON (RFC 8259 section 6), so no Step
    Functions payload can carry them, and a value nested deeper than Python can encode is
    refused the same way rather than crashing the run. So is a lone surrogate (`"\\ud800"`):
    it is not Unicode text, which an execution's input may not hold either (`input-not-json`).
    """
    try:
        text = encode(result)
        if not text.isascii():
            text.encode()  # UnicodeEncodeError (a ValueError) on a lone surrogate
    except (TypeError, ValueError, RecursionError) as exc:
        message = f"Unable to marshal response: {exc}"
        raise _function_error("Runtime.MarshalError", message, [], request_id) from None
    return text


def lambda_failure(exc: BaseException, request_id: str | None = None) -> StateError:
    """The ASL error for an unhandled exception: error = class name, cause = Lambda's error JSON
    (with the invocation's `requestId` when there is one, as LocalStack's AWS-validated
    snapshot `test_task_lambda` records it).

    An exception that is not an `Exception` (`SystemExit`, `GeneratorExit`) gets past the
    Python runtime's handler and ends the runtime process, which Lambda reports as
    `Runtime.ExitError` ("Runtime exited with error: exit status N").
    """
    if not isinstance(exc, Exception):
        message = f"Runtime exited with error: exit status {_status(exc)}"
        if request_id is not None:
            message = f"RequestId: {request_id} Error: {message}"
        cause = {"errorType": "Runtime.ExitError", "errorMessage": message}
        return StateError("Runtime.ExitError", json.dumps(cause, ensure_ascii=False))
    # The engine's frames (the call through `invoke`, its worker thread, a mock's call) are ours,
    # not the handler's: Lambda's stackTrace starts in the function's code.
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.dirname(f.filename) != _ENGINE]
    stack = traceback.format_list(frames)
    return _function_error(type(exc).__name__, _message(exc), stack, request_id)


def _message(exc: BaseException) -> str:
    """`str(exc)`, or what Python's own traceback prints when that raises."""
    try:
        return str(exc)
    except Exception:  # a broken __str__ is the handler's bug, not the run's
        return "<exception str() failed>"


def _status(exc: BaseException) -> int:
    """The process exit status an uncaught exception gives: `sys.exit(n)`'s `n`, else 1."""
    if isinstance(exc, SystemExit):
        code = exc.code
        return 0 if code is None else code if isinstance(code, int) else 1
    return 1


def _function_error(error_type: str, message: str, stack: list[str], request_id: str | None) -> StateError:
    cause: dict[str, Json] = {"errorMessage": message, "errorType": error_type}
    if request_id is not None:
        cause["requestId"] = request_id
    cause["stackTrace"] = stack
    return StateError(error_type, json.dumps(cause, ensure_ascii=False))


def compacted(failure: StateError) -> StateError:
    """`failure` with its Lambda error JSON cause written compactly, as the `lambda:invoke`
    integration reports it (other causes are kept)."""
    try:
        cause = json.loads(failure.cause or "")
    except json.JSONDecodeError:
        return failure
    if not isinstance(cause, dict):
        return failure
    text = json.dumps(cause, ensure_ascii=False, separators=(",", ":"))
    return StateError(failure.error, text, in_all=failure.in_all)


def payload_size(value: Json) -> int:
    """The size of a JSON value as Step Functions counts it: UTF-8 bytes of its (compact) text."""
    return text_size(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def text_size(text: str) -> int:
    """UTF-8 bytes of a JSON text (ASCII text, the usual case, is not encoded to count)."""
    return len(text) if text.isascii() else len(text.encode())


def timeout_ms(seconds: float | None) -> int:
    return int(seconds * 1000) if seconds else _DEFAULT_TIMEOUT_MS


def invoke_response(payload: Json, request_id: str) -> dict[str, Json]:
    """The result of `arn:aws:states:::lambda:invoke`: the Invoke API response around the payload."""
    headers = {
        "Connection": "keep-alive",
        "Content-Type": "application/json",
        "X-Amz-Executed-Version": "$LATEST",
        "x-amzn-Remapped-Content-Length": "0",
        "x-amzn-RequestId": request_id,
    }
    return {
        "ExecutedVersion": "$LATEST",
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {name: [value] for name, value in headers.items()},
            "HttpHeaders": headers,
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": 200,
    }
