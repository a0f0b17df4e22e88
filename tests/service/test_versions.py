"""State machine versions and aliases, in-process and through boto3, against AWS's documented
behaviour (Developer Guide "State machine versions", "State machine aliases") and botocore's
response shapes."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from flowdsl.service import Client, Service
from tests.service.conftest import ROLE, boto3_on
from tests.service.shapes import problems


def pass_machine(result: int) -> str:
    return json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": result, "End": True}}})


@pytest.fixture
def sfn() -> Client:
    return Client(endpoint="", seed=11)


def checked(operation: str, response: dict[str, Any]) -> dict[str, Any]:
    """`response` (boto3's without its ResponseMetadata) after checking it fits the model."""
    response.pop("ResponseMetadata", None)
    assert problems(operation, response) == []
    return response


def machine_with_two_versions(sfn: Any) -> tuple[str, str, str]:
    """A machine whose version 1 returns 1 and version 2 returns 2 (the current revision)."""
    created = sfn.create_state_machine(
        name="m", definition=pass_machine(1), roleArn=ROLE, publish=True, versionDescription="first"
    )
    checked("CreateStateMachine", created)
    arn = created["stateMachineArn"]
    updated = checked("UpdateStateMachine", sfn.update_state_machine(
        stateMachineArn=arn, definition=pass_machine(2), publish=True))  # fmt: skip
    return arn, created["stateMachineVersionArn"], updated["stateMachineVersionArn"]


def run(sfn: Any, target: str) -> dict[str, Any]:
    started = sfn.start_execution(stateMachineArn=target)["executionArn"]
    return checked("DescribeExecution", sfn.wait(started))


def test_publishing_numbers_versions_and_snapshots_the_revision(sfn: Client) -> None:
    arn, first, second = machine_with_two_versions(sfn)
    assert (first, second) == (f"{arn}:1", f"{arn}:2")
    one = checked("DescribeStateMachine", sfn.describe_state_machine(stateMachineArn=first))
    assert (one["stateMachineArn"], one["definition"], one["description"]) == (
        first,
        pass_machine(1),
        "first",
    )
    assert "revisionId" not in one  # the first revision's id is null
    current = checked("DescribeStateMachine", sfn.describe_state_machine(stateMachineArn=arn))
    assert current["definition"] == pass_machine(2)
    assert uuid.UUID(current["revisionId"])
    assert sfn.describe_state_machine(stateMachineArn=second)["revisionId"] == current["revisionId"]
    # Publishing a revision that has a version is idempotent; so is an update that changes nothing.
    again = checked("PublishStateMachineVersion", sfn.publish_state_machine_version(stateMachineArn=arn))
    assert again["stateMachineVersionArn"] == second
    same = sfn.update_state_machine(stateMachineArn=arn, definition=pass_machine(2))
    assert same["revisionId"] == current["revisionId"]
    with pytest.raises(sfn.exceptions.InvalidDefinition):
        sfn.update_state_machine(stateMachineArn=arn, definition="{not json", publish=True)
    assert json.loads(run(sfn, first)["output"]) == 1 and json.loads(run(sfn, arn)["output"]) == 2


def test_versions_list_newest_first_in_pages_and_numbers_are_not_reused(sfn: Client) -> None:
    arn, first, second = machine_with_two_versions(sfn)
    page = checked(
        "ListStateMachineVersions", sfn.list_state_machine_versions(stateMachineArn=arn, maxResults=1)
    )
    rest = sfn.list_state_machine_versions(stateMachineArn=arn, nextToken=page["nextToken"])
    listed = [
        v["stateMachineVersionArn"] for v in page["stateMachineVersions"] + rest["stateMachineVersions"]
    ]
    assert listed == [second, first] and "nextToken" not in rest
    sfn.delete_state_machine_version(stateMachineVersionArn=second)
    sfn.update_state_machine(stateMachineArn=arn, definition=pass_machine(3))
    third = sfn.publish_state_machine_version(stateMachineArn=arn, description="three")
    assert third["stateMachineVersionArn"] == f"{arn}:3"
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.describe_state_machine(stateMachineArn=second)


def test_a_stale_revision_id_is_a_conflict(sfn: Client) -> None:
    arn = sfn.create_state_machine(name="m", definition=pass_machine(1), roleArn=ROLE)["stateMachineArn"]
    revision = sfn.update_state_machine(stateMachineArn=arn, definition=pass_machine(2))["revisionId"]
    with pytest.raises(sfn.exceptions.ConflictException, match=revision):
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="INITIAL")
    published = sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=revision)
    assert published["stateMachineVersionArn"] == f"{arn}:1"
    with pytest.raises(sfn.exceptions.ValidationException, match="publish is true"):
        sfn.update_state_machine(stateMachineArn=arn, definition=pass_machine(3), versionDescription="x")


