"""What a deploy creates, decided without AWS: names, tags, policy documents, the definition.

Every resource carries the tag `flowdsl:stack=<stack>`, one naming its part of the stack
(`flowdsl:function=<FunctionName>`, `flowdsl:role=lambda|states|states:<Child>`,
`flowdsl:machine=<Child>` on a nested workflow's state machine) and `flowdsl:workflow`, the
identity of the workflow deployed (`workflow_identity`); `destroy` and re-deploys take only
resources whose tags and names both say they are the stack's (`inventory`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.diagnostics import FlowdslError, did_you_mean, error
from flowdsl.model import dumps, to_asl
from flowdsl.model.resources import placeholder, placeholders
from flowdsl.source import Handler, Source

STACK_TAG = "flowdsl:stack"
FUNCTION_TAG = "flowdsl:function"
ROLE_TAG = "flowdsl:role"
WORKFLOW_TAG = "flowdsl:workflow"
MACHINE_TAG = "flowdsl:machine"
ROLE_PATH = "/flowdsl/"
RUNTIME = "python3.12"
LAMBDA_BASIC_POLICY = "arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
INVOKE_POLICY_NAME = "flowdsl-invoke-functions"
# IAM role names and Lambda function names are at most 64 characters; the longest suffix we
# add to a stack name is "-lambda-exec" (12), so a stack name is at most 52.
MAX_STACK_NAME = 52
_NO_HANDLERS = " (deploy the .py workflow, which binds them)"
_STACK_NAME = re.compile(r"^[A-Za-z0-9_-]+\Z")
_HASH_LENGTH = 8
# What IAM, Lambda and Step Functions all accept in a tag value (IAM is the strictest).
_TAG_UNSAFE = re.compile(r"[^\w .:/=+@-]")
_MAX_TAG_VALUE = 256


def stack_name(source: Source | None, name: str | None) -> str:
    """The stack name: `--stack` if given (validated), else derived from the workflow's name.

    A name that is already a valid stack name is used as it is; any other is made safe and
    gets a hash of the exact name, so the derivation never maps two names to one stack
    ("Order Flow" -> "Order-Flow-<hash>", while "Order-Flow" stays "Order-Flow"; "注文" and
    "請求" get different hashes).
    """
    if name is None:
        if source is None:
            raise FlowdslError([error("invalid-stack-name", "a stack name is required")])
        name = derived_stack_name(source.name)
    if not _STACK_NAME.match(name) or len(name) > MAX_STACK_NAME:
        message = f"invalid stack name '{name}': use at most {MAX_STACK_NAME} letters, digits, '-' or '_'"
        raise FlowdslError([error("invalid-stack-name", message)])
    return name


def derived_stack_name(workflow: str) -> str:
    """The stack a workflow deploys to by default: its name, or a safe form plus a hash of it."""
    if _STACK_NAME.match(workflow) and len(workflow) <= MAX_STACK_NAME:
        return workflow
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", workflow).strip("-") or "flowdsl"
    digest = hashlib.sha256(workflow.encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    return f"{safe[: MAX_STACK_NAME - _HASH_LENGTH - 1]}-{digest}"


def workflow_identity(source: Source) -> str:
    """Which workflow a stack holds, as a tag value: the workflow's name and its file.

    The file is named relative to its project (the nearest folder holding `pyproject.toml` or
    `.git`, named by its `[project] name` or else the folder's name), so one project deploys the
    same identity from any checkout, while two projects' `Main` workflows differ (a file in no
    project is named by its absolute path). Characters a tag value cannot hold become `_`;
    an over-long identity keeps its start and a hash of the whole.
    """
    readable = f"{source.name} in {_project_path(source.origin)}" if source.origin else source.name
    value = _TAG_UNSAFE.sub("_", readable)
    if len(value) <= _MAX_TAG_VALUE:
        return value
    digest = hashlib.sha256(readable.encode("utf-8")).hexdigest()[:16]
    return f"{value[: _MAX_TAG_VALUE - 17]} {digest}"


def _project_path(origin: str) -> str:
    path = Path(origin).resolve()
    for folder in path.parents:
        if (folder / "pyproject.toml").is_file() or (folder / ".git").exists():
            return f"{_project_name(folder)}/{path.relative_to(folder).as_posix()}"
    return path.as_posix()


def _project_name(folder: Path) -> str:
    """`[project] name` of the folder's pyproject.toml, else the folder's own name."""
    try:
        data = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return folder.name
    name = data.get("project", {}).get("name") if isinstance(data.get("project"), dict) else None
    return name if isinstance(name, str) and name else folder.name


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

    def state_machine_arn(self, partition: str, region: str, account: str, child: str = "") -> str:
        """The ARN of the stack's state machine, or of its nested workflow `child`."""
        return f"arn:{partition}:states:{region}:{account}:stateMachine:{self.machine(child)}"

    def machine(self, child: str = "") -> str:
        """The state machine of nested workflow `child` (its `machine_key`): `<stack>-<child>`;
        the stack's own for ""."""
        return f"{self.stack}-{child}" if child else self.stack

    def machine_role(self, child: str = "") -> str:
        """The role of nested workflow `child`'s state machine: `<stack>-<child>-states`."""
        return self._limited(f"{self.stack}-{child}-states", "iam role") if child else self.states_role

    def function(self, function_name: str) -> str:
        """`<stack>-<FunctionName>`, so two stacks of one workflow never collide."""
        return self._limited(f"{self.stack}-{function_name}", "lambda function")

    def _limited(self, physical: str, kind: str) -> str:
        """IAM role and Lambda function names are at most 64 characters."""
        if len(physical) > 64:
            message = f"{kind} name '{physical}' is longer than 64 characters: pass a shorter --stack"
            raise FlowdslError([error("invalid-stack-name", message)])
        return physical


