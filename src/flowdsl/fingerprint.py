"""A structural fingerprint of a DSL object graph: equal fingerprints compile alike.

`flowdsl.run(workflow)` would otherwise compile the Workflow on every call, because DSL
objects are mutable builders and compiling was the only sure way to know what one holds now.
The fingerprint walks everything compiling can read, without knowing the DSL's classes:

- flowdsl's own objects (states, chains, fields, paths, conditions, a nested Workflow) by
  their attributes (`__dict__` and `__slots__`), recursively; an object met again, as the
  graph loops back to a state, is written as a reference to its first visit, so a cycle ends
  and two graphs match only if they share the same shape;
- dicts, lists and tuples by their items; str, int, bool, None by value, with their type
  (`True == 1` must not match), floats by `repr` (`-0.0` is not `0.0` in the ASL written);
- anything else (handler functions, callable objects, pydantic model classes) by identity:
  compiling binds them, it does not read into them. `Fingerprint.keep` holds them, so an id
  in the key is never reused by another object while the key lives.

The walk is a flat tuple, cheap to hash and compare; it costs a tenth of a compile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_SCALARS = frozenset({str, int, bool, type(None)})
"""Written as `(type, value)`: exact types only, so `True` and `1` differ (floats go by repr)."""
_REF, _ID, _OBJ, _DICT, _SEQ, _MISSING = "ref", "id", "obj", "dict", "seq", "missing"
# Every item starts with either a type (the value's, for scalars) or one of these markers,
# and each marker is followed by a fixed number of items, so the walk reads back one way
# only; a user's string equal to a marker is written after its type, never bare.
MAX_ITEMS = 1_000_000
"""A graph larger than this is not fingerprinted (and so compiled every time)."""


@dataclass(frozen=True)
class Fingerprint:
    """The key of a graph (hashable) and the objects it names by identity."""

    key: tuple[Any, ...]
    keep: tuple[Any, ...]


class _TooLargeError(Exception):
    """The graph has more than MAX_ITEMS items."""


def fingerprint(root: object) -> Fingerprint | None:
    """The fingerprint of `root`'s graph, or None when it cannot be taken (an unhashable
    leaf, a graph too large): the caller then compiles as before."""
    walk = _Walk()
    try:
        walk.visit(root)
        key = tuple(walk.out)
        hash(key)
    except (TypeError, RecursionError, _TooLargeError):
        return None
    return Fingerprint(key, tuple(walk.keep))


class _Walk:
    def __init__(self) -> None:
        self.out: list[Any] = []
        self.keep: list[Any] = []
        self.seen: dict[int, int] = {}

    def visit(self, value: Any) -> None:
        out, kind = self.out, type(value)
        if kind in _SCALARS:
            out += (kind, value)
        elif kind is dict:
            out += (_DICT, kind, len(value))
            for key, item in value.items():  # scalars inlined: most items are
                if type(key) is str:
                    out += (str, key)
                else:
                    self.visit(key)
                if type(item) in _SCALARS:
                    out += (type(item), item)
                else:
                    self.visit(item)
        elif kind is list or kind is tuple:
            out += (_SEQ, kind, len(value))
            for item in value:
                if type(item) in _SCALARS:
                    out += (type(item), item)
                else:
                    self.visit(item)
        else:
            self.visit_other(value, kind)
        if len(out) > MAX_ITEMS:
            raise _TooLargeError

    def visit_other(self, value: Any, kind: type) -> None:
        """Floats, subclasses of the builtin types, and objects."""
        if isinstance(value, float):
            self.out += (kind, float.__repr__(value))
        elif isinstance(value, str):  # JSONata's `Expr`
            self.out += (kind, str.__str__(value))
        elif isinstance(value, int):  # an IntEnum
            self.out += (kind, int(value))
        elif isinstance(value, dict):
            self.visit(dict(value))
            self.out.append(kind)
        elif isinstance(value, list | tuple):
            self.visit(list(value))
            self.out.append(kind)
        else:
            self.visit_object(value)

    def visit_object(self, value: object) -> None:
        index = self.seen.get(id(value))
        if index is not None:
            self.out += (_REF, index)
            return
        self.seen[id(value)] = len(self.seen)
        kind = type(value)
        if not _is_ours(kind):
            self.out += (_ID, id(value))
            self.keep.append(value)
            return
        slots = _slots(kind)
        self.out += (_OBJ, kind, len(slots))
        for slot in slots:
            item = getattr(value, slot, _MISSING)
            if item is _MISSING:
                self.out.append(_MISSING)
            else:
                self.visit(item)
        self.visit(getattr(value, "__dict__", None))


_OURS: dict[type, bool] = {}
_SLOTS: dict[type, tuple[str, ...]] = {}


def _is_ours(kind: type) -> bool:
    """Whether instances of `kind` are flowdsl's own (walked) rather than leaves by identity."""
    ours = _OURS.get(kind)
    if ours is None:
        ours = _OURS[kind] = kind.__module__.partition(".")[0] == "flowdsl" and not issubclass(kind, type)
    return ours


def _slots(kind: type) -> tuple[str, ...]:
    names = _SLOTS.get(kind)
    if names is None:
        declared = (getattr(c, "__slots__", ()) for c in kind.__mro__)
        names = _SLOTS[kind] = tuple(
            name
            for group in declared
            for name in ((group,) if isinstance(group, str) else group)
            if name not in ("__dict__", "__weakref__")
        )
    return names
