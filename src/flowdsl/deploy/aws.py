"""The one place flowdsl talks to boto3: sessions, clients and AWS errors as one-line diagnostics.

boto3 is imported lazily so the rest of flowdsl works without the `aws` extra. The standard
AWS configuration applies unchanged: `AWS_PROFILE`/`--profile`, `AWS_REGION`/`AWS_DEFAULT_REGION`,
the shared config and credentials files, and `AWS_ENDPOINT_URL` (boto3 >= 1.28) which points
every client at a local moto server in the tests and docs.
"""

from __future__ import annotations

import importlib
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flowdsl.diagnostics import FlowdslError, error

T = TypeVar("T")

# Error codes AWS returns when the caller lacks a permission or its credentials are refused.
_DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "SignatureDoesNotMatch",
    }
)


@dataclass(frozen=True)
class Aws:
    """A configured session: its region, account, partition and a client factory.

    `propagation_attempts` / `propagation_delay` bound the retry while a new IAM role is not yet
    assumable (IAM is eventually consistent: AWS IAM User Guide, "Changes that I make are not
    always immediately visible").
    """

    session: Any
    region: str
    account: str
    partition: str
    propagation_attempts: int = 15
    propagation_delay: float = 2.0
    _clients: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def client(self, service: str) -> Any:
        """A boto3 client (one per service) with standard retries, so throttling is retried too."""
        if service not in self._clients:
            config = importlib.import_module("botocore.config").Config(
                retries={"mode": "standard", "max_attempts": 5}
            )
            self._clients[service] = self.session.client(service, config=config)
        return self._clients[service]


def connect(region: str | None = None, profile: str | None = None) -> Aws:
    """Open a session and check that a region and working credentials are configured."""
    boto3 = _import_boto3()
    try:
        # boto3 reads AWS_DEFAULT_REGION only; AWS_REGION is the variable the other AWS SDKs
        # (and the Lambda runtime) use, so honour it too (AWS SDKs and Tools Reference Guide,
        # "AWS Region").
        region = region or os.environ.get("AWS_REGION") or None
        session = boto3.session.Session(profile_name=profile, region_name=region)
    except _botocore_exceptions().ProfileNotFound:
        raise _fail("aws-profile-not-found", f"aws profile '{profile}' is not configured") from None
    if not session.region_name:
        raise _fail(
            "aws-no-region",
            "no aws region configured: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, "
            "or give the profile a region",
        )
    if session.get_credentials() is None:
        raise _fail(
            "aws-no-credentials",
            "no aws credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
            "pass --profile or run 'aws configure'",
        )
    with aws_errors("checking the aws credentials (sts get-caller-identity)"):
        identity = session.client("sts").get_caller_identity()
    partition = identity["Arn"].split(":")[1]
    return Aws(session, session.region_name, identity["Account"], partition)


def _import_boto3() -> Any:
    try:
        return importlib.import_module("boto3")
    except ImportError:
        message = (
            "boto3 is not installed: pip install 'flowdsl[aws]' (from a checkout: pip install -e '.[aws]')"
        )
        raise _fail("aws-missing-boto3", message) from None


def _botocore_exceptions() -> Any:
    """`botocore.exceptions`, imported on first use: boto3 is an optional dependency."""
    return importlib.import_module("botocore.exceptions")


@contextmanager
def aws_errors(action: str) -> Iterator[None]:
    """Turn botocore failures during `action` into one-line FlowdslErrors."""
    exceptions = _botocore_exceptions()
    try:
        yield
    except exceptions.ClientError as exc:
        code, message = error_code(exc), _message(exc)
        if code in _DENIED:
            raise _fail("aws-access-denied", f"access denied while {action}: {code}: {message}") from None
        raise _fail("aws-error", f"aws refused {action}: {code}: {message}") from None
    except exceptions.NoCredentialsError:
        raise _fail("aws-no-credentials", f"no aws credentials found while {action}") from None
    except exceptions.EndpointConnectionError as exc:
        raise _fail("aws-unreachable", f"cannot reach aws while {action}: {exc}") from None
    except exceptions.BotoCoreError as exc:
        raise _fail("aws-error", f"aws call failed while {action}: {exc}") from None


def error_code(exc: Any) -> str:
    """The AWS error code of a botocore ClientError (`AccessDenied`, `ResourceNotFoundException`)."""
    return str(exc.response.get("Error", {}).get("Code", ""))


def _message(exc: Any) -> str:
    text = str(exc.response.get("Error", {}).get("Message", "")) or str(exc)
    return " ".join(text.split()).rstrip(".")


def is_client_error(exc: BaseException, *codes: str) -> bool:
    """Whether `exc` is a botocore ClientError with one of `codes`."""
    return isinstance(exc, _botocore_exceptions().ClientError) and error_code(exc) in codes


def retry_while_role_propagates(aws: Aws, call: Callable[[], T]) -> T:
    """Run `call`, retrying (bounded) while AWS refuses a just-created role as not yet assumable.

    Lambda answers `InvalidParameterValueException` ("The role defined for the function cannot
    be assumed by Lambda") and Step Functions `AccessDeniedException` ("Neither the global
    service principal states.amazonaws.com, nor the regional one is authorized to assume the
    provided role") until the new role has propagated.
    """
    for attempt in range(aws.propagation_attempts):
        try:
            return call()
        except Exception as exc:
            last = attempt == aws.propagation_attempts - 1
            if last or not _role_not_ready(exc):
                raise
            time.sleep(aws.propagation_delay)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _role_not_ready(exc: BaseException) -> bool:
    if not is_client_error(exc, "InvalidParameterValueException", "AccessDeniedException"):
        return False
    text = _message(exc).lower()
    return "assume" in text or "role" in text


def _fail(code: str, message: str) -> FlowdslError:
    return FlowdslError([error(code, redact(message))])


# `scheme://user:secret@host`: credentials someone put in AWS_ENDPOINT_URL (or a proxy URL).
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/\s@]+@")


def redact(text: str) -> str:
    """`text` with the user:password part of every URL replaced by `***`, for messages."""
    return _USERINFO.sub(r"\g<scheme>***@", text)
