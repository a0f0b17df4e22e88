"""Runtime errors raised while evaluating paths, intrinsic functions and payload templates."""

from __future__ import annotations


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
