"""Errors raised while parsing and evaluating paths, intrinsic functions, JSONata and payload templates."""

from __future__ import annotations

from typing import ClassVar


class ExpressionSyntaxError(Exception):
    """A path, intrinsic function call or JSONata expression that cannot be parsed.

    `message` says why, `position` is the 0-based offset of the problem in `text`, `code` the
    kind of problem where the parser names one (a diagnostic code, or JSONata's error code).
    """

    language: ClassVar[str]
    """What `text` is, for the exception's text: `path`, `intrinsic function call`."""

    def __init__(self, message: str, text: str, position: int, code: str = "") -> None:
        self.message = message
        self.text = text
        self.position = position
        self.code = code
        super().__init__(self.summary())

    def summary(self) -> str:
        """The exception's text: `invalid path '$.a[': ... at position 4`."""
        return f"invalid {self.language} '{self.text}': {self.message} at position {self.position}"


class AslRuntimeError(Exception):
    """A failure the engine reports as an ASL error: `error` is the name a Catch/Retry matches
    (`States.Runtime`, `States.ResultPathMatchFailure`, `States.QueryEvaluationError`, ...), `cause`
    the human text.

    Causes hold AWS's wording for the failure itself; AWS prefixes them with
    "An error occurred while executing the state 'NAME' (entered at the event id #N). ", which only
    the engine knows, so adding that prefix is the engine's job.
    """

    def __init__(self, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


class PathNotFoundError(AslRuntimeError):
    """A definite path selected nothing (`States.Runtime`); `path` is the path's text, so callers
    can re-word the cause for their field (AWS words it differently for InputPath and for a
    Parameters `.$` field)."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__("States.Runtime", cause)
        self.path = path


QUERY_EVALUATION_ERROR = "States.QueryEvaluationError"


class JsonataSyntaxError(ExpressionSyntaxError):
    """An expression JSONata cannot parse; `position` is the character offset in the expression,
    `code` JSONata's error code (`S0201`); its text is JSONata's message alone."""

    def summary(self) -> str:
        return self.message


def _where(text: str, field: str) -> str:
    place = f" specified for the field '{field}'" if field else ""
    return f"The JSONata expression '{text}'{place}"


def query_failure(text: str, field: str, detail: str) -> AslRuntimeError:
    """A JSONata expression's failure as `States.QueryEvaluationError`, in AWS's words."""
    # AWS: "The JSONata expression '...' specified for the field 'Output/FunctionResult' threw an
    # error during evaluation. T1006: Attempted to invoke a non-function" (conformance data).
    return AslRuntimeError(
        QUERY_EVALUATION_ERROR, f"{_where(text, field)} threw an error during evaluation. {detail}"
    )


def query_returned(text: str, field: str, what: str) -> AslRuntimeError:
    """A JSONata result Step Functions cannot take (`what` it returned), as that error."""
    return AslRuntimeError(QUERY_EVALUATION_ERROR, f"{_where(text, field)} {what}.")
