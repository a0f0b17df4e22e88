"""How things go wrong while running: ASL errors a Catch can see, and execution-level stops."""

from __future__ import annotations

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.expr.errors import AslRuntimeError


class StateError(Exception):
    """An ASL error raised by a state: `error`/`cause` as a Catch or Retry sees them.

    Unlike `AslRuntimeError` both may be null: a Fail state without `Error` fails the
    execution with a null error (AWS reports exactly that).
    """

    def __init__(self, error: str | None, cause: str | None, *, in_all: bool | None = None) -> None:
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause
        self.in_all = error not in NOT_IN_ALL if in_all is None else in_all
        """Whether `States.ALL` (and `States.TaskFailed`) cover it; see `matches`."""

    def error_output(self) -> dict[str, str]:
        """The Error Output a Catcher hands on (ASL spec "Fallback states").

        A missing error or cause is an empty string there, as AWS binds it (recorded by
        LocalStack's AWS-validated snapshots).
        """
        return {"Error": self.error or "", "Cause": self.cause or ""}


class ExecutionAbortError(Exception):
    """Ends the whole execution at once, past every Retry and Catch (history limit, timeout)."""

    def __init__(self, status: str, error: str, cause: str) -> None:
        super().__init__(f"{error}: {cause}")
        self.status = status
        self.error = error
        self.cause = cause


def as_failure(exc: StateError | AslRuntimeError | RecursionError, state: str, entered_id: int) -> StateError:
    """A `StateError` from any of the error types a state can raise; expression errors get AWS's
    state prefix on their cause.

    A RecursionError means the state's data is nested deeper than Python can walk (a loop that
    wraps its input in a new object each time can get there under the payload quota): the
    state fails with States.Runtime rather than the run crashing.
    """
    if isinstance(exc, StateError):
        return exc
    if isinstance(exc, RecursionError):
        exc = AslRuntimeError("States.Runtime", TOO_DEEP)
    return StateError(exc.error, f"{state_prefix(state, entered_id)} {exc.cause}")


TOO_DEEP = "The state's data is nested too deeply to process."


def state_prefix(state: str, entered_id: int) -> str:
    """How AWS starts the cause of an error the service raises inside a state."""
    return f"An error occurred while executing the state '{state}' (entered at the event id #{entered_id})."


def engine_error(code: str, message: str, location: str = "") -> FlowdslError:
    """A setup problem that stops the run before or while it starts (unbound task, bad input)."""
    return FlowdslError([error(code, message, location)])


class UnboundTaskError(FlowdslError):
    """`unbound-task`: the run reached a Task with neither handler nor mock; `state` names it.

    The state travels as a value, so callers that know where states were written (the run
    API) can point at it without reading the message.
    """

    def __init__(self, state: str, message: str) -> None:
        super().__init__([error("unbound-task", message)])
        self.state = state


# Errors no Retry or Catch can handle: AWS docs, "Error names": States.Runtime "isn't
# retriable, and will always cause the execution to fail"; States.ALL "can't catch the
# States.DataLimitExceeded terminal error type and runtime error types".
UNCATCHABLE = frozenset({"States.Runtime"})
NOT_IN_ALL = frozenset({"States.Runtime", "States.DataLimitExceeded"})


def matches(error_equals: list[str], failure: StateError) -> bool:
    """Whether an ErrorEquals list covers an error (ASL spec "Error names").

    A task's own result over the payload quota is the exception to "States.ALL can't catch
    States.DataLimitExceeded": AWS hands it to a `States.ALL` Catcher (LocalStack's
    AWS-validated snapshot error_handling/test_states_errors, `..._catch_state_all_data_limit_
    exceeded_...`), so it is raised with `in_all=True`.
    """
    name = failure.error
    if name in UNCATCHABLE:
        return False
    for pattern in error_equals:
        if pattern == name:
            return True
        if pattern == "States.ALL" and failure.in_all:
            return True
        # "States.TaskFailed: matches any known error name except States.Timeout".
        if pattern == "States.TaskFailed" and name != "States.Timeout" and failure.in_all:
            return True
    return False


def too_large(subject: str, *, in_all: bool | None = None) -> StateError:
    """States.DataLimitExceeded, worded as AWS words it (LocalStack's AWS-validated snapshot
    error_handling/test_states_errors): `subject` is the state's name for its output, the
    task's resource for a task result."""
    return StateError(
        "States.DataLimitExceeded",
        f"The state/task '{subject}' returned a result with a size exceeding the maximum number of bytes "
        "service limit.",
        in_all=in_all,
    )
