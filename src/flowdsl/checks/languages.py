"""Query languages: fields allowed per language, and `{% %}` JSONata expressions that parse.

AWS "Transforming data with JSONata in Step Functions": a JSONata state has no InputPath,
Parameters, ResultSelector, ResultPath, OutputPath or `*Path` fields (it uses Arguments,
Output, Assign, Items and Condition), and a JSONPath state has none of the JSONata fields.
`$states.result` exists only in the Output and Assign of Task, Parallel and Map states, and
`$states.errorOutput` only in a Catcher's Output and Assign.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from flowdsl.checks.catalogue import report
from flowdsl.checks.context import Context, StateRef, asl_name, is_set, set_fields
from flowdsl.diagnostics import Diagnostic, did_you_mean
from flowdsl.expr import jsonata
from flowdsl.model import MapState, ParallelState, TaskState
from flowdsl.model.fields import AFTER_RESULT, FIELDS, NOT_EVALUATED, FieldFacts
from flowdsl.model.machine import json_children

_STATES_REF = re.compile(r"\$states\.([A-Za-z_][A-Za-z0-9_]*)")
STATES_FIELDS = ("input", "result", "errorOutput", "context")


def field_languages(ctx: Context) -> Iterator[Diagnostic]:
    """No JSONPath-only field in a JSONata state, and no JSONata-only field in a JSONPath one."""
    for ref in ctx.states:
        for model, pointer in ref.parts:
            for name in set_fields(model):
                field = asl_name(model, name)
                yield from _field_language(ref, FIELDS[name], f"{pointer}/{field}")


# A field of the other query language: its code, and the message's advice.
_OTHER_LANGUAGE = {
    "JSONPath": ("jsonpath-only-field", "use {instead}"),
    "JSONata": ("jsonata-only-field", 'set \'"QueryLanguage": "JSONata"\' on the state or the machine'),
}


def _field_language(ref: StateRef, facts: FieldFacts, pointer: str) -> Iterator[Diagnostic]:
    if facts.only is not None and facts.only != ref.language:
        code, advice = _OTHER_LANGUAGE[facts.only]
        message = f"'{facts.asl_name}' is a {facts.only} field but state '{ref.name}' uses {ref.language}"
        yield report(code, f"{message}; {advice.format(instead=facts.instead)}", pointer)


def expressions(ctx: Context) -> Iterator[Diagnostic]:
    """Every `{% %}` string of a JSONata state parses and uses `$states` only where defined."""
    for ref, pointer, text in jsonata_strings(ctx):
        yield from _expression(ref, text, pointer)


def jsonata_strings(ctx: Context) -> Iterator[tuple[StateRef, str, str]]:
    """Every string JSONata evaluates in every JSONata state: (state, pointer, text)."""
    for ref in ctx.states:
        if ref.jsonata:
            for pointer, text in strings_of(ref.state, ref.pointer):
                yield ref, pointer, text


def strings_of(model: BaseModel, pointer: str) -> Iterator[tuple[str, str]]:
    """Every string value JSONata would evaluate in a state, with its pointer."""
    for name in set_fields(model):
        if name not in NOT_EVALUATED:
            yield from _strings(getattr(model, name), f"{pointer}/{asl_name(model, name)}")


def _strings(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, BaseModel):
        yield from strings_of(value, pointer)
    else:
        for where, item in json_children(value, pointer):
            yield from _strings(item, where)


def _expression(ref: StateRef, text: str, pointer: str) -> Iterator[Diagnostic]:
    problem = jsonata.surround_error(text)
    if problem is not None:
        yield report("invalid-jsonata", f"'{_short(text)}': {problem}", pointer)
        return
    if not jsonata.is_expression(text):
        return
    try:
        jsonata.parse(text)
    except jsonata.JsonataSyntaxError as exc:
        yield report("invalid-jsonata", f"'{_short(text)}' does not parse: {exc.message}", pointer)
        return
    except RecursionError:
        yield report("invalid-jsonata", f"'{_short(text)}' is nested too deeply to parse", pointer)
        return
    yield from _states_fields(ref, text, pointer)


def _states_fields(ref: StateRef, text: str, pointer: str) -> Iterator[Diagnostic]:
    for match in _STATES_REF.finditer(text):
        name = match.group(1)
        if name not in STATES_FIELDS:
            yield report(
                "unknown-states-field",
                f"'$states.{name}' is always undefined: $states has input, result, errorOutput and "
                f"context{did_you_mean(name, STATES_FIELDS)}",
                pointer,
            )
        elif name in ("result", "errorOutput") and not _states_allowed(
            ref, name, pointer[len(ref.pointer) :]
        ):
            yield report(
                "states-result-not-allowed",
                f"'$states.{match.group(1)}' is not defined here; {_where_allowed(match.group(1))}",
                pointer,
            )


def _states_allowed(ref: StateRef, name: str, relative: str) -> bool:
    parts = relative.split("/")[1:]
    if name == "result":
        has_result = isinstance(ref.state, TaskState | ParallelState | MapState)
        return has_result and parts[0] in AFTER_RESULT
    return parts[0] == "Catch" and len(parts) > 2 and parts[2] in AFTER_RESULT


def _where_allowed(name: str) -> str:
    if name == "result":
        return "it exists only in 'Output' and 'Assign' of Task, Parallel and Map states"
    return "it exists only in a Catch entry's 'Output' and 'Assign'"


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."


def machine_language(ctx: Context) -> Iterator[Diagnostic]:
    """A JSONPath state in a JSONata machine is an error: AWS says "You cannot revert a top-level
    JSONata-based state machine to a mix of JSONata and JSONPath states" (State machine
    structure, https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html)
    and AWS CDK refuses it ("If JSONata is specified at the top level, JSONPath cannot be used
    in the state machine definition")."""
    if ctx.machine.language != "JSONata":
        return
    for ref in ctx.states:
        if ref.state.query_language == "JSONPath":
            yield report(
                "query-language-conflict",
                f"state '{ref.name}' uses JSONPath but the machine's 'QueryLanguage' is JSONata; only a "
                "JSONPath machine can mix in JSONata states",
                f"{ref.pointer}/QueryLanguage",
            )


def map_items(ctx: Context) -> Iterator[Diagnostic]:
    """A JSONata Map's `Items` is an array, an object or one `{% %}` expression.

    AWS "Transforming data with JSONata": "The Map state Items field will accept a JSON array,
    a JSON object, or a JSONata expression that must evaluate to an array or object"; a plain
    string or number is a mistake (often a JSONPath `$.items` carried over from `ItemsPath`).
    """
    for ref in ctx.states:
        if not (ref.jsonata and isinstance(ref.state, MapState)) or not is_set(ref.state, "items"):
            continue
        items = ref.state.items
        if isinstance(items, str | int | float | bool) and not (
            isinstance(items, str) and items.startswith("{%")
        ):
            yield report(
                "invalid-type",
                f"'Items' must be an array, an object or a JSONata '{{% %}}' expression, "
                f"not {json.dumps(items)}",
                f"{ref.pointer}/Items",
            )


RULES = (field_languages, expressions, machine_language, map_items)
