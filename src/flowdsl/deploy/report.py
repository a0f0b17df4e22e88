"""What a deploy or destroy did, one line per resource, for the CLI to print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Verb = Literal["created", "updated", "unchanged", "deleted"]


@dataclass(frozen=True)
class Action:
    """One resource touched: `created iam role 'x' (arn)`."""

    verb: Verb
    kind: str
    name: str
    arn: str = ""

    def format(self) -> str:
        where = f" ({self.arn})" if self.arn else ""
        return f"{self.verb} {self.kind} '{self.name}'{where}"


@dataclass
class DeployReport:
    """The outcome of `deploy` or `destroy`: every action in order, plus warnings.

    `state_machine_arn` is set after a deploy; `warnings` are one-line notes (e.g. a handler
    importing a package that is not packaged).
    """

    stack: str
    region: str
    actions: list[Action] = field(default_factory=list)
    state_machine_arn: str = ""
    warnings: list[str] = field(default_factory=list)

    def add(self, verb: Verb, kind: str, name: str, arn: str = "") -> None:
        self.actions.append(Action(verb, kind, name, arn))

    def existing(self) -> list[Action]:
        """Resources that exist because of this run (for the part-way failure message)."""
        return [a for a in self.actions if a.verb != "deleted"]

    def lines(self) -> list[str]:
        return [action.format() for action in self.actions]