def tags(stack: str, key: str, value: str, workflow: str) -> dict[str, str]:
    """The tags of one resource: its stack, its part of it and the workflow it was deployed from."""
    return {STACK_TAG: stack, key: value, WORKFLOW_TAG: workflow}


def trust_policy(service: str, account: Any, source_arn: Any = None) -> dict[str, Any]:
    """A role trust policy letting one AWS service principal assume the role, for this account only.

    `aws:SourceAccount` (and `aws:SourceArn`, the state machine, when given) stop another
    account's resource from making the service assume this role: the confused-deputy advice of
    the IAM User Guide ("The confused deputy problem") and the Step Functions Developer Guide
    ("Creating an IAM role for your state machine"). Values may be CloudFormation intrinsics.
    """
    condition: dict[str, Any] = {"StringEquals": {"aws:SourceAccount": account}}
    if source_arn is not None:
        condition["ArnLike"] = {"aws:SourceArn": source_arn}
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
        "Condition": condition,
    }
    return {"Version": "2012-10-17", "Statement": [statement]}


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
        if key.endswith("Arn") and function in source.children:
            continue  # a nested workflow: deploy creates it first (`resolved_definition`)
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


def resolved_definition(source: Source, arns: dict[str, str]) -> str:
    """The definition as JSON text with each `${<Name>Arn}` replaced by the real ARN (`arns`
    by Lambda function name or nested workflow key)."""
    text = dumps(to_asl(source.definition))
    for name, arn in arns.items():
        text = text.replace(placeholder(name), arn)
    return text


def all_functions(source: Source) -> dict[str, Handler]:
    """The Lambda functions of the workflow and of every nested workflow, by name, with their
    handlers; one function given two handlers (in two workflows) is `conflicting-handlers`."""
    found: dict[str, Handler] = {}
    for workflow in [*source.nested().values(), source]:
        for function in used_functions(workflow):
            handler = found.setdefault(function, workflow.handlers[function])
            if handler is not workflow.handlers[function]:
                message = (
                    f"lambda function '{function}' is given two different handlers "
                    f"(workflow '{workflow.name}')"
                )
                raise FlowdslError([error("conflicting-handlers", message)])
    return found
