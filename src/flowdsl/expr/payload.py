"""Payload templates (Parameters, ItemSelector, ResultSelector, Assign in JSONPath mode).

A key ending in `.$` takes its value from a path (`$.x`, `$$.x`, `$name`) or an intrinsic call and
loses the `.$` suffix; other values are copied as they are; objects and arrays are walked
(AWS "Parameters" in https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html).

`compile_template` turns a template into a tree of small closures once, so rendering it again (the
engine does, once per state entry) does no parsing, no suffix tests and no cache look-ups: about
three times faster than `render`, which walks the template afresh each time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flowdsl.expr import intrinsics
from flowdsl.expr.errors import AslRuntimeError, PathNotFoundError
from flowdsl.expr.intrinsics_render import compact_json
from flowdsl.expr.jsonpath import Json, PathSyntaxError, compile_path

__all__ = ["CompiledTemplate", "compile_template", "render", "resolve"]

Variables = dict[str, Json] | None
_Renderer = Callable[[Json, Json, Variables], Json]


class CompiledTemplate:
    """A template ready to render many times; build it with `compile_template`.

    `render(data, context, variables)` is the template with every `.$` field resolved (see
    `render`); it is the compiled function itself, so rendering costs no method call.
    """

    __slots__ = ("render", "template")

    def __init__(self, template: Json) -> None:
        self.template = template
        self.render: _Renderer = _compile(template)


def compile_template(template: Json) -> CompiledTemplate:
    """Prepare `template` for repeated rendering (the template must not be changed afterwards)."""
    return CompiledTemplate(template)


def render(template: Json, data: Json, context: Json = None, variables: Variables = None) -> Json:
    """The template with every `.$` field resolved against `data`, `context` and `variables`.

    Raises `AslRuntimeError("States.Runtime", ...)` when a path finds nothing (worded as AWS words
    it for a payload field), an intrinsic call fails, or a `.$` value is malformed (validation
    reports those before a run; at run time they fail the state rather than raise a traceback).
    """
    if isinstance(template, dict):
        return {
            _field_name(key): _render_field(key, value, data, context, variables)
            for key, value in template.items()
        }
    if isinstance(template, list):
        return [render(item, data, context, variables) for item in template]
    return template


def _render_field(key: str, value: Json, data: Json, context: Json, variables: Variables) -> Json:
    if not key.endswith(".$"):
        return render(value, data, context, variables)
    try:
        return _compile_value(key, value)(data, context, variables)
    except PathNotFoundError as exc:
        raise _not_found(exc, key, data) from None


def resolve(expression: str, data: Json, context: Json = None, variables: Variables = None) -> Json:
    """The value of one `.$` expression: an intrinsic call or a path (for ErrorPath/CausePath too)."""
    return _expression(expression)(data, context, variables)


def _compile(template: Json) -> _Renderer:
    if isinstance(template, dict):
        return _compile_object(template)
    if isinstance(template, list):
        items = [_compile(item) for item in template]
        return lambda data, context, variables: [item(data, context, variables) for item in items]
    return lambda data, context, variables: template


def _compile_object(template: dict[str, Json]) -> _Renderer:
    # Each field is (output name, key, renderer or None, constant): a scalar constant is copied
    # without a call, and one `try` serves every `.$` field (the calls per field are most of
    # the cost of rendering).
    fields = [
        (_field_name(key), key, None, value)
        if not isinstance(value, dict | list) and not key.endswith(".$")
        else (_field_name(key), key, _compile_value(key, value), None)
        for key, value in template.items()
    ]

    def render_object(data: Json, context: Json, variables: Variables) -> Json:
        out = {}
        key = ""
        try:
            for name, key, renderer, constant in fields:  # noqa: B007 - the `except` reads `key`
                out[name] = constant if renderer is None else renderer(data, context, variables)
        except PathNotFoundError as exc:
            # Only a `.$` field's own expression gets here: a nested object reports its own.
            raise _not_found(exc, key, data) from None
        return out

    return render_object


def _field_name(key: str) -> str:
    return key[:-2] if key.endswith(".$") else key


def _compile_value(key: str, value: Json) -> _Renderer:
    """The renderer of one field's value; a path that finds nothing raises PathNotFoundError,
    which its caller words for the field (`_not_found`)."""
    if not key.endswith(".$"):
        return _compile(value)
    if not isinstance(value, str):
        return _failing(f"The value of the field '{key}' must be a path or an intrinsic call")
    return _expression(value)


def _not_found(exc: PathNotFoundError, key: str, data: Json) -> AslRuntimeError:
    return AslRuntimeError(
        "States.Runtime",
        f"The JSONPath '{exc.path}' specified for the field '{key}' could not be found in the input "
        f"'{compact_json(data)}'",
    )


@functools.lru_cache(maxsize=4096)
def _expression(text: str) -> _Renderer:
    # Cached: `resolve` (a Wait's SecondsPath, a Map's ItemsPath) prepares its text on every run.
    try:
        if intrinsics.is_call(text):
            return intrinsics.parse(text).evaluate
        return compile_path(text).select
    except (PathSyntaxError, intrinsics.IntrinsicSyntaxError) as exc:
        return _failing(str(exc))


def _failing(cause: str) -> _Renderer:
    def fail(data: Json, context: Json, variables: Variables) -> Json:
        raise AslRuntimeError("States.Runtime", cause)

    return fail
