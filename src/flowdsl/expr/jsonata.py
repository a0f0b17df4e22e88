"""JSONata expressions as Step Functions evaluates them: `{% ... %}` strings, `$states`, variables.

Evaluation uses jsonata-python (a pure-Python port of jsonata-java, which tracks the reference
JavaScript implementation; AWS implements JSONata 2.0.6). This module adds what Step Functions
changes around it (AWS, "Transforming data with JSONata in Step Functions"):

- an expression is a whole string `"{% <expression> %}"`; anything else is a literal;
- the reserved variable `$states` (`input`, `result`, `errorOutput`, `context`) and the workflow
  variables (`$name`, set by `Assign`) are bound, and `$` at the top level is undefined;
- AWS's extra functions (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`) and no
  `$eval`;
- any failure, and a result JSON cannot hold (`undefined`, a function), is the ASL error
  `States.QueryEvaluationError`, with AWS's cause wording.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, NotRequired, TypedDict, Unpack

from flowdsl.expr.errors import QUERY_EVALUATION_ERROR, JsonataSyntaxError, query_failure
from flowdsl.model.base import Json

# Runaway protection for one evaluation (JSONata D1011 / D1012): an expression that recurses
# this deep (in evaluation frames, several per JSONata call) or runs this long fails instead
# of hanging the run. AWS documents no figure.
MAX_DEPTH = 3000
TIMEOUT_MS = 10_000

# The surround AWS documents ("{% <JSONata expression> %}"), as asl-validator checks it: one space
# inside each delimiter and the expression on one line (`.` does not cross a newline), so
# "{%10%}", "{% 10 %" and "{% \n10 %}" are not expressions.
# AWS ("Transforming data with JSONata in Step Functions"): the string must start with `{%` with
# no leading spaces and end with `%}` with no trailing spaces; nothing is required inside (AWS's
# own samples write "{%$lowercase(...) %}"), and an expression may span lines.
_SURROUND = re.compile(r"\{%(.*)%\}", re.DOTALL)


@dataclass(frozen=True)
class Expression:
    """A parsed JSONata expression (the text between the delimiters), ready to evaluate."""

    text: str
    compiled: Any  # the library's compiled expression (jsonata_eval.StepFunctionsJsonata)


def is_expression(value: object) -> bool:
    """True when `value` is a string that is exactly one `{% ... %}` JSONata expression."""
    if not isinstance(value, str):
        return False
    match = _SURROUND.fullmatch(value)
    return match is not None and bool(match.group(1).strip())


def surround_error(value: str) -> str | None:
    """Why a string that starts with `{%` or ends with `%}` is not a well-formed expression.

    None for well-formed expressions and for strings that do not try to be one (literals).
    """
    if is_expression(value) or not (value.startswith("{%") or value.endswith("%}")):
        return None
    return 'jsonata surround syntax incomplete, write "{% <expression> %}"'


def expression_text(value: str) -> str:
    """The expression inside `{% ... %}`; a string without the delimiters is returned as is."""
    match = _SURROUND.fullmatch(value)
    return match.group(1).strip() if match else value


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse (and cache) a JSONata expression, with or without its `{% %}` delimiters.

    Raises `JsonataSyntaxError` with JSONata's message and the position of the error.
    """
    body = expression_text(text)
    return Expression(body, _library().compiled(body))


class Scope(TypedDict):
    """What an expression sees: `$states` and the workflow variables.

    `field` names where the expression sits (for example `Output/total`) for the error cause;
    `now` (epoch seconds) is the time `$now()` and `$millis()` read, the system clock if None.
    """

    states: Mapping[str, Json]
    variables: Mapping[str, Json]
    field: NotRequired[str]
    now: NotRequired[float | None]


def evaluate(text: str, **scope: Unpack[Scope]) -> Json:
    """Evaluate one expression (`{% ... %}` or bare) in `scope`.

    Raises `AslRuntimeError("States.QueryEvaluationError", cause)` on any failure.
    """
    return _evaluate_text(text, _bindings(scope), scope.get("field", ""))


def evaluate_template(value: Json, **scope: Unpack[Scope]) -> Json:
    """A JSON value with every `{% %}` string (at any depth) replaced by its result in `scope`.

    Other strings, numbers, booleans and null are kept as they are. `field` is the top-level
    field's name (`Arguments`, `Output`, ...), extended with keys and indexes for error causes.
    """
    if not _has_expression(value):
        return value  # a constant template: no bindings to build
    return _walk(value, _bindings(scope), scope.get("field", ""))


def _has_expression(value: Json) -> bool:
    if isinstance(value, str):
        return is_expression(value)
    if isinstance(value, dict):
        return any(_has_expression(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_expression(item) for item in value)
    return False


def _walk(value: Json, bindings: Mapping[str, Any], field: str) -> Json:
    if isinstance(value, str):
        return _evaluate_text(value, bindings, field) if is_expression(value) else value
    if isinstance(value, dict):
        return {key: _walk(item, bindings, _join(field, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item, bindings, _join(field, str(index))) for index, item in enumerate(value)]
    return value


def _join(field: str, key: str) -> str:
    return f"{field}/{key}" if field else key


def _bindings(scope: Scope) -> dict[str, Any]:
    bound: dict[str, Any] = _library().bindings(scope)
    return bound


def _evaluate_text(text: str, bindings: Mapping[str, Any], field: str) -> Json:
    try:
        expression = parse(text)
    except JsonataSyntaxError as error:
        raise query_failure(expression_text(text), field, f"{error.code}: {error.message}") from None
    return _library().run(expression, bindings, field, (TIMEOUT_MS, MAX_DEPTH))


def builtin_names() -> frozenset[str]:
    """Names JSONata binds itself (its functions and AWS's, `$states`, `$`, `$$`; no `$eval`)."""
    names: frozenset[str] = _library().builtin_names()
    return names


def _library() -> ModuleType:
    """`jsonata_eval`: jsonata-python and what builds on it, imported on the first expression
    parsed or evaluated (most machines have none, and the library takes a while to import)."""
    from flowdsl.expr import jsonata_eval  # noqa: PLC0415 - see above

    return jsonata_eval


__all__ = [
    "MAX_DEPTH",
    "QUERY_EVALUATION_ERROR",
    "TIMEOUT_MS",
    "Expression",
    "JsonataSyntaxError",
    "Scope",
    "builtin_names",
    "evaluate",
    "evaluate_template",
    "expression_text",
    "is_expression",
    "parse",
    "surround_error",
]
