"""Retry and Catch rules (ASL spec "Error names", "Retrying after error", "Fallback states")."""

from __future__ import annotations

from collections.abc import Iterator

from flowdsl.checks.catalogue import report
from flowdsl.checks.context import Context, value_of
from flowdsl.diagnostics import Diagnostic, did_you_mean
from flowdsl.model import Catcher, Retrier

# The predefined error names (AWS "Error handling in Step Functions"). The spec reserves the
# `States.` prefix, so another `States.` name in a Retry or Catch is most likely a typo; but
# AWS accepts such definitions and raises them from Fail states in its own sample workflows
# (`States.QuorumMet`), so this is a warning and the engine treats them as ordinary names.
STATES_ERRORS = (
    "States.ALL",
    "States.BranchFailed",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
)


def handlers(ctx: Context) -> Iterator[tuple[str, str, list[Retrier | Catcher]]]:
    """Every Retry and Catch list as `(state name, pointer, entries)`."""
    for ref in ctx.states:
        for key in ("retry", "catch"):
            entries: list[Retrier | Catcher] = value_of(ref.state, key) or []
            if entries:
                yield ref.name, f"{ref.pointer}/{key.capitalize()}", entries


def error_equals(ctx: Context) -> Iterator[Diagnostic]:
    """ErrorEquals is non-empty, `States.ALL` is alone and last, and `States.*` names exist."""
    for _, pointer, entries in handlers(ctx):
        last = len(entries) - 1
        for i, entry in enumerate(entries):
            where = f"{pointer}/{i}/ErrorEquals"
            if not entry.error_equals:
                yield report("empty-error-equals", "'ErrorEquals' is empty: name at least one error", where)
            if "States.ALL" in entry.error_equals and (len(entry.error_equals) > 1 or i != last):
                yield report(
                    "misplaced-states-all",
                    "'States.ALL' must be the only error name and appear in the last entry",
                    where,
                )
            yield from _unknown_names(entry.error_equals, where)


def _unknown_names(names: list[str], pointer: str) -> Iterator[Diagnostic]:
    for j, name in enumerate(names):
        if name.startswith("States.") and name not in STATES_ERRORS:
            yield report(
                "unknown-error-name",
                f"'{name}' is not a Step Functions error name{did_you_mean(name, STATES_ERRORS)}",
                f"{pointer}/{j}",
            )


def heartbeat(ctx: Context) -> Iterator[Diagnostic]:
    """HeartbeatSeconds must be smaller than TimeoutSeconds (ASL spec "Task State")."""
    for ref in ctx.states:
        beat = value_of(ref.state, "heartbeat_seconds")
        limit = value_of(ref.state, "timeout_seconds")
        if isinstance(beat, int) and isinstance(limit, int) and beat >= limit:
            yield report(
                "heartbeat-not-below-timeout",
                f"'HeartbeatSeconds' ({beat}) must be smaller than 'TimeoutSeconds' ({limit})",
                f"{ref.pointer}/HeartbeatSeconds",
            )


RULES = (error_equals, heartbeat)
