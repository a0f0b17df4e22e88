"""A state machine version as executions see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flowdsl.model import StateMachine


@dataclass
class MachineVersion:
    """What an execution runs: the state machine as it was when the execution started."""

    arn: str
    name: str
    type: str
    definition: str
    model: StateMachine
    role_arn: str
    updated: float
    # The revision's id: null for the one CreateStateMachine made, a UUID for each change since
    # (AWS API reference, DescribeStateMachine `revisionId`).
    revision_id: str | None = None

    def described(self) -> dict[str, Any]:
        """What DescribeStateMachine and DescribeStateMachineForExecution both return."""
        return {
            "stateMachineArn": self.arn,
            "name": self.name,
            "definition": self.definition,
            "roleArn": self.role_arn,
            "loggingConfiguration": {"level": "OFF", "includeExecutionData": False},
            "tracingConfiguration": {"enabled": False},
        }
