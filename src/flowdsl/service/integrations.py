"""Service integrations called for real, through boto3, against an AWS-compatible endpoint.

How Step Functions shapes a call and its result (AWS Developer Guide, "Integrating services
with Step Functions"); the per-service facts come from the integration registry
(`flowdsl.model.integrations`: the API operation, the error prefix and the `.sync` job of each
optimized integration, and each AWS SDK service's boto3 name and error prefix):

- optimized integrations (`arn:aws:states:::dynamodb:getItem`, `sqs:sendMessage`,
  `sns:publish`, `lambda:invoke`) return the API response plus `SdkHttpMetadata` and
  `SdkResponseMetadata`; `lambda:invoke` decodes `Payload` as JSON, and a function error
  fails the task with the function's `errorType`; errors are `<prefix>.<Code>`
  (`DynamoDB.ConditionalCheckFailedException`);
- `aws-sdk:<service>:<action>` returns the API response alone, and names errors
  `<Service>.<Error>Exception` in PascalCase (`DynamoDb.ResourceNotFoundException`);
- parameters are PascalCase, as boto3's (AWS "API naming conventions").
"""

from __future__ import annotations

import base64
import importlib
import json
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flowdsl.engine.errors import StateError
from flowdsl.model.integrations import Call, integration, parse_call
from flowdsl.model.integrations.jobs import JobField, SyncJob
from flowdsl.model.integrations.shapes import sdk_service

Json = Any


def _never() -> None:
    """The default `stop` check: never stops."""


