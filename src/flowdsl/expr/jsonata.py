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
from typing import Any, NotRequired, TypedDict, Unpack

from jsonata import Jsonata  # type: ignore[import-untyped]
from jsonata.jexception import JException  # type: ignore[import-untyped]

from flowdsl.expr.errors import AslRuntimeError, ExpressionSyntaxError
from flowdsl.expr.jsonata_functions import AwsFunctionError, aws_bindings, clock_bindings
from flowdsl.expr.jsonata_values import UndefinedResultError, UnsupportedResultError, from_result, to_binding
from flowdsl.expr.ordering import utf16_key
from flowdsl.expr.timed_regex import RegexTimeout, budget, jsonata_engine
from flowdsl.model.base import Json

QUERY_EVALUATION_ERROR = "States.QueryEvaluationError"

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


_ORDER = {"<": bytes.__lt__, "<=": bytes.__le__, ">": bytes.__gt__, ">=": bytes.__ge__}


class _StepFunctionsJsonata(Jsonata):  # type: ignore[misc]
    """JSONata with strings ordered as on AWS, by UTF-16 code unit (`expr.ordering`): AWS runs
    JSONata on the JVM, where JavaScript's string order (also by code unit) is kept."""

    def evaluate_comparison_expression(self, lhs: Any, rhs: Any, op: str | None) -> Any:
        if isinstance(lhs, str) and isinstance(rhs, str) and op in _ORDER:
            return _ORDER[op](utf16_key(lhs), utf16_key(rhs))
        return super().evaluate_comparison_expression(lhs, rhs, op)


class JsonataSyntaxError(ExpressionSyntaxError):
    """An expression JSONata cannot parse; `position` is the character offset in the expression,
    `code` JSONata's error code (`S0201`); its text is JSONata's message alone."""

    def summary(self) -> str:
        return self.message


@dataclass(frozen=True)
class Expression:
    """A parsed JSONata expression (the text between the delimiters), ready to evaluate."""

    text: str
    compiled: Jsonata


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
    try:
        compiled = _StepFunctionsJsonata(body, jsonata_engine)
    except JException as error:
        raise JsonataSyntaxError(str(error), body, error.location, error.error) from None
    # Keep JSONata's nulls: `null` and `undefined` differ for Step Functions.
    compiled.set_output_convert_nulls(False)
    return Expression(body, compiled)


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


# AWS's functions are stateless: built once, copied into each evaluation's bindings.
_AWS_FUNCTIONS = aws_bindings()


def _bindings(scope: Scope) -> dict[str, Any]:
    bindings = dict(_AWS_FUNCTIONS)
    now = scope.get("now")
    if now is not None:
        bindings.update(clock_bindings(now))
    bindings.update((name, to_binding(value)) for name, value in scope["variables"].items())
    bindings["states"] = to_binding(dict(scope["states"]))
    return bindings


def _bounded(bindings: Mapping[str, Any]) -> dict[str, Any]:
    """The bindings plus a fresh runaway guard: the library keeps its guard (and its start time)
    on the compiled expression, which is cached, so each evaluation brings its own."""
    guard = Jsonata.Frame(None)
    guard.set_runtime_bounds(TIMEOUT_MS, MAX_DEPTH)
    return {**bindings, **guard.bindings}


def _evaluate_text(text: str, bindings: Mapping[str, Any], field: str) -> Json:
    try:
        expression = parse(text)
    except JsonataSyntaxError as error:
        raise _failure(expression_text(text), field, f"{error.code}: {error.message}") from None
    return _run(expression, bindings, field)


def _run(expression: Expression, bindings: Mapping[str, Any], field: str) -> Json:
    # jsonata-python evaluates through a per-thread "current" instance (it reads `$now()`'s
    # timestamp there); point it at this expression, as constructing it would have.
    Jsonata.CURRENT.jsonata = expression.compiled
    try:
        with budget(TIMEOUT_MS / 1000):
            return from_result(expression.compiled.evaluate(None, _bounded(bindings)))
    except RegexTimeout as error:
        raise _failure(expression.text, field, f"D1012: {error}") from None
    except UndefinedResultError:
        raise _returned(expression.text, field, "returned nothing (undefined)") from None
    except UnsupportedResultError:
        raise _returned(expression.text, field, "returned an unsupported result type") from None
    except JException as error:
        raise _failure(expression.text, field, f"{error.error}: {error}") from None
    except AwsFunctionError as error:
        raise _failure(expression.text, field, str(error)) from None
    except (ArithmeticError, RecursionError, ValueError, TypeError) as error:
        raise _failure(expression.text, field, _python_failure(error)) from None


def _python_failure(error: Exception) -> str:
    # The library lets some JavaScript-level failures through as Python exceptions; JSONata
    # reports a division by zero (a result of Infinity) as D1001.
    if isinstance(error, ZeroDivisionError | OverflowError):
        return "D1001: Number out of range"
    if isinstance(error, RecursionError):  # Python's stack ran out before MAX_DEPTH
        return f"D1011: {JException('D1011', -1)}"
    return str(error)


def _where(text: str, field: str) -> str:
    place = f" specified for the field '{field}'" if field else ""
    return f"The JSONata expression '{text}'{place}"


def _failure(text: str, field: str, detail: str) -> AslRuntimeError:
    # AWS: "The JSONata expression '...' specified for the field 'Output/FunctionResult' threw an
    # error during evaluation. T1006: Attempted to invoke a non-function" (conformance data).
    return AslRuntimeError(
        QUERY_EVALUATION_ERROR, f"{_where(text, field)} threw an error during evaluation. {detail}"
    )


def _returned(text: str, field: str, what: str) -> AslRuntimeError:
    return AslRuntimeError(QUERY_EVALUATION_ERROR, f"{_where(text, field)} {what}.")
