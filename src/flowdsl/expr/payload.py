"""Payload templates (Parameters, ItemSelector, ResultSelector, Assign in JSONPath mode).

A key ending in `.$` takes its value from a path (`$.x`, `$$.x`, `$name`) or an intrinsic call and
loses the `.$` suffix; other values are copied as they are; objects and arrays are walked
(AWS "Parameters" in https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html).
"""

from __future__ import annotations

from flowdsl.expr import intrinsics
from flowdsl.expr.errors import AslRuntimeError, PathNotFoundError
from flowdsl.expr.intrinsics_render import compact_json
from flowdsl.expr.jsonpath import Json, PathSyntaxError, compile_path

__all__ = ["render", "resolve"]


def render(
    template: Json, data: Json, context: Json = None, variables: dict[str, Json] | None = None
) -> Json:
    """The template with every `.$` field resolved against `data`, `context` and `variables`.

    Raises `AslRuntimeError("States.Runtime", ...)` when a path finds nothing (worded as AWS words
    it for a payload field) or an intrinsic call fails.
    """
    if isinstance(template, dict):
        return {_field(key): _value(key, value, data, context, variables) for key, value in template.items()}
    if isinstance(template, list):
        return [render(item, data, context, variables) for item in template]
    return template


def _field(key: str) -> str:
    return key[:-2] if key.endswith(".$") else key


def _value(key: str, value: Json, data: Json, context: Json, variables: dict[str, Json] | None) -> Json:
    if not key.endswith(".$"):
        return render(value, data, context, variables)
    if not isinstance(value, str):
        raise AslRuntimeError(
            "States.Runtime", f"The value of the field '{key}' must be a path or an intrinsic call"
        )
    try:
        return resolve(value, data, context, variables)
    except PathNotFoundError as exc:
        raise AslRuntimeError(
            "States.Runtime",
            f"The JSONPath '{exc.path}' specified for the field '{key}' could not be found in the input "
            f"'{compact_json(data)}'",
        ) from None


def resolve(
    expression: str, data: Json, context: Json = None, variables: dict[str, Json] | None = None
) -> Json:
    """The value of one `.$` expression: an intrinsic call or a path.

    A malformed expression (which validation reports before a run) raises `States.Runtime` too, so an
    execution never stops with a Python traceback.
    """
    try:
        if intrinsics.is_call(expression):
            return intrinsics.parse(expression).evaluate(data, context, variables)
        return compile_path(expression).select(data, context, variables)
    except (PathSyntaxError, intrinsics.IntrinsicSyntaxError) as exc:
        raise AslRuntimeError("States.Runtime", str(exc)) from None
