"""`flowdsl diagram --types`: the field names each transition carries, as edge labels.

A label lists the top-level fields of the data a transition hands on (`{Case, Status?}`: `?`
marks a field that may be absent; `{...}` an object that may hold others), `[...]` an array of
such objects, and nothing when the type is unknown. Where branches meet, a transition that may
carry several types shows each, separated by `|`.
"""

from __future__ import annotations

from collections.abc import Mapping

from flowdsl.typeflow.flow import Analysis
from flowdsl.typeflow.jtype import AnyType, Arr, JType, Obj, options

_SHOWN = 6  # fields named per object before "+N"


def edge_labels(analysis: Analysis) -> Mapping[tuple[str, str | None], str]:
    """(state name, target name or None for the end) -> the label of that transition."""
    labels = {key: describe(carried) for key, carried in analysis.edges.items()}
    return {key: text for key, text in labels.items() if text}


def describe(t: JType) -> str:
    """The short text of a type's fields ("" when nothing is known)."""
    if isinstance(t, AnyType):
        return ""
    return " | ".join(dict.fromkeys(_one(option) for option in options(t)))


def _one(t: JType) -> str:
    if isinstance(t, Arr):
        inner = _one(t.item) if not isinstance(t.item, AnyType) else "..."
        return f"[{inner}]"
    if not isinstance(t, Obj):
        return t.describe()
    names = [name if name in t.required else f"{name}?" for name in t.fields]
    shown = names[:_SHOWN] + ([f"+{len(names) - _SHOWN}"] if len(names) > _SHOWN else [])
    if t.extra is not None:
        shown.append("...")
    return "{" + ", ".join(shown) + "}"
