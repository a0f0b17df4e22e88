"""The text lines a diagram shows for one state: its name, then short notes (plain, unescaped)."""

from __future__ import annotations

from flowdsl.model import MapState, ParallelState, Retrier, State, TaskState, WaitState
from flowdsl.render.conditions import jsonata_text

TIMES = "\N{MULTIPLICATION SIGN}"


def state_lines(name: str, state: State) -> list[str]:
    """The name, then what a reader should know at a glance: the kind, the wait, the retries."""
    lines = [name]
    if isinstance(state, ParallelState | MapState):
        lines.append(kind_note(state))
    if isinstance(state, WaitState):
        lines.append(wait_note(state))
    if isinstance(state, TaskState | ParallelState | MapState) and state.retry:
        lines.append(retry_note(state.retry))
    return lines


def kind_note(state: ParallelState | MapState) -> str:
    """What a subgraph is, since a box of states does not say whether it is Parallel or Map."""
    if isinstance(state, ParallelState):
        return "parallel"
    config = state.item_processor.processor_config if state.item_processor else None
    return "distributed map" if config is not None and config.mode == "DISTRIBUTED" else "map"


def retry_note(retry: list[Retrier]) -> str:
    """`retry` and each retrier's MaxAttempts after a multiplication sign; error names stay in the ASL."""
    return "retry " + ", ".join(f"{TIMES}{retrier.max_attempts}" for retrier in retry)


def wait_note(state: WaitState) -> str:
    """How long a Wait waits: `wait 10 s`, `wait $.delay s`, `wait until 2024-01-01T00:00:00Z`."""
    if state.seconds is not None:
        return f"wait {_shown(state.seconds)} s"
    if state.seconds_path is not None:
        return f"wait {state.seconds_path} s"
    if state.timestamp is not None:
        return f"wait until {_shown(state.timestamp)}"
    if state.timestamp_path is not None:
        return f"wait until {state.timestamp_path}"
    return "wait"


def _shown(value: int | str) -> str:
    # JSONata machines write `"Seconds": "{% $delay %}"`.
    return jsonata_text(value) if isinstance(value, str) else str(value)
