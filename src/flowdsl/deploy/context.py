"""What every step of a deploy works with: the session, the stack's names, what exists, the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowdsl.deploy.aws import Aws
from flowdsl.deploy.inventory import Found, Inventory
from flowdsl.deploy.plan import Names
from flowdsl.deploy.report import DeployReport


@dataclass(frozen=True)
class Deployment:
    """One deploy in progress; `inventory` is what the stack's tags found before it started,
    `workflow` the identity recorded on every resource (`plan.workflow_identity`)."""

    aws: Aws
    names: Names
    inventory: Inventory
    report: DeployReport
    workflow: str = ""

    @property
    def stack(self) -> str:
        return self.names.stack

    def converge(
        self,
        kind: str,
        name: str,
        found: Found | None,
        create: Callable[[], str],
        update: Callable[[Found], bool],
    ) -> str:
        """Create the resource the inventory did not find, or `update` the one it found (True if
        that changed anything); reports which and returns the resource's ARN."""
        if found is None:
            arn = create()
            self.report.add("created", kind, name, arn)
            return arn
        changed = update(found)
        self.report.add("updated" if changed else "unchanged", kind, found.name, found.arn)
        return found.arn
