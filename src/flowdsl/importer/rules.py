"""Choice rules as DSL conditions: `S.Status == 1`, `&`, `|`, `~`, `is_present(...)`, `expr(...)`.

One table (`flowdsl.model.choice`) names the ASL operators; the DSL picks the operator family
from the Python type of the literal (ASL spec "Choice Rules"), so each rule is written back
with the literal that gives its family, or with `numeric()`/`string()`/`boolean()`/`timestamp()`
around a path where the literal alone would not say it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from flowdsl.diagnostics import FlowdslError, error
from flowdsl.dsl.conditions import And, Condition, Or, compare
from flowdsl.dsl.jsonata import condition_to_jsonata
from flowdsl.dsl.paths import Path
from flowdsl.importer.code import NOQA, Atom, BinOp, Node, Paren, flat
from flowdsl.importer.values import Names, jsonata_node, path_code, path_node, py_literal, py_str
from flowdsl.locations import Pointer
from flowdsl.model import ChoiceRule
from flowdsl.model.choice import COMPARISON_OPERATORS
from flowdsl.model.fields import BY_ASL
from flowdsl.model.operators import COMPARISONS, MATCHES, TYPE_TESTS

# The DSL helper that writes each type test: named as the model's field (`is_present`).
_TESTS = {test: BY_ASL[test].name for test in TYPE_TESTS}
# The keys a rule may hold besides its condition; the caller writes them as `.when()` options.
RULE_OPTIONS = ("Comment", "Assign", "Output", "Next")


class UnsupportedError(FlowdslError):
    """A construct with no DSL spelling; `pointer` says where (relative to the rule)."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__([error("import-unsupported", message, Pointer(pointer))])
        self.pointer = pointer
        self.reason = message


@dataclass(frozen=True)
class Cond:
    """A condition's Python text and what it is, to know where it needs parentheses.

    `kind`: "compare" (`S.x == 1`, `symbol` its operator), "call" (`is_present(S.x)`),
    "group" (`a & b`, `a | b`) or "not" (`~...`).
    """

    text: str
    kind: str
    symbol: str = ""
    parts: tuple[Cond, ...] = ()
    trailer: str = ""

    def operand(self) -> str:
        """The text as an operand of `&`, `|` or `~`."""
        return f"({self.text})" if self.kind in ("compare", "group") else self.text

    def node(self) -> Node:
        """The condition as a layout node: groups split one operand a line, as ruff does."""
        if self.kind == "group":
            return BinOp(
                "&" if self.symbol == "And" else "|", tuple(part.operand_node() for part in self.parts)
            )
        if self.trailer:
            return Paren(self.parts[0].node(), self.trailer)
        return Atom(self.text)

    def operand_node(self) -> Node:
        """`node()` as an operand of `&` or `|`."""
        return Paren(self.node()) if self.kind in ("compare", "group") else self.node()


def condition(rule: ChoiceRule, names: Names, pointer: str, *, jsonata: bool = False) -> Node:
    """A top-level rule's condition (its Comment, Assign, Output and Next are options).

    In a JSONata state (`jsonata`), a `Condition` the DSL writes for a comparison is written
    as that comparison (`S.Status == 1`), as examples/callcenter_jsonata.py does.
    """
    data = rule.model_dump(by_alias=True, exclude_unset=True)
    if "Condition" in data:
        return _jsonata_condition(data["Condition"], names, pointer, jsonata=jsonata)
    return _cond(rule, data, names, pointer, top=True).node()


def _jsonata_condition(value: Any, names: Names, pointer: str, *, jsonata: bool) -> Node:
    if isinstance(value, bool):
        return Atom(f"{names.use('constant')}({py_literal(value)})")
    if not isinstance(value, str):
        raise UnsupportedError(f"a Choice 'Condition' of {py_literal(value)} has no DSL spelling", pointer)
    comparison = _jsonata_comparison(value, names) if jsonata else None
    return comparison or jsonata_node(value, names) or Atom(py_str(value))


# `$states.input.Status = 1`: what `S.Status == 1` compiles to in a JSONata state.
_JSONATA_COMPARISON = re.compile(
    r"^(?P<path>\$states\.(?:input|context)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*) "
    r"(?P<op>=|!=|<=|>=|<|>) (?P<value>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|'[^'\\]*'|true|false)$"
)
_JSONATA_OPS = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _jsonata_comparison(text: str, names: Names) -> Node | None:
    """`S.Status == 1` (or `(S.a == 1) & (S.b > 2)`) for the JSONata the DSL writes for it,
    when it writes exactly `text`."""
    if not (text.startswith("{% ") and text.endswith(" %}")):
        return None
    body, scratch = text[3:-3], Names()
    found = _one_comparison(body, scratch)
    if found is not None:
        node: Node = Atom(found[0])
        condition = found[1]
    else:
        combined = _combination(body, scratch)
        if combined is None:
            return None
        node, condition = combined
    if condition_to_jsonata(condition) != text:
        return None
    names.used |= scratch.used
    return node


def _combination(body: str, names: Names) -> tuple[Node, Condition] | None:
    for joiner, symbol, kind in ((" and ", "&", And), (" or ", "|", Or)):
        parts = [_one_comparison(part, names) for part in body.split(joiner)]
        if len(parts) > 1 and all(part is not None for part in parts):
            found = [part for part in parts if part is not None]
            node = BinOp(symbol, tuple(Paren(Atom(code)) for code, _ in found))
            return node, kind(tuple(condition for _, condition in found))
    return None


