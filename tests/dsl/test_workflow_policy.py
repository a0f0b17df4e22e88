"""`Workflow(..., policy=[...])`: extra IAM statements, checked where the Workflow is written."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from flowdsl import Pass, Workflow
from flowdsl.diagnostics import FlowdslError

GOOD = {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:123456789012:key/k"}
FULL = {
    "Sid": "ReadReports",
    "Effect": "Deny",
    "NotAction": ["s3:Get*", "s3:List?ucket"],
    "NotResource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"],
    "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
}

# (statement, what the message says after "policy statement 1 "), per the IAM JSON policy
# elements reference (Effect, Action/NotAction, Resource/NotResource, Sid, Condition; no
# Principal in an identity-based policy).
BAD: list[tuple[str, Any, str]] = [
    ("not an object", "kms:Decrypt", "is a string, not an object with Effect, Action and Resource"),
    ("no effect", {"Action": "a:B", "Resource": "*"}, "has no Effect: it is 'Allow' or 'Deny'"),
    ("lower-case effect", {**GOOD, "Effect": "allow"}, "has Effect 'allow': it is 'Allow' or 'Deny'"),
    ("no action", {"Effect": "Allow", "Resource": "*"}, "needs exactly one of Action and NotAction"),
    (
        "action and notaction",
        {**GOOD, "NotAction": "s3:GetObject"},
        "needs exactly one of Action and NotAction",
    ),
    ("empty action list", {**GOOD, "Action": []}, "has Action []: it is a str or a non-empty list of str"),
    ("action not a str", {**GOOD, "Action": 3}, "has Action 3: it is a str or a non-empty list of str"),
    (
        "action without a service",
        {**GOOD, "Action": ["kms:Decrypt", "Decrypt"]},
        "has Action 'Decrypt': an action is 'service:Action' (wildcards allowed) or '*'",
    ),
    ("no resource", {"Effect": "Allow", "Action": "a:B"}, "needs exactly one of Resource and NotResource"),
    (
        "resource not an arn",
        {**GOOD, "Resource": "my-bucket"},
        "has Resource 'my-bucket': a resource is an ARN or '*'",
    ),
    (
        "principal",
        {**GOOD, "Principal": {"AWS": "*"}},
        "has Principal, which a role's own policy cannot have (it belongs to resource policies)",
    ),
    (
        "misspelt element",
        {**GOOD, "Resources": "*"},
        "has unknown element 'Resources' (did you mean 'Resource'?): a statement takes Sid, Effect, Action, "
        "NotAction, Resource, NotResource, Condition",
    ),
    (
        "sid with a dash",
        {**GOOD, "Sid": "read-keys"},
        "has Sid 'read-keys': IAM takes only ASCII letters and digits",
    ),
    (
        "condition not by operator",
        {**GOOD, "Condition": {"aws:RequestedRegion": "us-east-1"}},
        'has Condition {"aws:RequestedRegion": "us-east-1"}: it maps operators to {key: value} objects '
        '({"StringEquals": {"aws:RequestedRegion": "us-east-1"}})',
    ),
]


def test_statements_are_kept_as_given() -> None:
    statements: list[dict[str, Any]] = [GOOD, FULL]
    workflow = Workflow("W", Pass("P"), policy=statements)
    statements[0] = {}
    assert workflow.compile().policy == (GOOD, FULL)


def test_no_policy_is_an_empty_tuple() -> None:
    assert Workflow("W", Pass("P")).compile().policy == ()


@pytest.mark.parametrize(("statement", "message"), [(s, m) for _, s, m in BAD], ids=[i for i, _, _ in BAD])
def test_a_bad_statement_is_one_line_at_the_workflow(statement: Any, message: str) -> None:
    line = inspect.currentframe().f_lineno + 2  # type: ignore[union-attr]
    with pytest.raises(FlowdslError) as caught:
        Workflow("Orders", Pass("P"), policy=[statement])
    [found] = caught.value.diagnostics
    assert found.code == "invalid-policy"
    assert found.message == f"workflow 'Orders': policy statement 1 {message}"
    assert found.location == f"{_here()}:{line}"
    assert "\n" not in found.format()


def test_every_bad_statement_is_reported_with_its_number() -> None:
    with pytest.raises(FlowdslError) as caught:
        Workflow("W", Pass("P"), policy=[GOOD, {**GOOD, "Effect": "Maybe"}, GOOD, {"Effect": "Allow"}])
    messages = [d.message for d in caught.value.diagnostics]
    assert [m.split(" has ")[0].split(" needs ")[0] for m in messages] == [
        "workflow 'W': policy statement 2",
        "workflow 'W': policy statement 4",
    ]


@pytest.mark.parametrize("policy", [GOOD, "arn:aws:iam::aws:policy/ReadOnlyAccess"], ids=["one dict", "str"])
def test_a_policy_is_a_list(policy: Any) -> None:
    with pytest.raises(FlowdslError) as caught:
        Workflow("W", Pass("P"), policy=policy)
    [found] = caught.value.diagnostics
    assert found.code == "invalid-policy"
    assert found.message.endswith("not a list of IAM statements")


def _here() -> str:
    return "tests/dsl/test_workflow_policy.py"
