"""What a Task needs from IAM, as plain values: grants, warnings, where the deployment is; and
what an IAM statement a user declares for the role must look like."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flowdsl.diagnostics import did_you_mean, json_noun


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
    """Allow `actions` on `resources`, under `condition` ((operator, key, value) triples)."""

    actions: tuple[str, ...]
    resources: tuple[str, ...]
    condition: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Needs:
    """What one Task needs: grants, and warnings about what could not be narrowed."""

    grants: list[Grant]
    warnings: list[str]


# IAM JSON policy elements reference: a statement of an identity-based policy (a role's inline
# policy) has an Effect, exactly one of Action/NotAction, exactly one of Resource/NotResource,
# optionally a Sid (ASCII letters and digits) and a Condition; Principal belongs to
# resource-based policies only, and IAM refuses it in a role's policy (MalformedPolicyDocument).
_ELEMENTS = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition")
_ACTION = re.compile(r"^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)\Z")
_SID = re.compile(r"^[A-Za-z0-9]*\Z")


def policy_problems(statements: object) -> list[str]:
    """What is wrong with IAM statements a user declares for the role (`Workflow(policy=...)`,
    `--policy FILE`): `statement N has ...`, one line each; empty when IAM would take them."""
    if not isinstance(statements, (list, tuple)):
        return [f"is {json_noun(statements)}, not a list of IAM statements"]
    found = ((number, statement_problem(s)) for number, s in enumerate(statements, 1))
    return [f"statement {number} {problem}" for number, problem in found if problem]


def statement_problem(statement: object) -> str | None:
    """What is wrong with one IAM statement a user declared for the role, or None."""
    if not isinstance(statement, dict):
        return f"is {json_noun(statement)}, not an object with Effect, Action and Resource"
    unknown = [key for key in statement if key not in _ELEMENTS]
    if unknown:
        return _unknown_element(str(unknown[0]))
    effect = statement.get("Effect")
    if "Effect" not in statement:
        return "has no Effect: it is 'Allow' or 'Deny'"
    if effect not in ("Allow", "Deny"):
        return f"has Effect {_text(effect)}: it is 'Allow' or 'Deny'"
    sid = statement.get("Sid")
    if sid is not None and not (isinstance(sid, str) and _SID.match(sid)):
        return f"has Sid {_text(sid)}: IAM takes only ASCII letters and digits"
    return (
        _one_of(statement, "Action", "NotAction", _action_problem)
        or _one_of(statement, "Resource", "NotResource", _resource_problem)
        or _condition_problem(statement.get("Condition"))
    )


def _unknown_element(key: str) -> str:
    if key in ("Principal", "NotPrincipal"):
        return f"has {key}, which a role's own policy cannot have (it belongs to resource policies)"
    hint = did_you_mean(key, _ELEMENTS)
    return f"has unknown element '{key}'{hint}: a statement takes {', '.join(_ELEMENTS)}"


def _one_of(
    statement: dict[str, Any], name: str, negated: str, problem: Callable[[str], str | None]
) -> str | None:
    given = [key for key in (name, negated) if key in statement]
    if len(given) != 1:
        return f"needs exactly one of {name} and {negated}"
    value = statement[given[0]]
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if not values or not all(isinstance(item, str) for item in values):
        return f"has {given[0]} {_text(value)}: it is a str or a non-empty list of str"
    bad = next((item for item in values if problem(item)), None)
    return None if bad is None else f"has {given[0]} '{bad}': {problem(bad)}"


def _action_problem(action: str) -> str | None:
    return None if _ACTION.match(action) else "an action is 'service:Action' (wildcards allowed) or '*'"


def _resource_problem(resource: str) -> str | None:
    return None if resource == "*" or resource.startswith("arn:") else "a resource is an ARN or '*'"


def _condition_problem(condition: object) -> str | None:
    if condition is None:
        return None
    blocks = condition.values() if isinstance(condition, dict) else None
    if blocks is None or not all(isinstance(block, dict) and block for block in blocks):
        return (
            f"has Condition {_text(condition)}: it maps operators to {{key: value}} objects "
            '({"StringEquals": {"aws:RequestedRegion": "us-east-1"}})'
        )
    return None


def _text(value: object) -> str:
    """A value as the message shows it: a str quoted, JSON where it is JSON, else its repr."""
    if isinstance(value, str):
        return f"'{value}'"
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
