"""Structure rules the strict model cannot express: field combinations, ranges, nulls.

The model already rejects unknown fields, fields on the wrong state type and wrong JSON
types; these rules cover what needs more than one field, or a number range, to decide.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from flowdsl.checks.catalogue import JSONATA_HINT, report
from flowdsl.checks.context import Context, StateRef, asl_name, is_set, set_fields, value_of
from flowdsl.diagnostics import Diagnostic
from flowdsl.model import ChoiceState, FailState, MapState, ParallelState, SucceedState, WaitState
from flowdsl.model.fields import EXCLUSIVE, NULLABLE, RANGES, WAIT_TIME
from flowdsl.model.machine import json_children


def explicit_nulls(ctx: Context) -> Iterator[Diagnostic]:
    """Optional fields are omitted, not null (except InputPath, OutputPath, ResultPath)."""
    yield from _nulls(ctx.machine, "")


def _nulls(model: BaseModel, pointer: str) -> Iterator[Diagnostic]:
    for name in set_fields(model):
        value = getattr(model, name)
        where = f"{pointer}/{asl_name(model, name)}"
        if value is None and name not in NULLABLE:
            yield report("explicit-null", f"'{asl_name(model, name)}' is null: omit it instead", where)
        yield from _nulls_in(value, where)


def _nulls_in(value: Any, pointer: str) -> Iterator[Diagnostic]:
    if isinstance(value, BaseModel):
        yield from _nulls(value, pointer)
    else:
        for where, item in json_children(value, pointer):
            if isinstance(item, BaseModel):
                yield from _nulls(item, where)


def exclusive_fields(ctx: Context) -> Iterator[Diagnostic]:
    """At most one of each X/XPath pair, ItemProcessor/Iterator, ItemSelector/Parameters..."""
    for ref in ctx.states:
        for model, pointer in ref.parts:
            kind: type[BaseModel] = type(model)
            for group in _exclusive_groups(kind):
                yield from _exclusive(model, group, pointer)


@functools.cache
def _exclusive_groups(kind: type[BaseModel]) -> tuple[tuple[str, ...], ...]:
    """The groups of `EXCLUSIVE` an object of this type holds two or more fields of."""
    held = (tuple(name for name in group if name in kind.model_fields) for group in EXCLUSIVE)
    return tuple(group for group in held if len(group) > 1)


def _exclusive(model: Any, group: tuple[str, ...], pointer: str) -> Iterator[Diagnostic]:
    present = [asl_name(model, name) for name in group if is_set(model, name)]
    if len(present) > 1:
        listed = " and ".join(f"'{name}'" for name in present)
        yield report(
            "mutually-exclusive-fields", f"{listed} exclude each other: keep one", f"{pointer}/{present[1]}"
        )


def transitions(ctx: Context) -> Iterator[Diagnostic]:
    """Non-terminal states have exactly one of `Next` and `End: true`."""
    for ref in ctx.states:
        if isinstance(ref.state, ChoiceState | SucceedState | FailState):
            continue
        has_next = value_of(ref.state, "next") is not None
        has_end = value_of(ref.state, "end") is True
        if has_next and has_end:
            yield report(
                "next-and-end", f"state '{ref.name}' has both 'Next' and 'End': keep one", ref.pointer
            )
        elif not has_next and not has_end:
            yield report(
                "missing-transition", f"state '{ref.name}' needs 'Next' or '\"End\": true'", ref.pointer
            )


def required_parts(ctx: Context) -> Iterator[Diagnostic]:
    """A Wait needs a time, a Map a processor, a Parallel at least one branch."""
    for ref in ctx.states:
        state = ref.state
        if isinstance(state, WaitState) and not any(is_set(state, f) for f in WAIT_TIME):
            yield report(
                "missing-wait-time",
                f"wait state '{ref.name}' needs one of 'Seconds', 'Timestamp', 'SecondsPath' or "
                "'TimestampPath'",
                ref.pointer,
            )
        if isinstance(state, MapState) and state.item_processor is None and state.iterator is None:
            yield report(
                "missing-item-processor", f"map state '{ref.name}' needs an 'ItemProcessor'", ref.pointer
            )
        if isinstance(state, ParallelState) and not state.branches:
            yield report(
                "empty-branches", f"parallel state '{ref.name}' has no branches", f"{ref.pointer}/Branches"
            )


def ranges(ctx: Context) -> Iterator[Diagnostic]:
    """Numbers within ASL's ranges; numeric fields hold numbers (or, in JSONata, `{% %}`)."""
    if ctx.machine.timeout_seconds is not None:
        yield from _number(ctx.machine, "timeout_seconds", "/TimeoutSeconds", jsonata=False)
    for ref in ctx.states:
        for model, pointer in _numeric_holders(ref):
            for name in set_fields(model, RANGES):
                yield from _number(model, name, f"{pointer}/{asl_name(model, name)}", ref.jsonata)


