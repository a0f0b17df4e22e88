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

Running the very same Workflow object again needs less than a walk: `Snapshot` remembers the
identity of every item of every container the walk met (each dict's keys and values, each
list's items, each object's class, `__dict__` and slots) and holds on to those items, so no
id can be reused while it lives. `Snapshot.holds()` compares those ids, in C (`map(id, ...)`),
a few times cheaper than walking again: if every container still holds the very same objects,
the graph reachable from the root is the one that was walked (a replaced value, even an equal
one, tells; `True` for `1` cannot pass unnoticed, as an `==` would let it).
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
    """The key of a graph (hashable), the objects it names by identity, and its snapshot."""

    key: tuple[Any, ...]
    keep: tuple[Any, ...]
    snapshot: Snapshot


class Snapshot:
    """The identities of what every container of a walked graph held (see the module docstring)."""

    __slots__ = ("_dicts", "_lists", "_objects")

    def __init__(self) -> None:
        # (dict, its keys, their ids, its values, their ids); (list, items, their ids);
        # (object, class, __dict__, slot values, their ids)
        self._dicts: list[tuple[Any, tuple[Any, ...], tuple[int, ...], tuple[Any, ...], tuple[int, ...]]] = []
        self._lists: list[tuple[Any, tuple[Any, ...], tuple[int, ...]]] = []
        self._objects: list[tuple[Any, type, Any, tuple[Any, ...], tuple[int, ...]]] = []

    def holds(self) -> bool:
        """Whether every container still holds exactly the objects it held when walked."""
        for value, _, key_ids, _, value_ids in self._dicts:
            if tuple(map(id, value.values())) != value_ids or tuple(map(id, value)) != key_ids:
                return False
        for items, _, ids in self._lists:
            if tuple(map(id, items)) != ids:
                return False
        for value, kind, attributes, _, ids in self._objects:
            if type(value) is not kind or getattr(value, "__dict__", None) is not attributes:
                return False
            if ids and tuple(id(getattr(value, slot, _MISSING)) for slot in _slots(kind)) != ids:
                return False
        return True

    def add_dict(self, value: Any) -> None:
        keys, values = tuple(value), tuple(value.values())
        self._dicts.append((value, keys, tuple(map(id, keys)), values, tuple(map(id, values))))

    def add_list(self, value: Any) -> None:
        items = tuple(value)
        self._lists.append((value, items, tuple(map(id, items))))

    def add_object(self, value: Any, kind: type, slots: tuple[Any, ...]) -> None:
        attributes = getattr(value, "__dict__", None)
        self._objects.append((value, kind, attributes, slots, tuple(map(id, slots))))


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
    return Fingerprint(key, tuple(walk.keep), walk.snapshot)


class _Walk:
    def __init__(self) -> None:
        self.out: list[Any] = []
        self.keep: list[Any] = []
        self.seen: dict[int, int] = {}
        self.snapshot = Snapshot()

    def visit(self, value: Any) -> None:
        out, kind = self.out, type(value)
        if kind in _SCALARS:
            out += (kind, value)
        elif kind is dict:
            self.snapshot.add_dict(value)
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
            if kind is list:
                self.snapshot.add_list(value)
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
            self.snapshot.add_dict(value)  # the subclass itself, not the copy walked
            self.visit(dict(value))
            self.out.append(kind)
        elif isinstance(value, list | tuple):
            self.snapshot.add_list(value)
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
        values = tuple(getattr(value, slot, _MISSING) for slot in slots)
        self.snapshot.add_object(value, kind, values)
        for item in values:
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
