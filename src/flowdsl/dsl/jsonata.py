"""JSONata in the DSL: `expr(...)` for readable `{% %}` strings, and conditions rendered as JSONata.

The same DSL code serves both query languages: `S.Status == 1` is a JSONPath Choice rule in a
JSONPath state and `{% $states.input.Status = 1 %}` in a JSONata one (the compiler calls
`condition_to_jsonata`). Paths map as AWS documents for JSONata states ("Transforming data with
JSONata in Step Functions"): `$` -> `$states.input`, `$$` -> `$states.context`, `$var` stays.
"""

from __future__ import annotations

import re

from flowdsl.dsl.conditions import And, Commented, Comparison, Condition, Constant, Not, Or, Test
from flowdsl.dsl.errors import DslError
from flowdsl.dsl.paths import Path
from flowdsl.expr.jsonata import JsonataSyntaxError, is_expression, parse
from flowdsl.model.operators import RELATIONS, TYPE_TESTS

# CORE's path text: a root (`$`, `$$`, `$name`) then `.key`, `['escaped key']` or `[index]` steps.
_ROOT = re.compile(r"\$\$|\$[A-Za-z_][A-Za-z0-9_]*|\$")
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(-?\d+)\]")
# A field name JSONata reads bare; others (and its keywords) go in backquotes.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS = frozenset({"and", "or", "in", "true", "false", "null", "function"})
# ASL IsTimestamp: an RFC 3339 date-time (ASL spec, "Choice Rules" / timestamps).
_RFC3339 = r"/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/"
# Characters with a meaning in a JSONata (JavaScript) regex literal, `/` included.
_REGEX_SPECIAL = re.compile(r"[\\^$.|?*+()\[\]{}/]")
# Python comparison -> JSONata operator.
_JSONATA = {relation.symbol: relation.jsonata for relation in RELATIONS}


class Expr(str):
    """A JSONata expression with its `{% %}` surround: usable wherever the DSL takes a value."""

    __slots__ = ()

    @property
    def body(self) -> str:
        """The expression without the surround."""
        return self[3:-3]


def expr(text: str | Path) -> Expr:
    """`expr("$states.input.Status = 1")` -> `"{% $states.input.Status = 1 %}"`, checked now.

    A `Path` becomes the JSONata path to the same value (`expr(S.order.id)` ->
    `{% $states.input.order.id %}`). Line breaks and the indentation around them become single
    spaces, so a long expression can be written over several lines of Python.
    """
    body = path_to_jsonata(text) if isinstance(text, Path) else _one_line(text)
    if is_expression(body):
        body = body[3:-3]
    try:
        parse(body)
    except JsonataSyntaxError as caught:
        raise DslError(
            "jsonata-syntax", f"invalid JSONata '{body}': {caught.message} (at character {caught.position})"
        ) from None
    return Expr(f"{{% {body} %}}")


def _one_line(text: object) -> str:
    if not isinstance(text, str):
        raise DslError("jsonata-syntax", f"expr() takes a str or a path, not {type(text).__name__}")
    return re.sub(r"\s*\n\s*", " ", text.strip())


def condition_to_jsonata(condition: Condition) -> str:
    """A DSL condition as a JSONata Choice `Condition`.

    `S.Status == 1` -> `{% $states.input.Status = 1 %}`; `&`, `|`, `~` -> `and`, `or`, `$not`.
    """
    return f"{{% {_render(condition)} %}}"


def path_to_jsonata(path: str | Path) -> str:
    """A JSONPath reference as JSONata: `$.a['b c'][0]` -> ``$states.input.a.`b c`[0]``."""
    text = str(path)
    root = _ROOT.match(text)
    if root is None:
        raise DslError("jsonata-path", f"path '{text}' must start with '$'")
    parts = [_root(root.group())]
    position = root.end()
    while position < len(text):
        step = _STEP.match(text, position)
        if step is None:
            raise DslError(
                "jsonata-path", f"path '{text}' cannot be written in JSONata (at '{text[position:]}')"
            )
        parts.append(_step(step))
        position = step.end()
    return "".join(parts)


