"""What every step of a deploy works with: the session, the stack's names, what exists, the report."""

from __future__ import annotations

from dataclasses import dataclass

from flowdsl.deploy.aws import Aws
from flowdsl.deploy.inventory import Inventory
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
