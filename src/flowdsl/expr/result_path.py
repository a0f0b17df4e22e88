"""ResultPath: placing a state's result in its input (AWS "ResultPath"; ASL spec, Appendix A).

Reference paths only (`compile_path`'s steps); the input is never mutated, only the objects
along the path are copied.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.jsonpath import CompiledPath, Json, PathSyntaxError, Root, Step, compile_path

__all__ = ["apply_result_path", "result_placer"]


def apply_result_path(state_input: Json, result_path: str | None, result: Json) -> Json:
    """The state output after placing `result` at `result_path` in `state_input` (AWS "ResultPath").

    `None` (an explicit JSON null) discards the result; `$` replaces the input; `$.a.b` copies the
    input, creating missing intermediate objects. A step that meets a non-object (or an index out of
    range) raises `States.ResultPathMatchFailure` (ASL spec, Appendix A). The input is not mutated:
    only the objects along the path are copied.
    """
    if result_path is None:
        return state_input
    path = compile_path(result_path)
    if path.root is not Root.INPUT or path.steps is None:
        raise AslRuntimeError("States.Runtime", f"ResultPath '{result_path}' is not a reference path on '$'")
    return _place(state_input, path.steps, 0, result, path)


def result_placer(result_path: str | None) -> Callable[[Json, Json], Json] | None:
    """`apply_result_path` for one ResultPath, prepared once: `place(state_input, result)`.

    None for `$` (the result is the output). A path that is not a reference path on `$`
    fails as `apply_result_path` fails, when placing.
    """
    if result_path == "$":
        return None
    if result_path is None:
        return _discard
    try:
        path = compile_path(result_path)
    except PathSyntaxError:
        path = None
    if path is None or path.root is not Root.INPUT or path.steps is None:
        return lambda state_input, result: apply_result_path(state_input, result_path, result)
    steps = path.steps
    if len(steps) == 1 and isinstance(steps[0], str):
        key = steps[0]

        def place_key(state_input: Json, result: Json) -> Json:
            # The common `$.name`, without the walk: copy the input, set one key.
            if isinstance(state_input, dict):
                copied = dict(state_input)
                copied[key] = result
                return copied
            return _place(state_input, steps, 0, result, path)

        return place_key
    return lambda state_input, result: _place(state_input, steps, 0, result, path)


def _discard(state_input: Json, result: Json) -> Json:
    return state_input


def _place(node: Json, steps: tuple[Step, ...], index: int, result: Json, path: CompiledPath) -> Json:
    if index == len(steps):
        return result
    step = steps[index]
    if isinstance(step, str) and isinstance(node, dict):
        copied = dict(node)
        copied[step] = _place(node.get(step, {}), steps, index + 1, result, path)
        return copied
    if isinstance(step, int) and isinstance(node, list) and -len(node) <= step < len(node):
        copied_list = list(node)
        copied_list[step] = _place(node[step], steps, index + 1, result, path)
        return copied_list
    raise AslRuntimeError(
        "States.ResultPathMatchFailure",
        f"Unable to apply ResultPath '{path.text}' to input {_compact(node)}",
    )


def _compact(value: Json) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