def _one_comparison(body: str, names: Names) -> tuple[str, Condition] | None:
    match = _JSONATA_COMPARISON.match(body)
    if match is None:
        return None
    path_text = re.sub(r"^\$states\.input", "$", re.sub(r"^\$states\.context", "$$", match["path"]))
    raw, op = match["value"], _JSONATA_OPS[match["op"]]
    value: Any = raw[1:-1] if raw.startswith("'") else json.loads(raw)
    code = path_code(path_text, names)
    if code is None or (isinstance(value, bool) and op not in ("==", "!=")):
        return None
    try:
        condition = compare(Path(path_text), op, value)
    except FlowdslError:
        return None
    marker = NOQA if isinstance(value, bool) else ""
    return f"{code} {op} {py_literal(value)}{marker}", condition


def _data(rule: ChoiceRule) -> dict[str, Any]:
    data: dict[str, Any] = rule.model_dump(by_alias=True, exclude_unset=True)
    return data


def _cond(rule: ChoiceRule, data: dict[str, Any], names: Names, pointer: str, *, top: bool) -> Cond:
    if not top and "Comment" in data:
        inner = _cond(rule, {k: v for k, v in data.items() if k != "Comment"}, names, pointer, top=False)
        trailer = f".with_comment({py_str(data['Comment'])})"
        if inner.kind == "group":
            return Cond(f"{inner.operand()}{trailer}", "call", parts=(inner,), trailer=trailer)
        return Cond(f"{inner.operand()}{trailer}", "call")
    extra = [key for key in data if key in RULE_OPTIONS and not top]
    extra += [key for key in data if key not in RULE_OPTIONS and key not in _OPERAND_KEYS]
    if extra:
        raise UnsupportedError(
            f"a nested Choice rule's '{extra[0]}' has no DSL spelling", f"{pointer}/{extra[0]}"
        )
    combinators = [key for key in ("And", "Or", "Not") if key in data]
    comparisons = rule.comparisons()
    if len(combinators) + len(comparisons) != 1 or (combinators and "Variable" in data):
        raise UnsupportedError("a Choice rule needs exactly one operator to be written in the DSL", pointer)
    if combinators == ["Not"]:
        assert rule.not_ is not None
        return _negate(_cond(rule.not_, _data(rule.not_), names, f"{pointer}/Not", top=False))
    if combinators:
        return _combined(rule, combinators[0], names, pointer)
    if rule.variable is None:
        raise UnsupportedError("a Choice rule without 'Variable' has no DSL spelling", pointer)
    return _comparison(rule.variable, *comparisons[0], names, pointer)


_OPERAND_KEYS = frozenset({"Variable", "And", "Or", "Not", *COMPARISON_OPERATORS})


def _combined(rule: ChoiceRule, key: str, names: Names, pointer: str) -> Cond:
    children = (rule.and_ if key == "And" else rule.or_) or []
    parts = [
        _cond(child, _data(child), names, f"{pointer}/{key}/{i}", top=False)
        for i, child in enumerate(children)
    ]
    if len(parts) < 2 or any(part.kind == "group" and part.symbol == key for part in parts):
        # `&`/`|` build one flat And/Or of two or more; other shapes need the class itself.
        texts = [part.text for part in parts]
        trailing = "," if len(texts) == 1 else ""
        return Cond(f"{names.use(key)}(({', '.join(texts)}{trailing}))", "call")
    joiner = " & " if key == "And" else " | "
    return Cond(joiner.join(part.operand() for part in parts), "group", key, tuple(parts))


def _negate(operand: Cond) -> Cond:
    if operand.kind == "compare" and operand.symbol == "==":
        return Cond(operand.text.replace(" == ", " != ", 1), "compare", "!=")
    return Cond(f"~{operand.operand()}", "not")


def _comparison(variable: str, operator: str, value: Any, names: Names, pointer: str) -> Cond:
    left = flat(path_node(variable, names))
    if operator in _TESTS:
        func = names.use(_TESTS[operator])
        return Cond(f"{func}({left})" if value is True else f"{func}({left}, {py_literal(value)})", "call")
    if operator == MATCHES:
        return Cond(f"{names.use('matches')}({left}, {py_str(value)})", "call")
    found = COMPARISONS[operator]
    family, symbol = found.family, found.relation.symbol
    if family == "Timestamp" and not found.by_path:
        names.use("timestamp")
    if found.by_path:
        right = _path_operand(value, family, symbol, names)
        return Cond(f"{left} {symbol} {right}", "compare", symbol)
    return Cond(_literal_comparison(left, symbol, family, value, pointer), "compare", symbol)


def _path_operand(value: Any, family: str, symbol: str, names: Names) -> str:
    right = path_code(value, names) if isinstance(value, str) else None
    if right is None:
        right = f"{names.use('Path')}({py_str(str(value))})"
    if family == "Numeric" and symbol != "==":
        return right  # `S.total > S.limit` compares numbers unless told otherwise
    return f"{names.use(family.lower())}({right})"


def _literal_comparison(left: str, symbol: str, family: str, value: Any, pointer: str) -> str:
    if family == "Timestamp":
        return f"timestamp({left}) {symbol} {py_str(value)}"
    if family == "Boolean":
        return f"{left} == {py_literal(value)}{NOQA}"
    if family == "String":
        return f"{left} {symbol} {py_str(value)}"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise UnsupportedError(f"{value!r} is not a number", pointer)
    return f"{left} {symbol} {py_literal(value)}"
