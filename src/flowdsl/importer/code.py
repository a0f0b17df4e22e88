"""Python expressions as a small tree, laid out the way `ruff format` lays them out.

The importer builds `Atom`, `Call`, `Items`, `BinOp` and `Fluent` nodes and `layout` turns a
statement into lines: flat when the line fits in `WIDTH` (ruff's default line length), else
split like ruff (and black) split: at the last bracket, with the body on one indented line
when it fits there and one item a line with a trailing comma otherwise; operator chains one
operand a line; a call chain of two or more methods one `.method(...)` a line inside
parentheses. A comparison with `True`/`False` carries ruff's `# noqa: E712`, which ruff leaves
out of the line width as it does every pragma comment.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TypeAlias

WIDTH = 88
INDENT = 4
NOQA = "\x00"  # marks an atom whose line needs the E712 pragma; never in generated text


@dataclass(frozen=True)
class Atom:
    """Text that is never split: a name, a literal, a path, a parenthesised condition."""

    text: str


@dataclass(frozen=True)
class Call:
    """`func(arg, name=value, ...)`; `args` holds `(keyword or None, value)` pairs."""

    func: str
    args: tuple[tuple[str | None, Node], ...]


@dataclass(frozen=True)
class Items:
    """A list (`[...]`) or a dict (`{...}`, `pairs` True: items alternate key, value)."""

    brackets: str
    items: tuple[Node, ...]
    pairs: bool = False


@dataclass(frozen=True)
class BinOp:
    """Operands joined by one operator: `a >> b >> c`, `x & y`."""

    op: str
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Fluent:
    """`base.m1(...).m2(...)`: a call followed by method calls."""

    base: Node
    calls: tuple[Call, ...]


@dataclass(frozen=True)
class Paren:
    """`(inner)` followed by `trailer` text: a grouped condition, `(a | b).with_comment("...")`."""

    inner: Node
    trailer: str = ""


Node: TypeAlias = "Atom | Call | Items | BinOp | Fluent | Paren"


def flat(node: Node) -> str:
    """The node on one line."""
    if isinstance(node, Atom):
        return node.text
    if isinstance(node, Call):
        return f"{node.func}({_joined(node)})"
    if isinstance(node, Items):
        return f"{node.brackets[0]}{_joined(node)}{node.brackets[1]}"
    if isinstance(node, BinOp):
        return f" {node.op} ".join(flat(operand) for operand in node.operands)
    if isinstance(node, Paren):
        return f"({flat(node.inner)}){node.trailer}"
    return flat(node.base) + "".join(f".{flat(call)}" for call in node.calls)


def _entries(node: Call | Items) -> list[tuple[str, Node]]:
    """Each item as (prefix, value): `name=` for keywords, `key: ` for dict entries."""
    if isinstance(node, Call):
        return [(f"{key}=" if key else "", value) for key, value in node.args]
    if node.pairs:
        keys, values = node.items[::2], node.items[1::2]
        return [(f"{flat(key)}: ", value) for key, value in zip(keys, values, strict=True)]
    return [("", item) for item in node.items]


def _joined(node: Call | Items) -> str:
    return ", ".join(prefix + flat(value) for prefix, value in _entries(node))


def width(text: str) -> int:
    """Columns the text takes, wide East Asian characters counting two (as ruff counts)."""
    wide = sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")
    return len(text) + wide - text.count(NOQA)


def layout(node: Node, prefix: str = "", indent: int = 0) -> list[str]:
    """A statement `prefix + node` as formatted lines (without the trailing newline)."""
    lines = _lines(node, indent, prefix, "", statement=True)
    return [_pragma(line) for line in lines]


def _pragma(line: str) -> str:
    return line.replace(NOQA, "") + "  # noqa: E712" if NOQA in line else line


def _fits(text: str) -> bool:
    return width(text) <= WIDTH


def _lines(node: Node, indent: int, prefix: str, suffix: str, *, statement: bool = False) -> list[str]:
    pad = " " * indent
    one = f"{pad}{prefix}{flat(node)}{suffix}"
    if _fits(one):
        return [one]
    if isinstance(node, Call | Items):
        head = f"{prefix}{node.func}(" if isinstance(node, Call) else f"{prefix}{node.brackets[0]}"
        close = ")" if isinstance(node, Call) else node.brackets[1]
        return _bracket(head, _entries(node), close + suffix, indent, literal=isinstance(node, Items))
    if isinstance(node, BinOp):
        return _operators(node, indent, prefix, suffix, statement=statement)
    if isinstance(node, Fluent):
        return _fluent(node, indent, prefix, suffix)
    if isinstance(node, Paren):
        pad = " " * indent
        inner = _lines(node.inner, indent + INDENT, "", "")
        return [f"{pad}{prefix}(", *inner, f"{pad}){node.trailer}{suffix}"]
    return [one]


def _bracket(
    head: str, entries: list[tuple[str, Node]], tail: str, indent: int, *, literal: bool = False
) -> list[str]:
    """Split at a bracket: the body on one indented line if it fits, else one item a line.

    A list or dict literal of two or more items is always one item a line (black's rule for
    "atoms" with commas); a call's arguments may share the one indented line.
    """
    pad, inner = " " * indent, " " * (indent + INDENT)
    body = ", ".join(prefix + flat(value) for prefix, value in entries)
    if entries and _fits(inner + body) and not (literal and len(entries) > 1):
        return [pad + head, inner + body, pad + tail]
    lines = [pad + head]
    for prefix, value in entries:
        lines.extend(_lines(value, indent + INDENT, prefix, ","))
    return [*lines, pad + tail]


def _operators(node: BinOp, indent: int, prefix: str, suffix: str, *, statement: bool) -> list[str]:
    """One operand a line, the operator first; a statement's chain goes inside parentheses."""
    if statement:
        inner = " " * (indent + INDENT)
        pad = " " * indent
        if _fits(inner + flat(node)):
            return [f"{pad}{prefix}(", inner + flat(node), f"{pad}){suffix}"]
        return [f"{pad}{prefix}(", *_operands(node, indent + INDENT, "", ""), f"{pad}){suffix}"]
    return _operands(node, indent, prefix, suffix)


def _operands(node: BinOp, indent: int, prefix: str, suffix: str) -> list[str]:
    first, *rest = node.operands
    lines = _lines(first, indent, prefix, "")
    for operand in rest:
        lines.extend(_lines(operand, indent, f"{node.op} ", ""))
    lines[-1] += suffix
    return lines


def _fluent(node: Fluent, indent: int, prefix: str, suffix: str) -> list[str]:
    pad, inner = " " * indent, " " * (indent + INDENT)
    if len(node.calls) == 1:
        call = node.calls[0]
        head = f"{prefix}{flat(node.base)}.{call.func}("
        return _bracket(head, _entries(call), ")" + suffix, indent)
    if _fits(inner + flat(node)):
        return [f"{pad}{prefix}(", inner + flat(node), f"{pad}){suffix}"]
    lines = [f"{pad}{prefix}(", *_lines(node.base, indent + INDENT, "", "")]
    for call in node.calls:
        lines.extend(_lines(call, indent + INDENT, ".", ""))
    return [*lines, f"{pad}){suffix}"]