def _root(root: str) -> str:
    return {"$": "$states.input", "$$": "$states.context"}.get(root, root)


def _step(step: re.Match[str]) -> str:
    key, quoted, index = step.groups()
    if index is not None:
        return f"[{index}]"
    name = key if key is not None else re.sub(r"\\(.)", r"\1", quoted)
    return "." + _field(name)


def _field(name: str) -> str:
    if _NAME.fullmatch(name) and name not in _KEYWORDS:
        return name
    if "`" in name:
        raise DslError("jsonata-path", f"field name '{name}' contains a backquote, which JSONata cannot name")
    return f"`{name}`"


def _render(condition: Condition) -> str:
    if isinstance(condition, Commented):
        return _render(condition.operand)
    if isinstance(condition, Constant):
        return "true" if condition.value else "false"
    if isinstance(condition, Comparison):
        return _comparison(condition)
    if isinstance(condition, Test):
        return _test(condition)
    if isinstance(condition, Not):
        return _negation(condition.operand)
    if isinstance(condition, And | Or):
        joiner = " and " if isinstance(condition, And) else " or "
        return joiner.join(_grouped(operand) for operand in condition.operands)
    raise DslError("invalid-condition", f"cannot render {type(condition).__name__} as JSONata")


def _grouped(condition: Condition) -> str:
    # Parentheses around nested And/Or say what the Python `&`/`|` grouping said.
    text = _render(condition)
    inner = condition.operand if isinstance(condition, Commented) else condition
    return f"({text})" if isinstance(inner, And | Or) else text


def _negation(operand: Condition) -> str:
    if isinstance(operand, Comparison) and operand.op == "==":
        return _comparison(operand, "!=")
    return f"$not({_render(operand)})"


def _comparison(comparison: Comparison, operator: str | None = None) -> str:
    left = path_to_jsonata(comparison.variable)
    right = _operand(comparison.value)
    if comparison.family == "Timestamp":
        # JSONata has no timestamp type: compare the instants, as ASL's Timestamp* operators do.
        left, right = f"$toMillis({left})", f"$toMillis({right})"
    return f"{left} {operator or _JSONATA[comparison.op]} {right}"


def _operand(value: bool | int | float | str | Path) -> str:
    if isinstance(value, Path):
        return path_to_jsonata(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string_literal(value)
    return repr(value)


def string_literal(text: str) -> str:
    """A JSONata string literal in single quotes (they read well inside JSON's double quotes).

    JSONata has no `\\'` escape (its escapes are JSON's), so a quote is written `\\u0027`.
    """
    escaped = text.replace("\\", "\\\\").replace("'", "\\u0027")
    escaped = "".join(char if ord(char) >= 0x20 else f"\\u{ord(char):04x}" for char in escaped)
    return f"'{escaped}'"


def _test(test: Test) -> str:
    path = path_to_jsonata(test.variable)
    if test.operator == "StringMatches":
        return f"$contains({path}, {_wildcard_regex(str(test.value))})"
    if test.operator == "IsPresent":
        text = f"$exists({path})"
    elif test.operator == "IsTimestamp":
        # No parentheses needed: `and` binds tighter than `or`, and `$not(...)` wraps it whole.
        text = f"$type({path}) = 'string' and $contains({path}, {_RFC3339})"
    else:
        text = f"$type({path}) = '{TYPE_TESTS[test.operator].jsonata_type}'"
    return text if test.value is True else f"$not({text})"


def _wildcard_regex(pattern: str) -> str:
    """ASL StringMatches (`*` any run, `\\*` a literal star) as an anchored JSONata regex."""
    pieces = re.split(r"(\\\\|\\\*|\*)", pattern)
    regex = "".join(_regex_piece(piece) for piece in pieces if piece)
    return f"/^{regex}$/"


def _regex_piece(piece: str) -> str:
    if piece == "*":
        return ".*"
    if piece in ("\\*", "\\\\"):
        return "\\" + piece[1]
    return _REGEX_SPECIAL.sub(r"\\\g<0>", piece)
