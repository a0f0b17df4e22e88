"""Step Functions API errors, named as AWS names them, so boto3 and the in-process client agree.

On the wire an error is `{"__type": "<Name>", "message": "..."}` with HTTP 400 (AWS JSON 1.0
protocol), which botocore turns into `client.exceptions.<Name>`; the in-process client raises
`SfnError` subclasses of the same names (`client.exceptions.ExecutionAlreadyExists`).
"""

from __future__ import annotations

from typing import Any

from flowdsl.diagnostics import FlowdslError, error


class SfnError(FlowdslError):
    """A Step Functions API error: `name` as AWS's `__type`, `message` as its text.

    `response` mirrors botocore's `ClientError.response`, so code written against boto3
    (`exc.response["Error"]["Code"]`) reads it the same way.
    """

    name = "ServiceError"

    def __init__(self, message: str, name: str | None = None) -> None:
        self.name = name or type(self).name
        self.message = message
        super().__init__([error("service-error", f"{self.name}: {message}")])
        self.response: dict[str, Any] = {"Error": {"Code": self.name, "Message": message}}


_CLASSES: dict[str, type[SfnError]] = {}


def error_class(name: str) -> type[SfnError]:
    """The `SfnError` subclass for one AWS error name (made once, then shared)."""
    cls = _CLASSES.get(name)
    if cls is None:
        cls = _CLASSES[name] = type(name, (SfnError,), {"name": name})
    return cls


def fail(name: str, message: str) -> SfnError:
    """An error of AWS's class `name` (`raise fail("ExecutionDoesNotExist", ...)`)."""
    return error_class(name)(message)


class Exceptions:
    """`client.exceptions`: `client.exceptions.TaskDoesNotExist` and so on, as boto3 has them."""

    ClientError = SfnError

    def __getattr__(self, name: str) -> type[SfnError]:
        if name.startswith("_"):
            raise AttributeError(name)
        return error_class(name)
