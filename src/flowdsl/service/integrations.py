"""Service integrations called for real, through boto3, against an AWS-compatible endpoint.

The one place that knows how Step Functions shapes a call and its result per service
(AWS Developer Guide, "Integrating services with Step Functions"); kept together so it can
be folded into the integration registry:

- optimized integrations (`arn:aws:states:::dynamodb:getItem`, `sqs:sendMessage`,
  `sns:publish`, `lambda:invoke`) return the API response plus `SdkHttpMetadata` and
  `SdkResponseMetadata`; `lambda:invoke` decodes `Payload` as JSON, and a function error
  fails the task with the function's `errorType`;
- `aws-sdk:<service>:<action>` returns the API response alone, and names errors
  `<Service>.<Error>Exception` in PascalCase (`DynamoDb.ResourceNotFoundException`);
- parameters are PascalCase, as boto3's (AWS "API naming conventions").
"""

from __future__ import annotations

import base64
import importlib
import json
import re
from datetime import datetime
from typing import Any

from flowdsl.engine.errors import StateError

Json = Any
_PREFIX = "arn:aws:states:::"
# The service names optimized integrations put in front of an error (AWS Developer Guide pages
# for each integration: "DynamoDB.ConditionalCheckFailedException", "Lambda.ServiceException").
_OPTIMIZED = {
    "dynamodb": "DynamoDB",
    "sqs": "SQS",
    "sns": "SNS",
    "lambda": "Lambda",
    "states": "StepFunctions",
}
# aws-sdk error prefixes: the SDK's PascalCase service name where it is not just capitalised.
_SDK_NAMES = {"dynamodb": "DynamoDb", "sfn": "Sfn", "stepfunctions": "Sfn", "ec2": "Ec2", "acmpca": "AcmPca"}
# aws-sdk service names that boto3 spells differently.
_BOTO_NAMES = {"sfn": "stepfunctions"}
# Fields an optimized integration accepts as JSON and sends as its text (AWS Developer Guide,
# "Send messages to Amazon SQS": "MessageBody ... as JSON"; "Amazon SNS": "Message").
_TEXT_FIELDS = {("sqs", "sendMessage"): "MessageBody", ("sns", "publish"): "Message"}
_SUFFIX = re.compile(r"\.(sync(:2)?|waitForTaskToken)$")


def endpoint_session(endpoint: str, region: str) -> Any:
    """Clients for `endpoint`, one per service, made on first use (dummy credentials when none)."""
    session = importlib.import_module("boto3").session.Session()
    credentials = session.get_credentials()
    config = importlib.import_module("botocore.config").Config(retries={"max_attempts": 1})
    keys = {} if credentials else {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return _Clients(session, endpoint, region, config, keys)


class _Clients:
    def __init__(self, session: Any, endpoint: str, region: str, config: Any, keys: dict[str, str]) -> None:
        self.session, self.endpoint, self.region, self.config, self.keys = (
            session,
            endpoint,
            region,
            config,
            keys,
        )
        self.made: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self.made:
            self.made[service] = self.session.client(
                service, endpoint_url=self.endpoint, region_name=self.region, config=self.config, **self.keys
            )
        return self.made[service]


def call(resource: str, parameters: Json, clients: Any, region: str) -> Json:
    """The task result of a Task whose Resource is `resource`, called through `clients`."""
    service, action, sdk = _parse(resource)
    if not sdk and service == "lambda" and action == "invoke":
        return _lambda_invoke(parameters, clients)
    method = _method(clients.client(_BOTO_NAMES.get(service, service)), action, resource)
    request = dict(parameters) if isinstance(parameters, dict) else {}
    text_field = None if sdk else _TEXT_FIELDS.get((service, action))
    if text_field and not isinstance(request.get(text_field, ""), str):
        request[text_field] = json.dumps(request[text_field], ensure_ascii=False, separators=(",", ":"))
    try:
        response = method(**request)
    except Exception as exc:
        raise _failure(exc, service, sdk) from None
    return _shaped(response, optimized=not sdk)


def invoke_function(function: str, payload: Json, clients: Any, region: str) -> Json:
    """A Task whose Resource is a Lambda function ARN: the function's own result."""
    return _lambda_invoke({"FunctionName": function, "Payload": payload}, clients)["Payload"]


def _parse(resource: str) -> tuple[str, str, bool]:
    if not resource.startswith(_PREFIX):
        raise StateError("States.Runtime", f"'{resource}' is not a service integration this server can call")
    parts = _SUFFIX.sub("", resource[len(_PREFIX) :]).split(":")
    if parts[0] == "aws-sdk" and len(parts) == 3:
        return parts[1], parts[2], True
    if len(parts) == 2:
        return parts[0], parts[1], False
    raise StateError("States.Runtime", f"'{resource}' is not a service integration this server can call")


def _method(client: Any, action: str, resource: str) -> Any:
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
    method = getattr(client, name, None)
    if method is None:
        raise StateError("States.Runtime", f"'{resource}': the service has no action '{action}'")
    return method


def _lambda_invoke(parameters: Json, clients: Any) -> Json:
    """lambda:invoke: the Payload goes as JSON and comes back decoded (AWS "Invoke Lambda")."""
    request = dict(parameters) if isinstance(parameters, dict) else {}
    payload = request.get("Payload", {})
    request["Payload"] = payload if isinstance(payload, str) else json.dumps(payload)
    try:
        response = clients.client("lambda").invoke(**request)
    except Exception as exc:
        raise _failure(exc, "lambda", False) from None
    text = response["Payload"].read().decode()
    result = json.loads(text) if text else None
    if response.get("FunctionError"):
        error = result.get("errorType", "Error") if isinstance(result, dict) else "Error"
        raise StateError(error, json.dumps(result, separators=(",", ":")))
    shaped = _shaped({k: v for k, v in response.items() if k != "Payload"}, optimized=True)
    shaped["Payload"] = result
    shaped.setdefault("ExecutedVersion", "$LATEST")  # AWS always reports it; some emulators do not
    return dict(sorted(shaped.items()))


def _failure(exc: Exception, service: str, sdk: bool) -> StateError:
    code = getattr(exc, "response", {}).get("Error", {}).get("Code") if hasattr(exc, "response") else None
    if code is None:
        return StateError("States.TaskFailed", f"{type(exc).__name__}: {exc}")
    message = exc.response.get("Error", {}).get("Message", str(exc))  # type: ignore[attr-defined]
    code = code.split("#")[-1].split(".")[-1]
    if sdk:
        prefix = _SDK_NAMES.get(service, service[:1].upper() + service[1:])
        return StateError(f"{prefix}.{code if code.endswith('Exception') else code + 'Exception'}", message)
    return StateError(f"{_OPTIMIZED.get(service, service)}.{code}", message)


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
