"""What `flowdsl.run` learns about a definition once: its parsed model and that it is valid.

Running the same definition again (a test suite calling `flowdsl.run` in a loop, a service
starting executions) then costs the execution alone, not a re-parse, re-validation and
re-plan. Entries are keyed by content, never by the caller's object, so a dict or Workflow
changed between two runs is parsed and checked again:

- a decoded ASL document by its `marshal` bytes (exact types: `True` is not `1`), or, when
  it holds other types (a dict subclass), by its JSON text, a hit then also comparing it
  with the cached copy (JSON text alone does not tell a tuple from a list); the model is
  parsed from a private copy, so later changes to the caller's dict cannot reach it;
- any other definition (a compiled Workflow, a `StateMachine`) by the JSON of its model;
- a definition text (what `flowdsl serve` is sent, and a local run's nested workflows) by
  itself;
- a DSL Workflow, before compiling, by its structural fingerprint (`flowdsl.fingerprint`):
  the graph it holds now, so a state added, an option changed or a handler rebound between
  two runs compiles again, while the same (or an equal) Workflow skips the compiler; the
  very Workflow object run last time skips the fingerprint too while its `Snapshot` holds.

Only definitions that passed validation are kept, in a bounded least-recently-used table;
the engine's plan lives as long as its (cached) model, so it is reused too.
"""

from __future__ import annotations

import json
import marshal
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, cast

from pydantic_core import PydanticSerializationError

from flowdsl.checks import check
from flowdsl.diagnostics import Diagnostic
from flowdsl.fingerprint import Fingerprint, fingerprint
from flowdsl.model import StateMachine, parse_machine
from flowdsl.source import Source

Subject = TypeVar("Subject")
K = TypeVar("K", str, bytes, tuple[Any, ...])  # sized by `len`: characters, bytes, a tuple's items
V = TypeVar("V")
T = TypeVar("T")
MAX_ENTRIES = 128
"""Definitions kept per table (a test suite rarely runs more distinct ones in a loop)."""
MAX_KEY_CHARS = 16 * 1024 * 1024
"""Total key text per table: definitions may be 1 MB each, so the count alone bounds little."""
MAX_FINGERPRINT_ITEMS = 2_000_000
"""Total items of the Workflow fingerprints kept (a pointer each: 16 MB at most)."""


class _Lru(Generic[K, V]):
    """A small thread-safe LRU map, bounded by count and by the total size of its keys."""

    def __init__(self, limit: int | None = None) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._chars = 0
        self._limit = limit
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        limit = MAX_KEY_CHARS if self._limit is None else self._limit
        if len(key) > limit:
            return
        with self._lock:
            if key not in self._items:
                self._chars += len(key)
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > MAX_ENTRIES or self._chars > limit:
                old, _ = self._items.popitem(last=False)
                self._chars -= len(old)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = 0


_EXACT: _Lru[bytes, StateMachine] = _Lru()  # documents of built-in types only
_DOCUMENTS: _Lru[str, tuple[dict[str, Any], StateMachine]] = _Lru()  # any other, by JSON text
_VALID: _Lru[str, StateMachine] = _Lru()
_KNOWN: _Lru[str, StateMachine] = _Lru()  # id -> a machine of _VALID, to skip its key next time
_TEXTS: _Lru[str, StateMachine] = _Lru()  # definition text -> its model, found without errors
_DERIVED: _Lru[str, tuple[object, object]] = _Lru()
_WORKFLOWS: _Lru[tuple[Any, ...], tuple[Fingerprint, Source]] = _Lru(MAX_FINGERPRINT_ITEMS)
_RAN: _Lru[str, tuple[object, Fingerprint, Source]] = _Lru()  # id -> the Workflow object itself


def runnable_workflow(workflow: object, prepare: Callable[[object], Source]) -> Source:
    """`prepare(workflow)` (compile and refuse if invalid), shared by Workflows of equal
    fingerprint; only a Source `prepare` returned (a valid one) is kept."""
    ran = _RAN.get(str(id(workflow)))
    if ran is not None and ran[0] is workflow and ran[1].snapshot.holds():
        return ran[2]
    taken = fingerprint(workflow)
    if taken is None:
        return prepare(workflow)
    hit = _WORKFLOWS.get(taken.key)
    if hit is not None:
        source = hit[1]
    else:
        source = prepare(workflow)
        _WORKFLOWS.put(taken.key, (taken, source))  # the entry keeps what the key names by id
    # The entry keeps the Workflow, so its id stays its own, and the snapshot what it held.
    _RAN.put(str(id(workflow)), (workflow, taken, source))
    return source


