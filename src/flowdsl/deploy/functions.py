"""The stack's Lambda functions: create, update in place, wait until usable, prune the stale.

Lambda applies changes asynchronously: a new function is `Pending` until `Active`, an update is
`InProgress` until `Successful`, and a second update while one is in progress fails with
`ResourceConflictException` (AWS Lambda Developer Guide, "Lambda function states"). The
boto3 waiters `function_active_v2` / `function_updated_v2` poll exactly those fields.
"""

from __future__ import annotations

from typing import Any

from flowdsl.deploy.aws import Aws, aws_errors, is_client_error, retry_while_role_propagates
from flowdsl.deploy.context import Deployment
from flowdsl.deploy.inventory import Found, Inventory
from flowdsl.deploy.package import Package
from flowdsl.deploy.plan import FUNCTION_TAG, RUNTIME, tags
from flowdsl.deploy.report import DeployReport
from flowdsl.deploy.roles import refusing_taken


def ensure_function(deployment: Deployment, package: Package, role_arn: str) -> str:
    """Create or update one function from its package; returns the function ARN once it is ready."""
    found = deployment.inventory.function(package.function_name)
    name = found.name if found else deployment.names.function(package.function_name)
    with aws_errors(f"deploying lambda function '{name}'"):
        return deployment.converge(
            "lambda function",
            name,
            found,
            lambda: _create(deployment, name, package, role_arn),
            lambda _: _update(deployment.aws, name, package, role_arn),
        )


def _create(deployment: Deployment, name: str, package: Package, role_arn: str) -> str:
    client, stack = deployment.aws.client("lambda"), deployment.stack

    def create() -> Any:
        return client.create_function(
            FunctionName=name,
            Code={"ZipFile": package.zip_bytes},
            Description=f"flowdsl stack '{stack}': {package.function_name}",
            Tags=tags(stack, FUNCTION_TAG, package.function_name, deployment.workflow),
            **_configuration(package, role_arn),
        )

    def owner() -> dict[str, str]:
        return dict(client.get_function(FunctionName=name).get("Tags", {}))

    with refusing_taken(deployment, "lambda function", name, "ResourceConflictException", owner):
        created = retry_while_role_propagates(deployment.aws, create)
    client.get_waiter("function_active_v2").wait(FunctionName=name)
    return str(created["FunctionArn"])


def _configuration(package: Package, role_arn: str) -> dict[str, str]:
    """What CreateFunction sets and an update converges: the role, the handler and the runtime."""
    return {"Role": role_arn, "Handler": package.handler, "Runtime": RUNTIME}


def _update(aws: Aws, name: str, package: Package, role_arn: str) -> bool:
    """Upload new code only when the zip changed, then converge the configuration."""
    client = aws.client("lambda")
    # An update still in progress (e.g. from an interrupted deploy) would refuse the next one.
    client.get_waiter("function_updated_v2").wait(FunctionName=name)
    config = client.get_function_configuration(FunctionName=name)
    changed = False
    if config.get("CodeSha256") != package.code_sha256:
        client.update_function_code(FunctionName=name, ZipFile=package.zip_bytes)
        client.get_waiter("function_updated_v2").wait(FunctionName=name)
        changed = True
    wanted = _configuration(package, role_arn)
    if any(config.get(key) != value for key, value in wanted.items()):
        update = lambda: client.update_function_configuration(FunctionName=name, **wanted)  # noqa: E731
        retry_while_role_propagates(aws, update)
        client.get_waiter("function_updated_v2").wait(FunctionName=name)
        changed = True
    return changed


def prune_functions(aws: Aws, inventory: Inventory, report: DeployReport, keep: set[str]) -> None:
    """Delete the stack's functions the workflow no longer uses (found by tag)."""
    for found in inventory.functions:
        if found.part not in keep:
            delete_function(aws, found)
            report.add("deleted", "lambda function", found.name, found.arn)


def delete_function(aws: Aws, found: Found) -> None:
    """Delete one function; one already gone counts as deleted."""
    client = aws.client("lambda")
    with aws_errors(f"deleting lambda function '{found.name}'"):
        try:
            client.delete_function(FunctionName=found.arn)
        except Exception as exc:
            if not is_client_error(exc, "ResourceNotFoundException"):
                raise
