"""The half of `flowdsl.expr.jsonata` that needs jsonata-python: compiling and evaluating.

`flowdsl.expr.jsonata` imports this module on the first expression it parses or evaluates,
so a machine without JSONata (and every command that checks or runs one) never imports the
library; what it exposes stays in `flowdsl.expr.jsonata`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jsonata import Jsonata  # type: ignore[import-untyped]
from jsonata.jexception import JException  # type: ignore[import-untyped]

from flowdsl.expr.errors import JsonataSyntaxError, query_failure, query_returned
from flowdsl.expr.jsonata_functions import AwsFunctionError, aws_bindings, clock_bindings
from flowdsl.expr.jsonata_values import UndefinedResultError, UnsupportedResultError, from_result, to_binding
from flowdsl.expr.ordering import utf16_key
from flowdsl.expr.timed_regex import RegexTimeout, budget, jsonata_engine
from flowdsl.model.base import Json

if TYPE_CHECKING:
    from flowdsl.expr.jsonata import Expression, Scope

_ORDER = {"<": bytes.__lt__, "<=": bytes.__le__, ">": bytes.__gt__, ">=": bytes.__ge__}


class StepFunctionsJsonata(Jsonata):  # type: ignore[misc]
    """JSONata with strings ordered as on AWS, by UTF-16 code unit (`expr.ordering`): AWS runs
    JSONata on the JVM, where JavaScript's string order (also by code unit) is kept."""

    def evaluate_comparison_expression(self, lhs: Any, rhs: Any, op: str | None) -> Any:
        if isinstance(lhs, str) and isinstance(rhs, str) and op in _ORDER:
            return _ORDER[op](utf16_key(lhs), utf16_key(rhs))
        return super().evaluate_comparison_expression(lhs, rhs, op)


def compiled(body: str) -> Any:
    """`body` compiled; `JsonataSyntaxError` with JSONata's message and the error's position."""
    try:
        expression = StepFunctionsJsonata(body, jsonata_engine)
    except JException as error:
        raise JsonataSyntaxError(str(error), body, error.location, error.error) from None
    # Keep JSONata's nulls: `null` and `undefined` differ for Step Functions.
    expression.set_output_convert_nulls(False)
    return expression


# AWS's functions are stateless: built once, copied into each evaluation's bindings.
_AWS_FUNCTIONS = aws_bindings()


def bindings(scope: Scope) -> dict[str, Any]:
    """What an expression evaluated in `scope` sees: AWS's functions, variables, `$states`."""
    bound = dict(_AWS_FUNCTIONS)
    now = scope.get("now")
    if now is not None:
        bound.update(clock_bindings(now))
    bound.update((name, to_binding(value)) for name, value in scope["variables"].items())
    bound["states"] = to_binding(dict(scope["states"]))
    return bound


def run(expression: Expression, bound: Mapping[str, Any], field: str, limits: tuple[int, int]) -> Json:
    """The expression's result under `bound`, or Step Functions' `States.QueryEvaluationError`;
    `limits` are the runaway guard's milliseconds and depth (`jsonata.TIMEOUT_MS`, `MAX_DEPTH`)."""
    # jsonata-python evaluates through a per-thread "current" instance (it reads `$now()`'s
    # timestamp there); point it at this expression, as constructing it would have.
    Jsonata.CURRENT.jsonata = expression.compiled
    try:
        with budget(limits[0] / 1000):
            return from_result(expression.compiled.evaluate(None, _bounded(bound, limits)))
    except RegexTimeout as error:
        raise query_failure(expression.text, field, f"D1012: {error}") from None
    except UndefinedResultError:
        raise query_returned(expression.text, field, "returned nothing (undefined)") from None
    except UnsupportedResultError:
        raise query_returned(expression.text, field, "returned an unsupported result type") from None
    except JException as error:
        raise query_failure(expression.text, field, f"{error.error}: {error}") from None
    except AwsFunctionError as error:
        raise query_failure(expression.text, field, str(error)) from None
    except (ArithmeticError, RecursionError, ValueError, TypeError) as error:
        raise query_failure(expression.text, field, _python_failure(error)) from None


def builtin_names() -> frozenset[str]:
    """Names JSONata binds itself: its functions (less `$eval`, which Step Functions removes),
    AWS's added ones, `$states`, and `$` / `$$` (the context and the root)."""
    return (frozenset(Jsonata.static_frame.bindings) | frozenset(_AWS_FUNCTIONS) | {"states", "", "$"}) - {
        "eval"
    }


def _bounded(bound: Mapping[str, Any], limits: tuple[int, int]) -> dict[str, Any]:
    """The bindings plus a fresh runaway guard: the library keeps its guard (and its start time)
    on the compiled expression, which is cached, so each evaluation brings its own."""
    guard = Jsonata.Frame(None)
    guard.set_runtime_bounds(*limits)
    return {**bound, **guard.bindings}


def _python_failure(error: Exception) -> str:
    # The library lets some JavaScript-level failures through as Python exceptions; JSONata
    # reports a division by zero (a result of Infinity) as D1001.
    if isinstance(error, ZeroDivisionError | OverflowError):
        return "D1001: Number out of range"
    if isinstance(error, RecursionError):  # Python's stack ran out before MAX_DEPTH
        return f"D1011: {JException('D1011', -1)}"
    return str(error)
