"""Recording which workflow a stack holds on every resource it already has.

New resources get the `flowdsl:workflow` tag when they are created; this module adds or
replaces it on resources found by the inventory: stacks deployed before the tag existed, and
a stack a `--force` deploy hands to another workflow.
"""

from __future__ import annotations

from flowdsl.deploy.aws import aws_errors
from flowdsl.deploy.context import Deployment
from flowdsl.deploy.plan import WORKFLOW_TAG


def stamp_identity(deployment: Deployment) -> None:
    """Tag every found resource whose `flowdsl:workflow` differs with this deploy's workflow."""
    aws, inventory, workflow = deployment.aws, deployment.inventory, deployment.workflow
    with aws_errors(f"tagging the resources of stack '{deployment.stack}'"):
        for machine in inventory.state_machines:
            if machine.workflow != workflow:
                tag = [{"key": WORKFLOW_TAG, "value": workflow}]
                aws.client("stepfunctions").tag_resource(resourceArn=machine.arn, tags=tag)
        for function in inventory.functions:
            if function.workflow != workflow:
                aws.client("lambda").tag_resource(Resource=function.arn, Tags={WORKFLOW_TAG: workflow})
        for role in inventory.roles:
            if role.workflow != workflow:
                tags = [{"Key": WORKFLOW_TAG, "Value": workflow}]
                aws.client("iam").tag_role(RoleName=role.name, Tags=tags)