def _numeric_holders(ref: StateRef) -> Iterator[tuple[Any, str]]:
    state, *nested = ref.parts
    yield state
    for i, retrier in enumerate(value_of(ref.state, "retry") or []):
        yield retrier, f"{ref.pointer}/Retry/{i}"
    yield from nested


def _number(model: Any, name: str, pointer: str, jsonata: bool) -> Iterator[Diagnostic]:
    value = getattr(model, name)
    field = asl_name(model, name)
    if isinstance(value, str):
        if not jsonata:
            # In a JSONPath state a string is simply the wrong type, as the strict model reports
            # for every other field; only JSONata states may hold a `{% %}` string here.
            hint = f" ({JSONATA_HINT})" if _is_jsonata(value) else ""
            yield report(
                "invalid-type", f"'{field}' must be a number, not the string '{value}'{hint}", pointer
            )
        elif not _is_jsonata(value):
            yield report(
                "invalid-number-field",
                f"'{field}' must be a number or a JSONata '{{% %}}' expression, not '{value}'",
                pointer,
            )
        return
    low, high = RANGES[name]
    if isinstance(value, int | float) and not low <= value <= high:
        yield report(
            "value-out-of-range", f"'{field}' is {value}; it must be between {low} and {high}", pointer
        )


def _is_jsonata(text: str) -> bool:
    return text.startswith("{%") and text.endswith("%}")


def wait_timestamps(ctx: Context) -> Iterator[Diagnostic]:
    """A literal Wait `Timestamp` is RFC 3339 (uppercase T and Z, ASL spec "Timestamps")."""
    for ref in ctx.states:
        value = value_of(ref.state, "timestamp") if isinstance(ref.state, WaitState) else None
        if isinstance(value, str) and not (ref.jsonata and _is_jsonata(value)) and not is_timestamp(value):
            yield report(
                "invalid-timestamp",
                f"'Timestamp' '{value}' is not an RFC 3339 timestamp like '2016-03-14T01:59:00Z'",
                f"{ref.pointer}/Timestamp",
            )


def is_timestamp(text: str) -> bool:
    """RFC 3339 with an uppercase `T` and `Z` or a numeric offset, and a real calendar date."""
    if len(text) < 20 or text[10] != "T" or not (text.endswith("Z") or text[-6] in "+-"):
        return False
    try:
        datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return False
    return True


def required_settings(ctx: Context) -> Iterator[Diagnostic]:
    """A Distributed Map says how to run its child workflows (AWS "ProcessorConfig":
    ExecutionType is required when Mode is DISTRIBUTED)."""
    for ref in ctx.states:
        processor = ref.state.item_processor if isinstance(ref.state, MapState) else None
        config = processor.processor_config if processor is not None else None
        if config is not None and config.mode == "DISTRIBUTED" and config.execution_type is None:
            yield report(
                "missing-field",
                "a DISTRIBUTED 'ProcessorConfig' needs an 'ExecutionType' (STANDARD or EXPRESS)",
                f"{ref.pointer}/ItemProcessor/ProcessorConfig",
            )


# AWS "Map state" Label: at most 40 characters, none of whitespace, brackets, wildcards,
# special characters or control characters (it becomes part of the Map Run ARN).
_LABEL_FORBIDDEN = set(' \t\n\r<>{}[]?*"#%\\^|~`$&,;:/')
MAX_LABEL_LENGTH = 40


def map_labels(ctx: Context) -> Iterator[Diagnostic]:
    """A Distributed Map `Label` fits in a Map Run ARN."""
    for ref in ctx.states:
        label = ref.state.label if isinstance(ref.state, MapState) else None
        if label is None:
            continue
        bad = sorted({ch for ch in label if ch in _LABEL_FORBIDDEN or unicodedata.category(ch) == "Cc"})
        if bad or not 0 < len(label) <= MAX_LABEL_LENGTH:
            problem = (
                f"has forbidden characters {bad!r}" if bad else f"must be 1 to {MAX_LABEL_LENGTH} characters"
            )
            yield report("invalid-label", f"map 'Label' '{label}' {problem}", f"{ref.pointer}/Label")


RULES = (
    map_labels,
    explicit_nulls,
    required_settings,
    exclusive_fields,
    transitions,
    required_parts,
    ranges,
    wait_timestamps,
)
