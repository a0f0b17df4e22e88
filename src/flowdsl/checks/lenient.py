"""Parse a broken document anyway, so one bad field never hides the rest of its problems.

The strict model stops at structure errors. To still run the graph and semantic rules, a
copy of the document is repaired where pydantic pointed: unknown fields dropped, wrong or
missing required values replaced by neutral stand-ins, unparseable states replaced by a
Pass state keeping their transitions. Rule findings inside a repaired spot are discarded,
since the structure error already explains them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from flowdsl.diagnostics import Diagnostic
from flowdsl.model import StateMachine, parse_machine, structure_diagnostics

ROUNDS = 4


@dataclass(frozen=True)
class Lenient:
    """The result: the (possibly repaired) machine, the structure errors, the repaired pointers."""

    machine: StateMachine | None
    structure: list[Diagnostic]
    repaired: tuple[str, ...] = ()

    def keeps(self, diagnostic: Diagnostic) -> bool:
        """False for a rule finding located in a spot that was repaired."""
        where = diagnostic.location
        return not any(where == spot or where.startswith(spot + "/") for spot in self.repaired)


def parse_lenient(data: Any) -> Lenient:
    """Strict parse; on structure errors, report them and parse a repaired copy."""
    try:
        return Lenient(parse_machine(data), [])
    except ValidationError as exc:
        structure = structure_diagnostics(exc, item_names=True)
    if not isinstance(data, dict):
        return Lenient(None, structure)
    doc = copy.deepcopy(data)
    repaired: list[str] = []
    diagnostics = structure
    for attempt in range(ROUNDS):
        for diagnostic in sorted(diagnostics, key=lambda d: d.location, reverse=True):
            repaired.append(_repair(doc, diagnostic, last_resort=attempt == ROUNDS - 1))
        try:
            return Lenient(parse_machine(doc), structure, tuple(repaired))
        except ValidationError as exc:
            diagnostics = structure_diagnostics(exc, item_names=True)
    return Lenient(None, structure, tuple(repaired))


def _parts(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def _repair(doc: dict[str, Any], diagnostic: Diagnostic, *, last_resort: bool) -> str:
    """Repair the spot a structure error points at; returns the pointer of what changed."""
    where = diagnostic.location
    parts = _parts(where)
    state_at = _state_index(parts)
    if last_resort or diagnostic.code == "invalid-state-type":
        if state_at is not None:
            _replace_state(doc, parts[: state_at + 1])
        return where
    if not parts:
        return where
    if diagnostic.code == "unknown-field" and _next_of_choice(doc, parts, state_at):
        # A Choice state's 'Next' is its 'Default' by intent: follow it, so the state it names
        # is not also reported unreachable and the Choice not also as lacking a Default.
        parent = node_at(doc, parts[:-1])
        parent["Default"] = parent.pop("Next")
        return where
    if diagnostic.code == "unknown-field" and _next_of_terminal(doc, parts, state_at):
        # A Succeed or Fail state given a 'Next' (meant as a Pass): keep the edge, so the
        # states after it are not all reported unreachable as well.
        _replace_state(doc, parts[:-1])
        return where.rpartition("/")[0]
    parent = node_at(doc, parts[:-1])
    key = parts[-1]
    filler = FILLERS.get(key)
    if filler is not None and diagnostic.code != "unknown-field":
        _set(parent, key, filler(doc, parts))
    elif isinstance(parent, dict):
        parent.pop(key, None)
        if _in_choice_rule(parts):
            # A misspelt or mistyped comparison ('NumericEqual', 'NumericEquals': "5") leaves
            # the rule without its operator: the structure error is the one report.
            return where.rpartition("/")[0]
    elif isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
        parent.pop(int(key))
        return where.rpartition("/")[0]  # the whole list changed (an emptied list is no news)
    return where


def _state_index(parts: list[str]) -> int | None:
    """Index in `parts` of the innermost state name (the part after a "States")."""
    found = None
    for i in range(len(parts) - 1):
        if parts[i] == "States":
            found = i + 1
    return found


def _in_choice_rule(parts: list[str]) -> bool:
    """True when `parts` points at a field of a Choice rule (top level or nested)."""
    if len(parts) >= 2 and parts[-2] == "Not":
        return True
    return len(parts) >= 3 and parts[-2].isdigit() and parts[-3] in ("Choices", "And", "Or")


def _next_of_choice(doc: dict[str, Any], parts: list[str], state_at: int | None) -> bool:
    """True when `parts` points at the 'Next' of a Choice state that has no 'Default'."""
    if parts[-1] != "Next" or state_at != len(parts) - 2:
        return False
    state = node_at(doc, parts[:-1])
    return isinstance(state, dict) and state.get("Type") == "Choice" and "Default" not in state


def _next_of_terminal(doc: dict[str, Any], parts: list[str], state_at: int | None) -> bool:
    """True when `parts` points at the 'Next' field of a Succeed or Fail state."""
    if parts[-1] != "Next" or state_at != len(parts) - 2:
        return False
    state = node_at(doc, parts[:-1])
    return isinstance(state, dict) and state.get("Type") in ("Succeed", "Fail")


def _replace_state(doc: dict[str, Any], parts: list[str]) -> None:
    holder = node_at(doc, parts[:-1])
    if not isinstance(holder, dict) or parts[-1] not in holder:
        return
    old = holder[parts[-1]]
    skeleton: dict[str, Any] = {"Type": "Pass"}
    if isinstance(old, dict) and isinstance(old.get("Next"), str):
        skeleton["Next"] = old["Next"]
    else:
        skeleton["End"] = True
    holder[parts[-1]] = skeleton


def node_at(doc: Any, parts: list[str]) -> Any:
    """The value at a split JSON Pointer in a raw document, or None where the path breaks."""
    node = doc
    for part in parts:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _set(parent: Any, key: str, value: Any) -> None:
    if isinstance(parent, dict):
        parent[key] = value
    elif isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
        parent[int(key)] = value


def _first_state(doc: dict[str, Any], parts: list[str]) -> str:
    states = node_at(doc, [*parts[:-1], "States"])
    return next(iter(states), "") if isinstance(states, dict) else ""


def _const(value: Any) -> Callable[[dict[str, Any], list[str]], Any]:
    return lambda doc, parts: copy.deepcopy(value)


# Stand-ins for required values: neutral enough that no rule reports them.
FILLERS: dict[str, Callable[[dict[str, Any], list[str]], Any]] = {
    "StartAt": _first_state,
    "States": _const({}),
    "Type": _const("Pass"),
    "Resource": _const("${Repaired}"),
    "Branches": _const([]),
    "Choices": _const([]),
    "ErrorEquals": _const(["Repaired"]),
    # A mistyped 'End' ("true") still ends the state, so it is not also missing a transition.
    "End": lambda doc, parts: not isinstance(node_at(doc, [*parts[:-1], "Next"]), str),
    "ExecutionType": _const("STANDARD"),
}
