"""Paths and payload templates of JSONPath states (AWS "Paths" and "Payload templates").

Path syntax comes from `flowdsl.expr.jsonpath` and intrinsic calls from
`flowdsl.expr.intrinsics`, the same code the engine runs, so the checker and the runner never
disagree on what parses. JSONata states are left to `languages` (those fields are not allowed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flowdsl.checks.catalogue import JSONATA_HINT, report
from flowdsl.checks.choice import rules_of
from flowdsl.checks.context import Context, StateRef, asl_name, comparisons, is_set, set_fields, value_of
from flowdsl.diagnostics import Diagnostic
from flowdsl.expr import intrinsics
from flowdsl.expr.intrinsics_signatures import SIGNATURES, ArgType
from flowdsl.expr.jsonpath import PathSyntaxError, Root, compile_path
from flowdsl.model import ChoiceRule, ChoiceState, FailState, PassState
from flowdsl.model.fields import FIELDS, PATH_FIELDS, RULE_PATHS, TEMPLATE_FIELDS
from flowdsl.model.machine import pointer_escape
from flowdsl.model.operators import literal_family

# Jayway, the JSONPath library Step Functions uses, accepts a wider filter and script dialect
# (`[?(@.k == Name)]`, `[(@.length-1)]`) than RFC 9535; such brackets are checked as `[0]` so
# the rest of the path is still verified without second-guessing Jayway's expression syntax.
_FILTER = re.compile(r"\[\??\(.*?\)\]", re.DOTALL)
_LOOKS_LIKE_PATH = re.compile(r"^\$\$?(\.|\[|$)")
_LOOKS_LIKE_CALL = re.compile(r"^States\.[A-Za-z0-9]+\(.*\)\Z", re.DOTALL)
_MISCASED_CALL = re.compile(r"^states\.([A-Za-z0-9]+)\(.*\)\Z", re.DOTALL | re.IGNORECASE)
_FAIL_TEXTS = tuple(name for name in FailState.model_fields if FIELDS[name].path_form)


def jsonpath_states(ctx: Context) -> Iterator[StateRef]:
    """The states whose query language is JSONPath."""
    return (ref for ref in ctx.states if not ref.jsonata)


def path_fields(ctx: Context) -> Iterator[Diagnostic]:
    """Every path field parses, and is a reference path where ASL requires one."""
    for ref in jsonpath_states(ctx):
        for model, pointer in ref.parts:
            # A Choice rule's operands have their own rule (`choice_paths`), nested rules too.
            for name in set_fields(model, PATH_FIELDS):
                value = value_of(model, name)
                if isinstance(value, str):
                    field = asl_name(model, name)
                    yield from check_path(value, PATH_FIELDS[name], field, f"{pointer}/{field}")


def check_path(text: str, kind: str, field: str, pointer: str) -> Iterator[Diagnostic]:
    """Diagnostics for one path value of a field of the given kind."""
    if kind == "reference-or-intrinsic" and text.startswith("States."):
        yield from check_call(text, pointer)
        yield from _fail_text_call(text, field, pointer)
        return
    checked = mask_filters(text)
    try:
        path = compile_path(checked)
    except PathSyntaxError as exc:
        hint = " (intrinsic functions are not allowed here)" if text.startswith("States.") else ""
        if text.startswith("{%"):
            hint = f" ({JSONATA_HINT})"
        yield report("invalid-path", f"'{field}' '{text}' is not a valid path: {exc.message}{hint}", pointer)
        return
    if kind == "result" and path.root is not Root.INPUT:
        yield report(
            "invalid-result-path",
            f"'{field}' '{text}' must point into the state input ('$...'), not a variable or the context",
            pointer,
        )
    elif kind != "path" and not (path.is_reference and checked == text):
        yield report(
            "not-reference-path",
            f"'{field}' '{text}' must be a reference path: only '.name', \"['name']\" and '[index]' steps",
            pointer,
        )


def check_call(text: str, pointer: str) -> Iterator[Diagnostic]:
    """An intrinsic call parses, names a known function and has well-typed literal arguments."""
    try:
        call = intrinsics.parse(mask_filters(text))
    except intrinsics.IntrinsicSyntaxError as exc:
        yield report(exc.code, f"'{text}': {exc.message}", pointer)
    except RecursionError:
        yield report("invalid-intrinsic", f"'{_short(text)}' nests calls too deeply to parse", pointer)
    else:
        for problem in _literal_values(call):
            yield report("intrinsic-argument-type", f"'{_short(text)}': {problem}", pointer)
        if _depth(call) > MAX_NESTED_CALLS:
            message = (
                f"'{_short(text)}' nests {_depth(call)} intrinsic calls inside each other; "
                f"Step Functions allows {MAX_NESTED_CALLS}"
            )
            yield report("intrinsics-nested-too-deep", message, pointer)


# AWS "Intrinsic functions for JSONPath states": "You can nest up to 10 intrinsic functions
# within a field" (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html).
# Counted as calls inside each other (depth); docs/validation.md says why.
MAX_NESTED_CALLS = 10


def _depth(call: intrinsics.Call) -> int:
    inner = [_depth(arg) for arg in call.args if isinstance(arg, intrinsics.Call)]
    return 1 + max(inner, default=0)


def _fail_text_call(text: str, field: str, pointer: str) -> Iterator[Diagnostic]:
    """ErrorPath/CausePath must give a string: a call whose result is never one is refused (AWS
    "Fail workflow state": "an intrinsic function that returns a string")."""
    try:
        call = intrinsics.parse(mask_filters(text))
    except (intrinsics.IntrinsicSyntaxError, RecursionError):
        return  # reported by check_call
    signature = SIGNATURES.get(call.name)
    if signature is not None and signature.returns not in (ArgType.STRING, ArgType.ANY):
        message = f"'{field}' must give a string, but {call.name} returns {_a(signature.returns)}"
        yield report("fail-path-not-string", message, pointer)


def _a(kind: ArgType) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


# AWS "Intrinsic functions": States.Hash takes one of these algorithms, and States.JsonMerge
# supports only shallow merging ("you must specify the boolean value as false").
HASH_ALGORITHMS = ("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512")


def _literal_values(call: intrinsics.Call) -> Iterator[str]:
    """Literal arguments whose value (not type) the function always refuses at run time."""
    args = call.args
    if call.name == "States.Hash" and isinstance(args[1], intrinsics.Literal):
        algorithm = args[1].value
        if algorithm not in HASH_ALGORITHMS:
            yield f"'{algorithm}' is not a hash algorithm: use one of {', '.join(HASH_ALGORITHMS)}"
    if call.name == "States.JsonMerge" and isinstance(args[2], intrinsics.Literal) and args[2].value is True:
        yield "deep merge is not supported: the third argument must be false"
    for arg in args:
        if isinstance(arg, intrinsics.Call):
            yield from _literal_values(arg)


def mask_filters(text: str) -> str:
    """`text` with every Jayway filter or script bracket replaced by `[0]`.

    Only the part up to the last `)]` can hold one: matching just that part keeps the scan
    linear, where a filter opener with no closer after it would make the regex rescan the
    rest of the string from every opener (quadratic on a pathological path).
    """
    end = text.rfind(")]")
    if end < 0:
        return text
    return _FILTER.sub("[0]", text[: end + 2]) + text[end + 2 :]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def templates(ctx: Context) -> Iterator[Diagnostic]:
    """`key.$` values are paths or intrinsic calls; `key` and `key.$` never both appear."""
    for ref in jsonpath_states(ctx):
        for model, pointer in ref.parts:
            for name in set_fields(model, TEMPLATE_FIELDS):
                value = value_of(model, name)
                if value is not None:
                    yield from _template(value, f"{pointer}/{asl_name(model, name)}")


def _template(value: Any, pointer: str) -> Iterator[Diagnostic]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _template(item, f"{pointer}/{i}")
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        where = f"{pointer}/{pointer_escape(key)}"
        if key.endswith(".$"):
            yield from _dynamic(key, item, where)
            if key[:-2] in value:
                yield report(
                    "duplicate-payload-key",
                    f"'{key[:-2]}' and '{key}' both set the field '{key[:-2]}': keep one",
                    where,
                )
        else:
            yield from _no_dollar(key, item, where)
            yield from _template(item, where)


def _dynamic(key: str, value: Any, pointer: str) -> Iterator[Diagnostic]:
    if isinstance(value, str) and value.startswith("States."):
        yield from check_call(value, pointer)
    elif isinstance(value, str) and (miscased := _MISCASED_CALL.match(value)):
        # 'states.Format(...)': intrinsic names are case-sensitive (AWS "Intrinsic functions").
        yield report(
            "unknown-intrinsic",
            f"'{_short(value)}' is not an intrinsic function call: names are case-sensitive, "
            f"write 'States.{miscased.group(1)}'",
            pointer,
        )
    elif isinstance(value, str) and value.startswith("$"):
        yield from check_path(value, "path", key, pointer)
    else:
        shown = f"'{value}'" if isinstance(value, str) else f"a JSON {type(value).__name__}"
        yield report(
            "invalid-payload-path",
            f"'{key}' ends in '.$' so its value must be a path or an intrinsic function call, not {shown}",
            pointer,
        )


def _no_dollar(key: str, value: Any, pointer: str) -> Iterator[Diagnostic]:
    if isinstance(value, str) and (_LOOKS_LIKE_PATH.match(value) or _LOOKS_LIKE_CALL.match(value)):
        yield report(
            "no-dollar",
            f"'{key}' holds '{value}', which is kept as a literal string; name the key '{key}.$' "
            "to evaluate it",
            pointer,
        )


def static_results(ctx: Context) -> Iterator[Diagnostic]:
    """PASS_RESULT_IS_STATIC: `key.$` inside a Pass `Result` is copied literally, never evaluated."""
    for ref in jsonpath_states(ctx):
        if isinstance(ref.state, PassState) and is_set(ref.state, "result"):
            for where, key in _dollar_keys(ref.state.result, f"{ref.pointer}/Result"):
                yield report(
                    "pass-result-is-static",
                    f"'Result' is static: '{key}' is not evaluated; use 'Parameters' for paths",
                    where,
                )


def _dollar_keys(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{pointer}/{pointer_escape(key)}"
            if key.endswith(".$"):
                yield where, key
            yield from _dollar_keys(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _dollar_keys(item, f"{pointer}/{i}")


def no_path(ctx: Context) -> Iterator[Diagnostic]:
    """NO_PATH: a literal field holding what looks like a path, where a `*Path` field exists."""
    for ref in jsonpath_states(ctx):
        for model, pointer in ref.parts:
            for field, value in _literal_fields(model):
                if isinstance(value, str) and _LOOKS_LIKE_PATH.match(value):
                    yield report(
                        "no-path",
                        f"'{field}' holds '{value}', which is used literally; did you mean '{field}Path'?",
                        f"{pointer}/{field}",
                    )


def _literal_fields(model: Any) -> list[tuple[str, Any]]:
    if isinstance(model, FailState):
        # Error and Cause, the Fail fields with a `*Path` form.
        return [(FIELDS[name].asl_name, value_of(model, name)) for name in _FAIL_TEXTS]
    if not isinstance(model, ChoiceRule):
        return []
    return [(name, value) for name, value in comparisons(model) if literal_family(name) == "String"]


def choice_paths(ctx: Context) -> Iterator[Diagnostic]:
    """Choice `Variable` and `*Path` comparison values parse as paths (nested rules too).

    Any Path, not only a Reference Path: ASL spec "Data-test expression": "A Data-test
    Expression MUST contain a field named "Variable" whose value MUST be a Path", and "for
    those operators that end with Path, the value MUST be a Path" (https://states-language.net/).
    """
    for ref in jsonpath_states(ctx):
        if not isinstance(ref.state, ChoiceState):
            continue
        for rule, pointer, _ in rules_of(ref.state, ref.pointer):
            for name in set_fields(rule, RULE_PATHS):
                value, field = value_of(rule, name), FIELDS[name].asl_name
                if isinstance(value, str):
                    yield from check_path(value, "path", field, f"{pointer}/{field}")


RULES = (path_fields, templates, static_results, no_path, choice_paths)
