"""Friendlier structure errors: say which state type lacks a field, or which name was meant.

The model reports `unknown field 'X'`; knowing the object it sits in, this adds either
"a Choice state has no 'Parameters'" (a real ASL field on the wrong state type) or a
"did you mean" for a misspelling (`Nxt` -> `Next`).
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from flowdsl.checks.lenient import node_at
from flowdsl.diagnostics import Diagnostic, did_you_mean
from flowdsl.model import (
    Branch,
    Catcher,
    ChoiceRule,
    ItemBatcher,
    ItemProcessor,
    ItemReader,
    ProcessorConfig,
    ReaderConfig,
    ResultWriter,
    Retrier,
    StateMachine,
    WriterConfig,
)
from flowdsl.model.states import STATE_CLASSES

# The object a field sits in, named by the key that holds it (list indexes skipped).
HOLDERS: dict[str, type[BaseModel]] = {
    "Catch": Catcher,
    "Retry": Retrier,
    "Choices": ChoiceRule,
    "And": ChoiceRule,
    "Or": ChoiceRule,
    "Not": ChoiceRule,
    "Branches": Branch,
    "Iterator": Branch,
    "ItemProcessor": ItemProcessor,
    "ProcessorConfig": ProcessorConfig,
    "ItemReader": ItemReader,
    "ReaderConfig": ReaderConfig,
    "ItemBatcher": ItemBatcher,
    "ResultWriter": ResultWriter,
    "WriterConfig": WriterConfig,
}
STATE_FIELDS = {str(info.alias) for cls in STATE_CLASSES.values() for info in cls.model_fields.values()}


# Fields people reach for on the wrong state type, and what that state type uses instead.
SUGGEST = {
    ("Choice", "Next"): " (use 'Default' for the state to go to when no rule matches)",
    ("Choice", "End"): " (a Choice state always moves on: give it a 'Default')",
}


def explain(data: dict[str, Any], diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics, with unknown-field messages completed by a hint where one helps, and a
    state with no 'Type' reported as missing one (list items are named by the model's
    `structure_diagnostics(item_names=True)`)."""
    return [_explained(data, d) if d.code == "unknown-field" else _typeless(data, d) for d in diagnostics]


def _typeless(data: dict[str, Any], diagnostic: Diagnostic) -> Diagnostic:
    """A state with no 'Type' at all is missing a field, not holding a wrong one."""
    if diagnostic.code != "invalid-state-type":
        return diagnostic
    parts = [p.replace("~1", "/").replace("~0", "~") for p in diagnostic.location.split("/")[1:]]
    state = node_at(data, parts)
    if not isinstance(state, dict) or "Type" in state:
        return diagnostic
    message = f"state '{parts[-1]}' has no 'Type'; it must be one of {', '.join(STATE_CLASSES)}"
    return replace(diagnostic, code="missing-field", message=message)


def _explained(data: dict[str, Any], diagnostic: Diagnostic) -> Diagnostic:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in diagnostic.location.split("/")[1:]]
    if not parts:
        return diagnostic
    holder, kind = _holder(data, parts[:-1])
    if holder is None:
        return diagnostic
    field = parts[-1]
    known = sorted(str(info.alias) for info in holder.model_fields.values())
    if kind and field in STATE_FIELDS:
        hint = f": a {kind} state has no '{field}'" + SUGGEST.get((kind, field), "")
    else:
        hint = did_you_mean(field, known)
        close = difflib.get_close_matches(field, sorted(STATE_FIELDS), n=1, cutoff=0.6) if kind else []
        if not hint and close:
            hint = f" (a misspelt '{close[0]}'? a {kind} state has no '{close[0]}' either)"
    return diagnostic.reworded(diagnostic.message + hint)


def _holder(data: dict[str, Any], parts: list[str]) -> tuple[type[BaseModel] | None, str]:
    """The model class of the object at `parts`, and its state type when it is a state."""
    if not parts:
        return StateMachine, ""
    if len(parts) >= 2 and parts[-2] == "States":
        node = node_at(data, parts)
        kind = node.get("Type") if isinstance(node, dict) else None
        return (STATE_CLASSES[kind], kind) if isinstance(kind, str) and kind in STATE_CLASSES else (None, "")
    named = [p for p in parts if not p.isdigit()]
    return HOLDERS.get(named[-1]) if named else None, ""
