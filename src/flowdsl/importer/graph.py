"""How one scope's states become `>>` chains: segments, choice branches, `.afterwards()` joins.

A segment is a run of states linked by `Next` (`a >> b >> c`), ending at a state with no
`Next`, or at a reference to a state placed elsewhere (a loop back or a join: `... >> a`).
The scope's start segment is the workflow's (or branch's) chain; every other segment starts at
a Choice target or a Catch target and is written inline there (`.when(cond, x >> y)`). Each
state is placed in exactly one segment, so each `Next` is written exactly once.

A Choice whose branches meet again at one state is written `choice.afterwards() >> join`
(AWS CDK's idiom) when that is exact: every branch either reaches the join by `Next` alone or
ends closed (Succeed, Fail, another Choice, a loop back), so no open end is joined by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flowdsl.importer.rules import UnsupportedError
from flowdsl.model.machine import pointer_escape

TERMINAL = ("Succeed", "Fail")


@dataclass
class Segment:
    """States chained by `Next`; `ref` a state placed elsewhere that the last one continues to."""

    items: list[str] = field(default_factory=list)
    ref: str | None = None
    # Choices written `.afterwards()` inside this segment -> whether they keep `include_otherwise`
    joins: dict[str, bool] = field(default_factory=dict)


def targets(state: dict[str, Any]) -> list[tuple[str, int, str]]:
    """A state's non-`Next` transitions as (kind, index, target): rules, default, catchers."""
    found = [("rule", i, rule["Next"]) for i, rule in enumerate(state.get("Choices", [])) if "Next" in rule]
    if "Default" in state:
        found.append(("default", 0, state["Default"]))
    found += [("catch", i, c["Next"]) for i, c in enumerate(state.get("Catch", [])) if "Next" in c]
    return found


@dataclass
class ScopePlan:
    """The segments of one scope (the machine, a branch or a processor)."""

    states: dict[str, dict[str, Any]]
    start: str
    pointer: str
    joins_allowed: bool = True
    owner: dict[str, Segment] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    inline: dict[tuple[str, str, int], Segment] = field(default_factory=dict)
    start_segment: Segment = field(default_factory=Segment)

    def build(self) -> ScopePlan:
        self.check_transitions()
        self.start_segment = self.place(self.start)
        position = 0
        while position < len(self.order):
            name = self.order[position]
            for kind, index, target in targets(self.states[name]):
                if target not in self.owner:
                    self.inline[(name, kind, index)] = self.place(target)
            position += 1
        self.check_reachable()
        return self

    def check_transitions(self) -> None:
        for name, state in self.states.items():
            pointer = f"{self.pointer}/States/{pointer_escape(name)}"
            nexts = [("Next", state.get("Next"))] + [(f"{k}/{i}", t) for k, i, t in targets(state)]
            for _where, target in nexts:
                if target is not None and target not in self.states:
                    raise UnsupportedError(
                        f"state '{name}' goes to '{target}', which does not exist", pointer
                    )
        if self.start not in self.states:
            raise UnsupportedError(f"StartAt '{self.start}' names no state", self.pointer + "/StartAt")

    def check_reachable(self) -> None:
        for name in self.states:
            if name not in self.owner:
                pointer = f"{self.pointer}/States/{pointer_escape(name)}"
                raise UnsupportedError(
                    f"state '{name}' cannot be reached from StartAt, and a workflow holds only the "
                    "states its chains reach",
                    pointer,
                )

    def place(self, head: str, stop: str | None = None, *, joins: bool = True) -> Segment:
        """Claim the run of states from `head` along `Next` (stopping before `stop`)."""
        segment = Segment()
        current = head
        while True:
            self.owner[current] = segment
            self.order.append(current)
            segment.items.append(current)
            state = self.states[current]
            if state["Type"] == "Choice":
                join = self.join(current) if joins and self.joins_allowed else None
                if join is None:
                    return segment
                current = self.place_join(current, join, segment)
                continue
            following = state.get("Next")
            if following is None or following == stop:
                return segment
            if following in self.owner:
                segment.ref = following
                return segment
            current = following

    def place_join(self, choice: str, join: str, segment: Segment) -> str:
        state = self.states[choice]
        default = state.get("Default")
        segment.joins[choice] = default is not None or default == join
        for kind, index, target in targets(state):
            if kind == "catch" or (kind == "default" and target == join):
                continue
            if target not in self.owner:
                self.inline[(choice, kind, index)] = self.place(target, join, joins=False)
        return join

    def walk(self, head: str) -> tuple[list[str], str]:
        """The states from `head` along `Next`, and how the run ends: open, closed."""
        path = [head]
        while True:
            state = self.states[path[-1]]
            following = state.get("Next")
            if following is None:
                return path, "closed" if state["Type"] in (*TERMINAL, "Choice") else "open"
            if following in self.owner or following in path:
                return path, "closed"
            path.append(following)

    def join(self, choice: str) -> str | None:
        """The state every open branch of `choice` reaches, when `.afterwards()` is exact."""
        state = self.states[choice]
        rules = [target for kind, _, target in targets(state) if kind == "rule"]
        default = state.get("Default")
        heads = list(dict.fromkeys([*rules, *([default] if default is not None else [])]))
        for head in heads:
            if head in self.owner and self.states[head]["Type"] not in (*TERMINAL, "Choice"):
                return None  # a placed open state would count as an open end of the branch
        paths = {head: self.walk(head) for head in heads if head not in self.owner}
        candidate = _shared([path for path, _ in paths.values()])
        if candidate is None or candidate in rules or candidate == choice:
            return None
        return candidate if _joinable(paths, candidate) else None


def _shared(paths: list[list[str]]) -> str | None:
    """The first state, in path order, that two or more paths pass through."""
    for path in paths:
        for name in path:
            if sum(name in other for other in paths) >= 2:
                return name
    return None


def _joinable(paths: dict[str, tuple[list[str], str]], join: str) -> bool:
    seen: set[str] = set()
    for path, end in paths.values():
        prefix = path[: path.index(join)] if join in path else path
        if join not in path and end == "open":
            return False
        if seen & set(prefix):
            return False
        seen |= set(prefix)
    return True