def test_initial_names_the_first_revision(sfn: Client) -> None:
    arn = sfn.create_state_machine(name="m", definition=pass_machine(1), roleArn=ROLE)["stateMachineArn"]
    published = sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="INITIAL")
    assert published["stateMachineVersionArn"] == f"{arn}:1"


def test_an_alias_routes_by_weight_and_executions_name_it(sfn: Client) -> None:
    arn, first, second = machine_with_two_versions(sfn)
    routing = [
        {"stateMachineVersionArn": first, "weight": 50},
        {"stateMachineVersionArn": second, "weight": 50},
    ]
    alias = checked(
        "CreateStateMachineAlias", sfn.create_state_machine_alias(name="live", routingConfiguration=routing)
    )
    assert alias["stateMachineAliasArn"] == f"{arn}:live"
    described = [run(sfn, alias["stateMachineAliasArn"]) for _ in range(30)]
    ran = Counter(d["stateMachineVersionArn"] for d in described)
    assert set(ran) == {first, second}  # both versions get executions
    for d in described:
        assert d["stateMachineArn"] == arn and d["stateMachineAliasArn"] == alias["stateMachineAliasArn"]
        assert json.loads(d["output"]) == int(d["stateMachineVersionArn"][-1])
    by_alias = checked("ListExecutions", sfn.list_executions(stateMachineArn=alias["stateMachineAliasArn"]))
    by_first = sfn.list_executions(stateMachineArn=first)["executions"]
    assert len(by_alias["executions"]) == 30 and len(by_first) == ran[first]
    assert {e["stateMachineVersionArn"] for e in by_first} == {first}
    started = sfn.get_execution_history(executionArn=described[0]["executionArn"])["events"][0]
    assert started["executionStartedEventDetails"]["stateMachineAliasArn"] == alias["stateMachineAliasArn"]
    machine = sfn.describe_state_machine_for_execution(executionArn=described[0]["executionArn"])
    checked("DescribeStateMachineForExecution", machine)
    assert machine["definition"] == pass_machine(int(described[0]["stateMachineVersionArn"][-1]))


def test_routing_is_repeatable_under_a_seed() -> None:
    def routed(seed: int) -> list[str]:
        sfn = Client(endpoint="", seed=seed)
        _, first, second = machine_with_two_versions(sfn)
        routing = [
            {"stateMachineVersionArn": first, "weight": 30},
            {"stateMachineVersionArn": second, "weight": 70},
        ]
        alias = sfn.create_state_machine_alias(name="live", routingConfiguration=routing)
        return [run(sfn, alias["stateMachineAliasArn"])["stateMachineVersionArn"] for _ in range(12)]

    assert routed(3) == routed(3)


def test_a_version_started_directly_has_no_alias(sfn: Client) -> None:
    _, first, _ = machine_with_two_versions(sfn)
    described = run(sfn, first)
    assert described["stateMachineVersionArn"] == first and "stateMachineAliasArn" not in described
    listed = sfn.list_executions(stateMachineArn=first)["executions"][0]
    assert listed["stateMachineVersionArn"] == first and "stateMachineAliasArn" not in listed


def test_a_nested_start_of_a_version_or_alias_runs_that_version(sfn: Client) -> None:
    arn, first, _ = machine_with_two_versions(sfn)
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": first, "weight": 100}]
    )["stateMachineAliasArn"]
    for target, expected in ((first, 1), (alias, 1), (arn, 2)):
        start = "arn:aws:states:::states:startExecution.sync:2"
        task = {"Type": "Task", "Resource": start, "Parameters": {"StateMachineArn": target}, "End": True}
        parent = json.dumps({"StartAt": "T", "States": {"T": task}})
        machine = sfn.create_state_machine(name=f"p{uuid.uuid4().hex[:8]}", definition=parent, roleArn=ROLE)
        described = run(sfn, machine["stateMachineArn"])
        assert described["status"] == "SUCCEEDED", described
        assert json.loads(described["output"])["Output"] == expected