def parse_document(data: Mapping[str, Any]) -> StateMachine:
    """`parse_machine(data)`, shared by equal documents (raises pydantic's ValidationError too)."""
    exact = _exact_bytes(data)
    if exact is not None:
        known = _EXACT.get(exact)
        if known is None:
            copy = marshal.loads(exact)  # the model's own, out of the caller's reach
            known = parse_machine(copy)
            if copy == data:  # a NaN is never equal to itself: such a document is parsed each time
                _EXACT.put(exact, known)
        return known
    key = _json_text(data)
    if key is None:
        return parse_machine(dict(data))
    hit = _DOCUMENTS.get(key)
    if hit is not None and hit[0] == data:
        return hit[1]
    copy = json.loads(key)
    if copy != data:  # tuples, non-string keys, NaN: values JSON would change, kept as given
        return parse_machine(dict(data))
    machine = parse_machine(copy)
    _DOCUMENTS.put(key, (copy, machine))
    return machine


def validated(machine: StateMachine) -> tuple[StateMachine, list[Diagnostic]]:
    """The machine to run and the checker's errors for it.

    With no errors the machine returned is the first one seen with this content (compared
    in full, not by its JSON alone), so the engine reuses that one's plan.
    """
    if _KNOWN.get(str(id(machine))) is machine:
        return machine, []
    try:
        key = machine.model_dump_json(by_alias=True, exclude_unset=True)
    except (PydanticSerializationError, ValueError, RecursionError):
        # Not JSON as it stands (a lone surrogate, nesting past the serialiser): never cached,
        # and the checker says why.
        return machine, [d for d in check(machine) if d.is_error]
    known = _VALID.get(key)
    if known is not None and known == machine:
        return known, []
    problems = [d for d in check(machine) if d.is_error]
    if not problems:
        _VALID.put(key, machine)
        _KNOWN.put(str(id(machine)), machine)
    return machine, problems


def checked_text(
    text: str, check: Callable[[str], list[Diagnostic]]
) -> tuple[StateMachine | None, list[Diagnostic]]:
    """The model of the ASL definition `text` and `check(text)`'s errors (the model None when
    there are any). A text once found without errors is neither checked nor parsed again:
    its model is shared, and so is the engine's plan of it (a service creating the same
    machine again, the nested workflows of every `flowdsl.run`)."""
    known = _TEXTS.get(text)
    if known is not None:
        return known, []
    problems = [d for d in check(text) if d.is_error]
    if problems:
        return None, problems
    machine = parse_machine(json.loads(text))
    _TEXTS.put(text, machine)
    return machine, []


def derived(subject: Subject, name: str, compute: Callable[[Subject], T]) -> T:
    """`compute(subject)`, remembered for this very object: a machine (a model is frozen, so
    what is derived from it stays true) or a handler (its adapter, from its annotations);
    `name` tells the derivations of one object apart."""
    key = f"{id(subject)}:{name}"
    known = _DERIVED.get(key)
    if known is not None and known[0] is subject:
        return cast(T, known[1])
    value = compute(subject)
    _DERIVED.put(key, (subject, value))  # the entry keeps the object, so its id stays its own
    return value


def clear() -> None:
    """Forget every cached definition."""
    _EXACT.clear()
    _DOCUMENTS.clear()
    _VALID.clear()
    _KNOWN.clear()
    _TEXTS.clear()
    _DERIVED.clear()
    _WORKFLOWS.clear()
    _RAN.clear()


def _exact_bytes(data: Mapping[str, Any]) -> bytes | None:
    """`data` as `marshal` writes it, or None when it holds more than the exact built-in
    types (a dict subclass, any other object) or nests too deep.

    marshal, unlike JSON text, writes each value with its exact type (`True` is not `1`, nor
    `1.0`, a tuple is not a list), so equal bytes mean the very same document and a hit needs
    no comparison; and it is a few times cheaper than `json.dumps`. The bytes of equal
    documents may still differ (marshal marks interned strings and shared objects), which
    only costs a miss.
    """
    try:
        return marshal.dumps(cast(Any, data))
    except ValueError:  # "unmarshallable object", "object too deeply nested to marshal"
        return None


def _json_text(data: Mapping[str, Any]) -> str | None:
    try:
        return json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return None
