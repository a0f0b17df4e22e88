"""What a Task needs from IAM, as plain values: grants, warnings, where the deployment is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """Partition, region and account of a deployment (or `${AWS::Region}`-style for templates)."""

    partition: str
    region: str
    account: str

    def fill(self, template: str, value: str = "") -> str:
        filled = template.replace("{}", value)
        return filled.format(partition=self.partition, region=self.region, account=self.account)


@dataclass(frozen=True)
class Grant:
    """Allow `actions` on `resources`."""

    actions: tuple[str, ...]
    resources: tuple[str, ...]


@dataclass
class Needs:
    """What one Task needs: grants, and warnings about what could not be narrowed."""

    grants: list[Grant]
    warnings: list[str]
