"""A Task calling an optimized integration, written with its typed constructor where one fits.

`arn:aws:states:::sns:publish.waitForTaskToken` with `Parameters: {"TopicArn": ..., "Message.$":
"$.msg"}` becomes `sns_publish("Notify", topic_arn=..., message=S.msg, callback=True)`: the
registry (flowdsl.model.integrations) names the constructor, whose keyword arguments are the
API's parameters in snake_case. Anything the constructor cannot say as given (a parameter it
has no keyword for, a `.$` value that is not a plain path, a payload in the other query
language's field) keeps the plain `Task(..., resource=...)`; the module's own verification
falls back to that spelling too when a constructor would write something else.
"""

from __future__ import annotations

import inspect
from typing import Any

from flowdsl import integrations as constructors
from flowdsl.importer.code import Atom, Node
from flowdsl.importer.values import Names, jsonata_node, path_code, py_str, render
from flowdsl.model import QueryLanguage
from flowdsl.model.integrations import integration
from flowdsl.model.integrations.call import parse_call

# The constructors' own keywords, not API parameters.
_CONTROL = frozenset({"name", "sync", "callback", "options"})
# Constructors whose keywords mean more than a parameter (a Python handler, a function name).
_SPECIAL = frozenset({"lambda_invoke"})
INTEGRATION_NAMES = frozenset(constructors.__all__)


def typed_call(
    data: dict[str, Any], *, language: QueryLanguage, names: Names
) -> tuple[str, list[tuple[str, Node]], set[str]] | None:
    """(constructor, its keyword arguments, the ASL fields they cover), or None to keep `Task`."""
    call = parse_call(data.get("Resource"))
    entry = integration(call.service, call.action) if call is not None and not call.sdk else None
    if call is None or entry is None or entry.constructor in (None, *_SPECIAL):
        return None
    function = getattr(constructors, str(entry.constructor), None)
    if function is None:
        return None
    field = "Arguments" if language == "JSONata" else "Parameters"
    if ("Parameters" if field == "Arguments" else "Arguments") in data:
        return None
    parameters = _parameters(function)
    keywords = _payload(data.get(field, {}), parameters, language, names)
    flags = _pattern_flags(call.pattern, parameters)
    if keywords is None or flags is None or not _required(parameters) <= {k for k, _ in keywords}:
        return None
    return str(entry.constructor), [*keywords, *flags], {"Resource", field}


def _parameters(function: Any) -> dict[str, inspect.Parameter]:
    return {
        name: parameter
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.kind is not parameter.VAR_KEYWORD
    }


def _required(parameters: dict[str, inspect.Parameter]) -> set[str]:
    return {
        name
        for name, parameter in parameters.items()
        if name not in _CONTROL and parameter.default is inspect.Parameter.empty
    }


def _pattern_flags(pattern: str, parameters: dict[str, inspect.Parameter]) -> list[tuple[str, Node]] | None:
    if pattern == "":
        return []
    flag = "callback" if pattern == ".waitForTaskToken" else "sync"
    return [(flag, Atom("True"))] if flag in parameters else None


def _payload(
    payload: Any, parameters: dict[str, inspect.Parameter], language: QueryLanguage, names: Names
) -> list[tuple[str, Node]] | None:
    if not isinstance(payload, dict):
        return None
    found: list[tuple[str, Node]] = []
    for key, value in payload.items():
        dynamic = language != "JSONata" and key.endswith(".$")
        keyword = _snake(key[:-2] if dynamic else key)
        node = _member(value, dynamic, language, names)
        if keyword in _CONTROL or keyword not in parameters or node is None:
            return None
        found.append((keyword, node))
    return found


def _member(value: Any, dynamic: bool, language: QueryLanguage, names: Names) -> Node | None:
    """One parameter's value, as the constructor's payload template would write it back."""
    if language == "JSONata":
        return (
            (jsonata_node(value, names) or Atom(py_str(value)))
            if isinstance(value, str)
            else render(value, "jsonata", names)
        )
    if dynamic:
        code = path_code(value, names) if isinstance(value, str) else None
        return Atom(code) if code is not None else None
    return render(value, "template", names)


def _snake(key: str) -> str:
    out = []
    for index, char in enumerate(key):
        if (
            char.isupper()
            and index
            and (not key[index - 1].isupper() or key[index + 1 : index + 2].islower())
        ):
            out.append("_")
        out.append(char.lower())
    return "".join(out)
