"""What a deploy creates, decided without AWS: names, tags, policy documents, the definition.

Every resource carries the tag `flowdsl:stack=<stack>` plus one naming its part of the stack
(`flowdsl:function=<FunctionName>`, `flowdsl:role=lambda|states`); `destroy` and re-deploys
find resources by these tags only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flowdsl.diagnostics import FlowdslError, did_you_mean, error
from flowdsl.model import dumps, to_asl
from flowdsl.model.resources import placeholder, placeholders
from flowdsl.source import Source

STACK_TAG = "flowdsl:stack"
FUNCTION_TAG = "flowdsl:function"
ROLE_TAG = "flowdsl:role"
ROLE_PATH = "/flowdsl/"
RUNTIME = "python3.12"
LAMBDA_BASIC_POLICY = "arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
INVOKE_POLICY_NAME = "flowdsl-invoke-functions"
# IAM role names and Lambda function names are at most 64 characters; the longest suffix we
# add to a stack name is "-lambda-exec" (12), so a stack name is at most 52.
MAX_STACK_NAME = 52
_NO_HANDLERS = " (deploy the .py workflow, which binds them)"
_STACK_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def stack_name(source: Source | None, name: str | None) -> str:
    """The stack name: `--stack` if given (validated), else the workflow's name made safe."""
    if name is None:
        if source is None:
            raise FlowdslError([error("invalid-stack-name", "a stack name is required")])
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", source.name).strip("-") or "flowdsl"
        name = name[:MAX_STACK_NAME]
    if not _STACK_NAME.match(name) or len(name) > MAX_STACK_NAME:
        raise FlowdslError(
            [
                error(
                    "invalid-stack-name",
                    f"invalid stack name '{name}': use at most {MAX_STACK_NAME} letters, digits, '-' or '_'",
                )
            ]
        )
    return name


@dataclass(frozen=True)
class Names:
    """The physical names of one stack's resources."""

    stack: str

    @property
    def state_machine(self) -> str:
        return self.stack

    @property
    def lambda_role(self) -> str:
        return f"{self.stack}-lambda-exec"

    @property
    def states_role(self) -> str:
        return f"{self.stack}-states"

    def function(self, function_name: str) -> str:
        """`<stack>-<FunctionName>`, so two stacks of one workflow never collide."""
        physical = f"{self.stack}-{function_name}"
        if len(physical) > 64:
            raise FlowdslError(
                [
                    error(
                        "invalid-stack-name",
                        f"lambda function name '{physical}' is longer than 64 characters: "
                        "pass a shorter --stack",
                    )
                ]
            )
        return physical


def tags(stack: str, key: str, value: str) -> dict[str, str]:
    """The tags of one resource: its stack and its part of it."""
    return {STACK_TAG: stack, key: value}


def trust_policy(service: str) -> dict[str, Any]:
    """A role trust policy letting one AWS service principal assume the role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"},
        ],
    }


def invoke_policy(function_arns: list[str]) -> dict[str, Any]:
    """Least privilege for the state machine: invoke exactly these functions, any qualifier.

    The `:*` forms cover versions and aliases (`arn:...:function:F:1`), which the
    `lambda:invoke` integration may call (AWS Step Functions Developer Guide, "IAM policies
    for invoking AWS Lambda").
    """
    resources = [form for arn in sorted(function_arns) for form in (arn, f"{arn}:*")]
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": resources}],
    }


def used_functions(source: Source) -> list[str]:
    """The Lambda functions the definition refers to through `${<FunctionName>Arn}` placeholders.

    Every placeholder must name a function with a handler in the source; anything else could
    not be resolved on deploy.
    """
    text = dumps(to_asl(source.definition))
    known = sorted(source.handlers)
    used: list[str] = []
    problems = []
    for key in dict.fromkeys(placeholders(text)):
        function = key.removesuffix("Arn")
        if key.endswith("Arn") and function in source.handlers:
            used.append(function)
            continue
        problems.append(
            error(
                "unresolved-placeholder",
                f"placeholder '${{{key}}}' names no lambda function with a handler"
                f"{did_you_mean(function, known) if known else _NO_HANDLERS}",
            )
        )
    if problems:
        raise FlowdslError(problems)
    return used


def resolved_definition(source: Source, function_arns: dict[str, str]) -> str:
    """The definition as JSON text with each `${<FunctionName>Arn}` replaced by the real ARN."""
    text = dumps(to_asl(source.definition))
    for function, arn in function_arns.items():
        text = text.replace(placeholder(function), arn)
    return text
