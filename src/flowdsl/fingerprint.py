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
id can be reused while it lives. `Snapshot.holds()` compares them by identity, in C
(`map(operator.is_, ...)`), a few times cheaper than walking again: if every container still
holds the very same objects, the graph reachable from the root is the one that was walked (a
replaced value, even an equal one, tells; `True` for `1` cannot pass unnoticed, as an `==`
would let it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import attrgetter, is_
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
    """What every container of a walked graph held (see the module docstring).

    `holds()` runs on every `flowdsl.run` of the same Workflow, so what was held is kept flat,
    one list per kind of container, and compared by identity in C loops (`map(operator.is_)`,
    `chain`) rather than container by container: each dict's size, then all values and all
    keys in walking order; likewise each list's size and its items; each object's class and
    its `__dict__`. The sizes fix where one container's items end, so an item moved from one
    dict to the next cannot pass; the lists hold every object they name, so no id is reused.
    Subclasses of dict and list, which may iterate their own way, and slotted objects are
    compared one by one.
    """

    __slots__ = (
        "_attributes",
        "_dict_sizes",
        "_dicts",
        "_items",
        "_keys",
        "_kinds",
        "_list_sizes",
        "_lists",
        "_objects",
        "_one_by_one",
        "_values",
        "_views",
        "_with_dict",
    )

    def __init__(self) -> None:
        self._dicts: list[dict[Any, Any]] = []
        self._dict_sizes: list[int] = []
        self._keys: list[Any] = []
        self._values: list[Any] = []
        self._views: list[Any] = []  # each dict's live `values()`
        self._lists: list[list[Any]] = []
        self._list_sizes: list[int] = []
        self._items: list[Any] = []
        self._objects: list[Any] = []
        self._kinds: list[type] = []
        self._with_dict: list[Any] = []
        self._attributes: list[Any] = []
        self._one_by_one: list[Callable[[], bool]] = []

    def holds(self) -> bool:
        """Whether every container still holds exactly the objects it held when walked."""
        dicts, lists = self._dicts, self._lists
        return (
            list(map(len, dicts)) == self._dict_sizes
            and all(map(is_, chain.from_iterable(self._views), self._values))
            and all(map(is_, chain.from_iterable(dicts), self._keys))
            and list(map(len, lists)) == self._list_sizes
            and all(map(is_, chain.from_iterable(lists), self._items))
            and all(map(is_, map(type, self._objects), self._kinds))
            and all(map(is_, map(_ATTRIBUTES, self._with_dict), self._attributes))
            and all(check() for check in self._one_by_one)
        )

    def add_dict(self, value: Any) -> None:
        if type(value) is not dict:
            self._one_by_one.append(partial(_same_dict, value, tuple(value), tuple(value.values())))
            return
        self._dicts.append(value)
        self._views.append(value.values())
        self._dict_sizes.append(len(value))
        self._keys += value
        self._values += value.values()

    def add_list(self, value: Any) -> None:
        if type(value) is not list:
            self._one_by_one.append(partial(_same_items, value, tuple(value)))
            return
        self._lists.append(value)
        self._list_sizes.append(len(value))
        self._items += value

    def add_object(self, value: Any, kind: type, slots: tuple[Any, ...]) -> None:
        self._objects.append(value)
        self._kinds.append(kind)
        attributes = getattr(value, "__dict__", None)
        if attributes is not None:
            self._with_dict.append(value)
            self._attributes.append(attributes)
        if slots:
            self._one_by_one.append(partial(_same_slots, value, _slots(kind), slots))


_ATTRIBUTES = attrgetter("__dict__")
"""An object's `__dict__`; `holds` asks only objects that had one, after checking their class."""


def _same_dict(value: Any, keys: tuple[Any, ...], values: tuple[Any, ...]) -> bool:
    return _same(value.values(), values) and _same(value, keys)


def _same_items(value: Any, items: tuple[Any, ...]) -> bool:
    return _same(value, items)


def _same_slots(value: Any, slots: tuple[str, ...], values: tuple[Any, ...]) -> bool:
    return _same((getattr(value, slot, _MISSING) for slot in slots), values)


def _same(now: Iterable[Any], then: tuple[Any, ...]) -> bool:
    """Whether `now` yields exactly the objects of `then`, in order, and as many."""
    items = tuple(now)
    return len(items) == len(then) and all(map(is_, items, then))


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
