"""The JSON Schema of a workflow's input and output, for API docs and the console's input box.

The input is the workflow's `input_model`, else the `input_model` of a first Task that reads
the execution input as it is (no InputPath or Parameters); the output is its `output_model`,
else what the data-flow pass computes the execution ends with. Nothing known: `{}` (any JSON).
"""

from __future__ import annotations

from typing import Any

from flowdsl.model import TaskState
from flowdsl.source import Source
from flowdsl.typeflow.jtype import ANY
from flowdsl.typeflow.schema import Schema, json_schema, to_schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def workflow_schema(source: Source, which: str = "input") -> Schema:
    """The JSON Schema of the execution's `which` ("input" or "output"), with `$schema` and a title."""
    body = _output(source) if which == "output" else _input(source)
    return {"$schema": DIALECT, "title": f"{source.name} {which}", **body}


def _input(source: Source) -> Schema:
    facts = source.types
    if facts is None:
        return {}
    if facts.input_model is not None:
        return json_schema(facts.input_model)
    start = source.definition.states[source.definition.start_at]
    pointer = f"/States/{source.definition.start_at}"
    model = facts.states.get(pointer)
    if isinstance(start, TaskState) and model is not None and model.input_model is not None:
        untouched = not (start.model_fields_set & {"input_path", "parameters", "arguments"})
        return json_schema(model.input_model) if untouched else {}
    return {}


def _output(source: Source) -> Schema:
    from flowdsl.typeflow import analyse  # noqa: PLC0415 - the pass, only when asked

    facts = source.types
    if facts is not None and facts.output_model is not None:
        return json_schema(facts.output_model, "serialization")
    analysis = analyse(source)
    computed: Any = ANY if analysis is None else analysis.output
    return to_schema(computed)
