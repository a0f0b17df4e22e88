"""ASL JSON values as DSL Python: literals, `S`/`CONTEXT`/`var()` paths, `expr(...)`.

Every rendering is exact: a path is written as `S.a.b` only when the DSL's `Path` gives back
the very same text (`str(S.a.b) == "$.a.b"`), a JSONata string as `expr("...")` only when
`expr` gives back the same string; anything else stays the string it was. How a field's value
is read mirrors `flowdsl.dsl.emit` (payload templates, JSONata fields, `*Path` fields), so the
compiler writes each value back as it was found.
"""

from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass, field
from typing import Any

from flowdsl.diagnostics import FlowdslError
from flowdsl.dsl.jsonata import expr
from flowdsl.dsl.paths import CONTEXT, Path, S, var
from flowdsl.importer.code import Atom, Call, Items, Node
from flowdsl.model import QueryLanguage
from flowdsl.model.fields import FieldMode, field_mode, holds_objects

_ROOT = re.compile(r"\$\$|\$[A-Za-z_][A-Za-z0-9_]*|\$")
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass
class Names:
    """The names the generated module imports from `flowdsl`, collected while rendering."""

    used: set[str] = field(default_factory=set)

    def use(self, name: str) -> str:
        self.used.add(name)
        return name


def py_str(text: str) -> str:
    """A Python string literal as ruff writes it: double quotes unless that needs more escapes."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif not char.isprintable():
            out.append(repr(char)[1:-1])
        else:
            out.append(char)
    return quote + "".join(out) + quote


def py_literal(value: Any) -> str:
    """A JSON scalar as Python source."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise FlowdslError([])  # JSON cannot hold it; the model never does
    return repr(value)


def path_code(text: str, names: Names) -> str | None:
    """`S.a["b c"][0]` for `$.a['b c'][0]`, or None when the DSL would write the path otherwise."""
    root = _ROOT.match(text)
    if root is None:
        return None
    path, code = _root(root.group(), scratch := Names())
    position = root.end()
    while position < len(text):
        step = _STEP.match(text, position)
        if step is None:
            return None
        key, quoted, index = step.groups()
        part: str | int = int(index) if index is not None else key or re.sub(r"\\(.)", r"\1", quoted)
        path, code = path[part], code + _step_code(part)
        position = step.end()
    if str(path) != text:
        return None
    names.used |= scratch.used
    return code


def _root(root: str, names: Names) -> tuple[Path, str]:
    if root == "$":
        return S, names.use("S")
    if root == "$$":
        return CONTEXT, names.use("CONTEXT")
    return var(root[1:]), f"{names.use('var')}({py_str(root[1:])})"


def _step_code(part: str | int) -> str:
    if isinstance(part, int):
        return f"[{part}]"
    if part.isidentifier() and part.isascii() and not keyword.iskeyword(part) and not part.startswith("_"):
        return f".{part}"
    return f"[{py_str(part)}]"


def path_node(text: str, names: Names) -> Node:
    """A path as `S...` where exact, else `Path("...")` (for Choice rule variables)."""
    code = path_code(text, names)
    return Atom(code if code is not None else f"{names.use('Path')}({py_str(text)})")


def jsonata_node(text: str, names: Names) -> Node | None:
    """`expr("...")` as a call node (ruff may split its argument onto its own line)."""
    code = jsonata_code(text, names)
    return None if code is None else Call(names.use("expr"), ((None, Atom(py_str(text[3:-3]))),))


def jsonata_code(text: str, names: Names) -> str | None:
    """`expr("...")` for a `{% ... %}` string when `expr` writes it back exactly."""
    if not (text.startswith("{% ") and text.endswith(" %}")):
        return None
    body = text[3:-3]
    try:
        if expr(body) != text:
            return None
    except FlowdslError:
        return None
    return f"{names.use('expr')}({py_str(body)})"


def value_node(key: str, value: Any, language: QueryLanguage, names: Names) -> Node:
    """The DSL value for one ASL field (a nested Map object field by field)."""
    if holds_objects(key) and isinstance(value, dict):
        entries = [(Atom(py_str(k)), value_node(k, v, language, names)) for k, v in value.items()]
        return Items("{}", tuple(node for pair in entries for node in pair), pairs=True)
    return render(value, field_mode(key, language), names)


def render(value: Any, mode: FieldMode, names: Names) -> Node:
    """A JSON value in one of the modes of `field_mode`."""
    if isinstance(value, dict):
        return _object(value, mode, names)
    if isinstance(value, list):
        return Items("[]", tuple(render(item, mode, names) for item in value))
    if isinstance(value, str) and mode == "jsonata":
        return jsonata_node(value, names) or Atom(py_str(value))
    if isinstance(value, str):
        code = _string_code(value, mode, names)
        return Atom(code if code is not None else py_str(value))
    return Atom(py_literal(value))


def _string_code(value: str, mode: FieldMode, names: Names) -> str | None:
    if mode == "path":
        return path_code(value, names)
    if mode == "jsonata":
        return jsonata_code(value, names)
    return None


def _object(value: dict[str, Any], mode: FieldMode, names: Names) -> Node:
    nodes: list[Node] = []
    for key, item in value.items():
        written, node = key, render(item, mode, names)
        if mode == "template" and key.endswith(".$") and isinstance(item, str):
            code = path_code(item, names)
            if code is not None:
                node = Atom(code)
                written = key[:-2] if key[:-2] not in value else key
        nodes += [Atom(py_str(written)), node]
    return Items("{}", tuple(nodes), pairs=True)


def call(func: str, *positional: Node, **keywords: Node) -> Call:
    """A call node; keyword order is kept."""
    args: list[tuple[str | None, Node]] = [(None, node) for node in positional]
    args += list(keywords.items())
    return Call(func, tuple(args))