def test_alias_lifecycle(sfn: Client) -> None:
    arn, first, second = machine_with_two_versions(sfn)
    alias = sfn.create_state_machine_alias(
        name="live", description="d", routingConfiguration=[{"stateMachineVersionArn": first, "weight": 100}]
    )["stateMachineAliasArn"]
    same = sfn.create_state_machine_alias(
        name="live", description="d", routingConfiguration=[{"stateMachineVersionArn": first, "weight": 100}]
    )
    assert same["stateMachineAliasArn"] == alias  # idempotent
    with pytest.raises(sfn.exceptions.ConflictException):
        sfn.create_state_machine_alias(
            name="live", routingConfiguration=[{"stateMachineVersionArn": second, "weight": 100}]
        )
    with pytest.raises(sfn.exceptions.ConflictException, match=r"\[live\]"):
        sfn.delete_state_machine_version(stateMachineVersionArn=first)
    only_second = [{"stateMachineVersionArn": second, "weight": 100}]
    updated = sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=only_second)
    checked("UpdateStateMachineAlias", updated)
    described = checked(
        "DescribeStateMachineAlias", sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    )
    assert described["routingConfiguration"] == [{"stateMachineVersionArn": second, "weight": 100}]
    assert (described["description"], described["updateDate"]) == ("d", updated["updateDate"])
    assert run(sfn, alias)["stateMachineVersionArn"] == second
    sfn.create_state_machine_alias(
        name="beta", routingConfiguration=[{"stateMachineVersionArn": first, "weight": 100}]
    )
    aliases = checked("ListStateMachineAliases", sfn.list_state_machine_aliases(stateMachineArn=arn))
    assert [a["stateMachineAliasArn"] for a in aliases["stateMachineAliases"]] == [f"{arn}:beta", alias]
    on_first = sfn.list_state_machine_aliases(stateMachineArn=first)["stateMachineAliases"]
    assert [a["stateMachineAliasArn"] for a in on_first] == [f"{arn}:beta"]
    with pytest.raises(sfn.exceptions.InvalidArn):  # an alias is no one version to describe
        sfn.describe_state_machine(stateMachineArn=alias)
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
    with pytest.raises(sfn.exceptions.StateMachineDoesNotExist):
        sfn.start_execution(stateMachineArn=alias)
    sfn.delete_state_machine_version(stateMachineVersionArn=second)  # no alias points at it now


@pytest.mark.parametrize(
    ("weights", "error"),
    [
        pytest.param([(1, 60), (2, 30)], "ValidationException", id="weights-not-100"),
        pytest.param([(1, 50), (1, 50)], "ValidationException", id="one-version-twice"),
        pytest.param([(1, 40), (2, 30), (2, 30)], "ValidationException", id="three-versions"),
        pytest.param([(1, 120), (2, -20)], "ValidationException", id="weight-over-100"),
        pytest.param([(9, 100)], "ResourceNotFound", id="no-such-version"),
    ],
)
def test_a_bad_routing_configuration_is_refused(
    sfn: Client, weights: list[tuple[int, int]], error: str
) -> None:
    arn, _, _ = machine_with_two_versions(sfn)
    routing = [{"stateMachineVersionArn": f"{arn}:{n}", "weight": w} for n, w in weights]
    with pytest.raises(getattr(sfn.exceptions, error)):
        sfn.create_state_machine_alias(name="live", routingConfiguration=routing)


def test_deleting_the_machine_deletes_its_versions_and_aliases(sfn: Client) -> None:
    arn, first, _ = machine_with_two_versions(sfn)
    alias = sfn.create_state_machine_alias(
        name="a", routingConfiguration=[{"stateMachineVersionArn": first, "weight": 100}]
    )
    sfn.delete_state_machine(stateMachineArn=arn)
    sfn.create_state_machine(name="m", definition=pass_machine(5), roleArn=ROLE)
    assert sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"] == []
    with pytest.raises(sfn.exceptions.ResourceNotFound):
        sfn.describe_state_machine_alias(stateMachineAliasArn=alias["stateMachineAliasArn"])


@pytest.fixture
def boto_sfn() -> Iterator[Any]:
    """Plain boto3 against a served endpoint (its own, with seeded routing)."""
    with boto3_on(Service(endpoint="", seed=5)) as client:
        yield client


def test_versions_and_aliases_through_boto3(boto_sfn: Any) -> None:
    sfn = boto_sfn
    arn, first, second = machine_with_two_versions(sfn)
    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": first, "weight": 100}]
    )["stateMachineAliasArn"]
    execution = sfn.start_execution(stateMachineArn=alias)["executionArn"]
    for _ in range(200):
        described = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            break
    assert (described["stateMachineVersionArn"], described["stateMachineAliasArn"]) == (first, alias)
    assert checked("DescribeExecution", described)["output"] == "1"
    for operation, response in [
        ("DescribeStateMachine", sfn.describe_state_machine(stateMachineArn=second)),
        ("ListStateMachineVersions", sfn.list_state_machine_versions(stateMachineArn=arn)),
        ("DescribeStateMachineAlias", sfn.describe_state_machine_alias(stateMachineAliasArn=alias)),
        ("ListStateMachineAliases", sfn.list_state_machine_aliases(stateMachineArn=arn)),
        ("ListExecutions", sfn.list_executions(stateMachineArn=alias)),
    ]:
        checked(operation, response)
    with pytest.raises(sfn.exceptions.ConflictException):
        sfn.delete_state_machine_version(stateMachineVersionArn=first)
    with pytest.raises(sfn.exceptions.ConflictException):
        sfn.publish_state_machine_version(stateMachineArn=arn, revisionId="INITIAL")