def endpoint_session(endpoint: str, region: str) -> Any:
    """Clients for `endpoint`, one per service, made on first use (dummy credentials when none)."""
    try:
        session = importlib.import_module("boto3").session.Session()
    except ImportError:
        cause = "calling service integrations needs boto3: pip install 'flowdsl[aws]'"
        raise StateError("States.Runtime", cause) from None
    credentials = session.get_credentials()
    config = importlib.import_module("botocore.config").Config(retries={"max_attempts": 1})
    keys = {} if credentials else {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return _Clients(session, endpoint, region, config, keys)


class _Clients:
    """One boto3 client per service, made on first use (under a lock: sessions are not thread-safe)."""

    def __init__(self, session: Any, endpoint: str, region: str, config: Any, keys: dict[str, str]) -> None:
        self.session = session
        self.options = {"endpoint_url": endpoint, "region_name": region, "config": config, **keys}
        self.made: dict[str, Any] = {}
        self.lock = threading.Lock()

    def client(self, service: str) -> Any:
        with self.lock:
            if service not in self.made:
                self.made[service] = self.session.client(service, **self.options)
            return self.made[service]


def call(
    resource: str, parameters: Json, clients: Any, region: str, stop: Callable[[], None] = _never
) -> Json:
    """The task result of a Task whose Resource is `resource`, called through `clients`.

    A `.sync` (or `.sync:2`) Resource waits for the job it starts, polling the service as Step
    Functions does; `stop` is called between polls (it raises to end the wait).
    """
    target = _parse(resource)
    client, action = _client(target, clients)
    started = _call(target, client, action, parameters)
    if not target.pattern.startswith(".sync"):
        return started
    entry = None if target.sdk else integration(target.service, target.action)
    if entry is None or entry.sync_job is None:
        raise StateError("States.Runtime", f"'{resource}': flowdsl serve cannot wait for this job")
    asked = parameters if isinstance(parameters, dict) else {}
    return _wait(entry.sync_job, client, started, asked, stop, as_json=target.pattern == ".sync:2")


def _client(target: Call, clients: Any) -> tuple[Any, str]:
    """The boto3 client and the API action a call goes to (the registry's operation for an
    optimized integration: `states:startExecution` is the `sfn` SDK's, boto3's `stepfunctions`)."""
    name, action = target.service, target.action
    entry = None if target.sdk else integration(name, action)
    if entry is not None and entry.operation is not None:
        name, action = entry.operation
    service = sdk_service(name)
    return clients.client(service.botocore if service is not None else name), action


def _call(target: Call, client: Any, action: str, parameters: Json) -> Json:
    if target.is_lambda_invoke:
        return _lambda_invoke(parameters, client)
    method, operation = _operation(client, action, target.key)
    request = _aligned(
        operation.input_shape, parameters if isinstance(parameters, dict) else {}, texts=not target.sdk
    )
    try:
        response = method(**request)
    except Exception as exc:
        raise _failure(exc, target) from None
    return _shaped(_named(operation.output_shape, response), optimized=not target.sdk)


def _operation(client: Any, action: str, resource: str) -> tuple[Any, Any]:
    """The boto3 method and botocore operation model for an action (`getItem`, `describeDBInstances`)."""
    methods = {api.lower(): method for method, api in client.meta.method_to_api_mapping.items()}
    name = methods.get(action.lower())
    if name is None:
        raise StateError("States.Runtime", f"'{resource}': the service has no action '{action}'")
    api = client.meta.method_to_api_mapping[name]
    return getattr(client, name), client.meta.service_model.operation_model(api)


def _aligned(shape: Any, value: Json, *, texts: bool) -> Json:
    """Parameters as boto3 takes them: Step Functions' PascalCase names matched to the API's
    (`StateMachineArn` -> `stateMachineArn`); for optimized integrations a JSON value given
    for a string member is sent as its text (`MessageBody`, `Message`, `Input`)."""
    kind = getattr(shape, "type_name", None)
    if kind == "structure" and isinstance(value, dict):
        members = {name.lower(): (name, member) for name, member in shape.members.items()}
        out = {}
        for key, item in value.items():
            name, member = members.get(key.lower(), (key, None))
            out[name] = _aligned(member, item, texts=texts)
        return out
    if kind == "list" and isinstance(value, list):
        return [_aligned(shape.member, item, texts=texts) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _aligned(shape.value, item, texts=texts) for key, item in value.items()}
    if kind == "string" and texts and isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _named(shape: Any, value: Json) -> Json:
    """A response with its member names in PascalCase, as Step Functions returns them; map keys
    (DynamoDB attribute names, tags) are data and stay as they are."""
    kind = getattr(shape, "type_name", None)
    if kind == "structure" and isinstance(value, dict):
        return {
            (key[:1].upper() + key[1:] if key in shape.members else key): _named(shape.members.get(key), item)
            for key, item in value.items()
        }
    if kind == "list" and isinstance(value, list):
        return [_named(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _named(shape.value, item) for key, item in value.items()}
    return value


def invoke_function(function: str, payload: Json, clients: Any, region: str) -> Json:
    """A Task whose Resource is a Lambda function ARN: the function's own result."""
    request = {"FunctionName": function, "Payload": payload}
    return _lambda_invoke(request, clients.client("lambda"))["Payload"]


def _parse(resource: str) -> Call:
    target = parse_call(resource)
    if target is None:
        raise StateError("States.Runtime", f"'{resource}' is not a service integration this server can call")
    return target


def _lambda_invoke(parameters: Json, client: Any) -> Json:
    """lambda:invoke: the Payload goes as JSON and comes back decoded (AWS "Invoke Lambda")."""
    request = dict(parameters) if isinstance(parameters, dict) else {}
    payload = request.get("Payload", {})
    request["Payload"] = payload if isinstance(payload, str) else json.dumps(payload)
    try:
        response = client.invoke(**request)
    except Exception as exc:
        raise _failure(exc, Call("lambda", "invoke", "", sdk=False)) from None
    text = response["Payload"].read().decode()
    result = json.loads(text) if text else None
    if response.get("FunctionError"):
        error = result.get("errorType", "Error") if isinstance(result, dict) else "Error"
        raise StateError(error, json.dumps(result, separators=(",", ":")))
    shaped = _shaped({k: v for k, v in response.items() if k != "Payload"}, optimized=True)
    shaped["Payload"] = result
    shaped.setdefault("ExecutedVersion", "$LATEST")  # AWS always reports it; some emulators do not
    return dict(sorted(shaped.items()))


def _failure(exc: Exception, target: Call) -> StateError:
    code = getattr(exc, "response", {}).get("Error", {}).get("Code") if hasattr(exc, "response") else None
    if code is None:
        return StateError("States.TaskFailed", f"{type(exc).__name__}: {exc}")
    message = exc.response.get("Error", {}).get("Message", str(exc))  # type: ignore[attr-defined]
    code = code.split("#")[-1].split(".")[-1]
    if target.sdk:
        service = sdk_service(target.service)
        prefix = service.error_prefix if service is not None else _capitalised(target.service)
        return StateError(f"{prefix}.{code if code.endswith('Exception') else code + 'Exception'}", message)
    entry = integration(target.service, target.action)
    return StateError(f"{entry.errors if entry else _capitalised(target.service)}.{code}", message)


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _shaped(response: dict[str, Json], *, optimized: bool) -> dict[str, Json]:
    """The response as JSON: metadata as Step Functions' Java SDK writes it for optimized calls."""
    meta = response.pop("ResponseMetadata", {})
    out = {key: _json(value) for key, value in response.items()}
    if optimized:
        headers = {str(k): str(v) for k, v in meta.get("HTTPHeaders", {}).items()}
        out["SdkHttpMetadata"] = {
            "AllHttpHeaders": {k: [v] for k, v in headers.items()},
            "HttpHeaders": headers,
            "HttpStatusCode": meta.get("HTTPStatusCode", 200),
        }
        out["SdkResponseMetadata"] = {"RequestId": meta.get("RequestId", "")}
    return out


def _json(value: Json) -> Json:
    """boto3 values as JSON: datetimes as ISO text, bytes as base64, streams read."""
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    if hasattr(value, "read"):
        return value.read().decode(errors="replace")
    return value


_POLL_SECONDS = 0.2


def _wait(
    job: SyncJob, client: Any, started: Json, asked: Json, stop: Callable[[], None], *, as_json: bool
) -> Json:
    """Poll until the job ends: its description, or `States.TaskFailed` with it as the cause.

    `.sync:2` (states:startExecution) returns the child's `Input` and `Output` as JSON."""
    describe, operation = _operation(client, job.describe, job.describe)
    request = _aligned(operation.input_shape, _describe_request(job, started, asked), texts=False)
    while True:
        stop()
        response = _named(operation.output_shape, describe(**request))
        status = _dig(response, job.status)
        if status in job.succeeded or status in job.failed:
            break
        time.sleep(_POLL_SECONDS)
    described = _json(_dig(response, job.result) if job.result else _strip(response))
    if as_json:
        for field in ("Input", "Output"):
            if isinstance(described.get(field), str):
                described[field] = json.loads(described[field])
    if status in job.failed:
        raise StateError(
            "States.TaskFailed", json.dumps(described, ensure_ascii=False, separators=(",", ":"))
        )
    return described


def _describe_request(job: SyncJob, started: Json, asked: Json) -> dict[str, Json]:
    def value(spec: JobField) -> Json:
        found = _dig(started if spec.source == "started" else asked, spec.path)
        return [found] if spec.listed else found

    return {spec.parameter: value(spec) for spec in job.request}


def _dig(value: Json, path: tuple[str | int, ...]) -> Json:
    for step in path:
        value = value[step]
    return value


def _strip(response: dict[str, Json]) -> dict[str, Json]:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}
