"""The text lines a diagram shows for one state: its name, then short notes (plain, unescaped)."""

from __future__ import annotations

import textwrap
from typing import Any

from flowdsl.model import MapState, ParallelState, Retrier, State, TaskState, WaitState
from flowdsl.model.integrations.call import parse_call
from flowdsl.model.resources import activity_name, lambda_function_name
from flowdsl.model.states import ItemBatcher, ItemReader, ResultWriter
from flowdsl.render.conditions import jsonata_text

TIMES = "\N{MULTIPLICATION SIGN}"
LAMBDA = "\N{GREEK SMALL LETTER LAMDA} "
# Characters per label line, about the 200 px Mermaid gives a label before it wraps it itself:
# text wrapped here breaks at the same places everywhere (GitHub, an SVG export, the HTML page).
WIDTH = 28


def state_lines(name: str, state: State) -> list[str]:
    """The name, then what a reader should know at a glance: the kind, the integration, the wait,
    the retries; long lines wrapped."""
    lines = [name]
    if isinstance(state, ParallelState | MapState):
        lines.append(kind_note(state))
    if isinstance(state, TaskState) and (note := task_note(state)) is not None:
        lines.append(note)
    if isinstance(state, WaitState):
        lines.append(wait_note(state))
    if isinstance(state, TaskState | ParallelState | MapState) and state.retry:
        lines.append(retry_note(state.retry))
    return wrapped(lines)


def wrapped(lines: list[str]) -> list[str]:
    """Each line cut into pieces of at most WIDTH characters, at spaces where there are any.

    Spaces are kept (at the end of the piece before the cut), so the pieces joined are the
    line again, character for character: wrapping never changes what a name says.
    """
    out: list[str] = []
    for line in lines:
        pieces = textwrap.wrap(
            line,
            WIDTH,
            expand_tabs=False,
            replace_whitespace=False,
            drop_whitespace=False,
            break_on_hyphens=False,
            break_long_words=False,
        )
        out.extend(pieces or [line])
    return out


def kind_note(state: ParallelState | MapState) -> str:
    """What a subgraph is, since a box of states does not say whether it is Parallel or Map."""
    if isinstance(state, ParallelState):
        return "parallel"
    return "distributed map" if is_distributed(state) else "map"


def is_distributed(state: MapState) -> bool:
    processor = state.item_processor or state.iterator
    config = processor.processor_config if processor else None
    return config is not None and config.mode == "DISTRIBUTED"


def task_note(state: TaskState) -> str | None:
    """What a Task calls: `λ OpenCaseFunction`, `sns:publish`, `sqs:sendMessage.waitForTaskToken`,
    `activity Review`; None for a Resource that is a CloudFormation intrinsic or unknown form."""
    if not isinstance(state.resource, str):
        return None
    found = parse_call(state.resource)
    if found is None:
        activity = activity_name(state.resource)
        if activity is not None:
            return f"activity {activity}"
        function = lambda_function_name(state.resource)
        return None if function is None else f"{LAMBDA}{function}"
    function = invoked_function(state) if found.is_lambda_invoke else None
    if function is not None:
        return f"{LAMBDA}{function}{found.pattern}"
    return f"{found.key}{found.pattern}"


def invoked_function(state: TaskState) -> str | None:
    """The function a `lambda:invoke` Task names in `FunctionName` (a name or an ARN), if fixed."""
    payload: Any = state.parameters if state.parameters is not None else state.arguments
    value = payload.get("FunctionName") if isinstance(payload, dict) else None
    return lambda_function_name(value) if isinstance(value, str) else None


def reader_lines(reader: ItemReader) -> list[str]:
    """A Distributed Map's ItemReader: where items come from and in what form."""
    lines = ["ItemReader", _api(reader.resource)]
    config = reader.reader_config
    if config is not None and config.input_type:
        lines.append(config.input_type)
    if config is not None and config.max_items is not None:
        lines.append(f"max {_shown(config.max_items)} items")
    return wrapped(lines)


def batcher_lines(batcher: ItemBatcher) -> list[str]:
    """A Distributed Map's ItemBatcher: how many items (or bytes) go to one child execution."""
    lines = ["ItemBatcher"]
    if batcher.max_items_per_batch is not None:
        lines.append(f"max {_shown(batcher.max_items_per_batch)} items")
    elif batcher.max_items_per_batch_path is not None:
        lines.append(f"max {batcher.max_items_per_batch_path} items")
    if batcher.max_input_bytes_per_batch is not None:
        lines.append(f"max {_shown(batcher.max_input_bytes_per_batch)} bytes")
    return wrapped(lines)


def writer_lines(writer: ResultWriter) -> list[str]:
    """A Distributed Map's ResultWriter: where the results are exported."""
    lines = ["ResultWriter"]
    if writer.resource is not None:
        lines.append(_api(writer.resource))
    if writer.writer_config is not None and writer.writer_config.output_type:
        lines.append(writer.writer_config.output_type)
    return wrapped(lines)


def _api(resource: str) -> str:
    found = parse_call(resource)
    return resource if found is None else found.key


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
