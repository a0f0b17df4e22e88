"""State machine versions and aliases: the actions that publish, route to and remove them.

AWS Developer Guide, "State machine versions" and "State machine aliases"; AWS API reference,
PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion and the
Create/Describe/Update/Delete/ListStateMachineAliases actions:

- a version is a numbered, immutable snapshot of a revision, its ARN the state machine's with
  `:<number>` (numbers start at 1 and are never reused); publishing a revision that already
  has a version returns that version (the API is idempotent);
- a revision is what CreateStateMachine and each changing UpdateStateMachine leave; its
  `revisionId` is a UUID, and null for the first one ("INITIAL" names it in
  PublishStateMachineVersion's `revisionId` check);
- an alias points at one or two versions of the same state machine, each with a weight, the
  weights summing to 100; StartExecution on the alias picks a version by weight. Its ARN is the
  state machine's with `:<name>`; a version an alias points at cannot be deleted.
"""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from flowdsl.service.activities import required, with_token
from flowdsl.service.errors import SfnError, fail
from flowdsl.service.machines import MachineVersion
from flowdsl.service.paging import page, when

if TYPE_CHECKING:
    from flowdsl.service.core import MachineRecord

Json = Any
MAX_VERSIONS = 1000  # "You can publish up to 1000 versions for each state machine."
INITIAL = "INITIAL"
# CreateStateMachineAlias: 1-80 characters, at least one that is not a digit (a number would
# read as a version).
_ALIAS_NAME = re.compile(r"^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]{1,80}\Z")
_NOT_FOUND = "Request references a resource that does not exist."


@dataclass
class Version:
    """One published version: the revision it snapshots, its number and description."""

    number: int
    arn: str
    machine: MachineVersion
    description: str | None
    created: float


@dataclass
class Alias:
    """One alias: its routing configuration, `(version ARN, weight)` pairs."""

    name: str
    arn: str
    description: str | None
    routing: list[tuple[str, int]]
    created: float
    updated: float

    def described(self) -> dict[str, Json]:
        """DescribeStateMachineAlias's response."""
        out: dict[str, Json] = {"stateMachineAliasArn": self.arn, "name": self.name}
        if self.description is not None:
            out["description"] = self.description
        out["routingConfiguration"] = [{"stateMachineVersionArn": a, "weight": w} for a, w in self.routing]
        out.update({"creationDate": when(self.created), "updateDate": when(self.updated)})
        return out


@dataclass
class Published:
    """A state machine's versions (by number) and aliases (by name)."""

    versions: dict[int, Version] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)
    last: int = 0  # the highest number ever published: numbers are not reused


class Target(NamedTuple):
    """What a StartExecution ARN names: the machine, the revision to run, its version and alias."""

    record: MachineRecord
    machine: MachineVersion
    version_arn: str | None
    alias_arn: str | None


def split_arn(arn: str) -> tuple[str, str | None]:
    """`arn:...:stateMachine:Name:3` -> (`arn:...:stateMachine:Name`, `"3"`); unqualified: None."""
    parts = arn.split(":")
    if len(parts) == 8 and parts[5] == "stateMachine":
        return ":".join(parts[:7]), parts[7]
    return arn, None


def is_version(qualifier: str | None) -> bool:
    return qualifier is not None and qualifier.isascii() and qualifier.isdigit()


def new_revision_id() -> str:
    return str(uuid.uuid4())


class VersionActions:
    """The version and alias actions of `Service` (same conventions as core.py)."""

    lock: threading.RLock
    machines: dict[str, MachineRecord]
    routing: random.Random

    def _machine(self, arn: str) -> MachineRecord:
        raise NotImplementedError

    # -- versions -----------------------------------------------------------------------------

    def publish(self, record: MachineRecord, description: str | None) -> Version:
        """The version of `record`'s current revision, published now unless it already is."""
        with self.lock:
            published = record.published
            for version in published.versions.values():
                if version.machine is record.current:
                    return version
            if len(published.versions) >= MAX_VERSIONS:
                raise fail(
                    "ServiceQuotaExceededException",
                    f"A state machine can have at most {MAX_VERSIONS} versions: delete unused ones",
                )
            published.last += 1
            arn = f"{record.current.arn}:{published.last}"
            version = Version(published.last, arn, record.current, description, round(time.time(), 3))
            published.versions[published.last] = version
            return version

    def publish_state_machine_version(self, **params: Any) -> dict[str, Json]:
        record = self._unqualified(required(params, "stateMachineArn"))
        wanted, current = params.get("revisionId"), record.current.revision_id
        if wanted is not None and wanted != (current or INITIAL):
            raise fail(
                "ConflictException",
                f"Failed to publish the State Machine version for revision {wanted}. "
                f"The current State Machine revision is {current or INITIAL}.",
            )
        version = self.publish(record, params.get("description"))
        return {"creationDate": when(version.created), "stateMachineVersionArn": version.arn}

    def list_state_machine_versions(self, **params: Any) -> dict[str, Json]:
        """The versions, newest first (API reference: "sorted in descending order of the version
        creation time")."""
        record = self._unqualified(required(params, "stateMachineArn"))
        with self.lock:
            versions = sorted(record.published.versions.values(), key=lambda v: -v.number)
        items, token = page(versions, params.get("maxResults"), params.get("nextToken"))
        listed = [{"stateMachineVersionArn": v.arn, "creationDate": when(v.created)} for v in items]
        return with_token({"stateMachineVersions": listed}, token)

    def delete_state_machine_version(self, **params: Any) -> dict[str, Json]:
        """Deletes a version no alias points at (ConflictException naming them otherwise); a
        version that does not exist is deleted already."""
        arn = required(params, "stateMachineVersionArn")
        base, qualifier = split_arn(arn)
        if not is_version(qualifier):
            raise fail("InvalidArn", f"Invalid Arn: '{arn}'")
        with self.lock:
            record = self.machines.get(base)
            if record is None:
                return {}
            users = [a.name for a in record.published.aliases.values() if arn in dict(a.routing)]
            if users:
                raise fail(
                    "ConflictException",
                    "Version to be deleted must not be referenced by an alias. "
                    f"Current list of aliases referencing this version: [{', '.join(users)}]",
                )
            record.published.versions.pop(int(str(qualifier)), None)
        return {}

    def described_version(self, arn: str) -> dict[str, Json]:
        """DescribeStateMachine on a version ARN: that version's definition and revision."""
        base, qualifier = split_arn(arn)
        if not is_version(qualifier):  # an alias names no one definition
            raise fail("InvalidArn", f"Invalid Arn: '{arn}'")
        record = self._machine(base)
        version = record.published.versions.get(int(str(qualifier)))
        if version is None:
            raise fail("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
        v = version.machine
        out = {**v.described(), "stateMachineArn": arn, "status": "ACTIVE", "type": v.type}
        out["creationDate"] = when(version.created)
        if v.revision_id is not None:
            out["revisionId"] = v.revision_id
        if version.description is not None:
            out["description"] = version.description
        return out

    # -- aliases ------------------------------------------------------------------------------

    def create_state_machine_alias(self, **params: Any) -> dict[str, Json]:
        name = required(params, "name")
        if not isinstance(name, str) or not _ALIAS_NAME.match(name):
            raise fail(
                "ValidationException",
                f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: "
                "Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$",
            )
        description = params.get("description")
        with self.lock:
            record, routing = self._routing(required(params, "routingConfiguration"))
            arn = f"{record.current.arn}:{name}"
            existing = record.published.aliases.get(name)
            if existing is not None:  # idempotent on name, description and routing
                if (existing.description, existing.routing) != (description, routing):
                    raise fail(
                        "ConflictException",
                        "Failed to create alias because an alias with the same name and a "
                        "different routing configuration already exists.",
                    )
                return {"stateMachineAliasArn": arn, "creationDate": when(existing.created)}
            now = round(time.time(), 3)
            record.published.aliases[name] = Alias(name, arn, description, routing, now, now)
        return {"stateMachineAliasArn": arn, "creationDate": when(now)}

    def describe_state_machine_alias(self, **params: Any) -> dict[str, Json]:
        return self._alias(required(params, "stateMachineAliasArn")).described()

    def update_state_machine_alias(self, **params: Any) -> dict[str, Json]:
        alias = self._alias(required(params, "stateMachineAliasArn"))
        if params.get("description") is None and params.get("routingConfiguration") is None:
            raise fail(
                "MissingRequiredParameter",
                "Either the description or the RoutingConfiguration must be specified",
            )
        with self.lock:
            if params.get("routingConfiguration") is not None:
                record, routing = self._routing(params["routingConfiguration"])
                if not alias.arn.startswith(record.current.arn + ":"):
                    raise fail(
                        "ValidationException", "An alias can only point at versions of its own state machine"
                    )
                alias.routing = routing
            if params.get("description") is not None:
                alias.description = params["description"]
            alias.updated = round(time.time(), 3)
        return {"updateDate": when(alias.updated)}

    def delete_state_machine_alias(self, **params: Any) -> dict[str, Json]:
        """Deletes the alias (not its versions); one that does not exist is deleted already."""
        base, name = self._alias_arn(required(params, "stateMachineAliasArn"))
        with self.lock:
            record = self.machines.get(base)
            if record is not None:
                record.published.aliases.pop(name, None)
        return {}

    def list_state_machine_aliases(self, **params: Any) -> dict[str, Json]:
        """A machine's aliases, or (a version ARN) those pointing at that version; newest first."""
        arn = required(params, "stateMachineArn")
        base, qualifier = split_arn(arn)
        if qualifier is not None and not is_version(qualifier):
            raise fail("InvalidArn", f"Invalid Arn: '{arn}'")
        record = self._machine(base)
        with self.lock:
            # Newest first: by creation time, and aliases created in the same millisecond in
            # reverse order of creation (the sort is stable, the dict in creation order).
            aliases = [
                a
                for a in reversed(record.published.aliases.values())
                if qualifier is None or arn in dict(a.routing)
            ]
        aliases.sort(key=lambda a: a.created, reverse=True)
        items, token = page(aliases, params.get("maxResults"), params.get("nextToken"))
        listed = [{"stateMachineAliasArn": a.arn, "creationDate": when(a.created)} for a in items]
        return with_token({"stateMachineAliases": listed}, token)

    # -- what StartExecution runs -------------------------------------------------------------

    def target(self, arn: str) -> Target:
        """The revision an unqualified, version or alias ARN runs (AWS API reference,
        StartExecution `stateMachineArn`); an alias picks one of its versions by weight."""
        base, qualifier = split_arn(arn)
        record = self._machine(base)
        with self.lock:
            if qualifier is None:
                return Target(record, record.current, None, None)
            if is_version(qualifier):
                version = record.published.versions.get(int(qualifier))
                alias_arn = None
            else:
                alias = record.published.aliases.get(qualifier)
                if alias is None:
                    raise fail("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
                arns, weights = zip(*alias.routing, strict=True)
                chosen = self.routing.choices(arns, weights=weights)[0]
                version, alias_arn = record.published.versions.get(int(split_arn(chosen)[1] or 0)), arn
            if version is None:
                raise fail("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")
            return Target(record, version.machine, version.arn, alias_arn)

    # -- helpers ------------------------------------------------------------------------------

    def _unqualified(self, arn: str) -> MachineRecord:
        if split_arn(arn)[1] is not None:
            raise fail("InvalidArn", f"Invalid Arn: '{arn}'")
        return self._machine(arn)

    def _alias_arn(self, arn: Any) -> tuple[str, str]:
        base, qualifier = split_arn(arn) if isinstance(arn, str) else (arn, None)
        if qualifier is None or is_version(qualifier):
            raise fail("InvalidArn", f"Invalid Arn: '{arn}'")
        return base, qualifier

    def _alias(self, arn: str) -> Alias:
        base, name = self._alias_arn(arn)
        with self.lock:
            record = self.machines.get(base)
            alias = record.published.aliases.get(name) if record is not None else None
        if alias is None:
            raise fail("ResourceNotFound", _NOT_FOUND)
        return alias

    def _routing(self, config: list[dict[str, Any]]) -> tuple[MachineRecord, list[tuple[str, int]]]:
        """A checked routing configuration: 1 or 2 distinct versions of one state machine, each
        weighted 0-100, the weights summing to 100 (CreateStateMachineAlias)."""
        routing = [(item["stateMachineVersionArn"], item["weight"]) for item in config]
        arns = [arn for arn, _ in routing]
        if not 1 <= len(routing) <= 2:
            raise _invalid(f"Value '{arns}' at 'routingConfiguration' failed to satisfy constraint: "
                           "Member must have length less than or equal to 2")  # fmt: skip
        if len(set(arns)) < len(arns):
            raise fail("ValidationException", f"Routing configuration must contain distinct state machine "
                       f"version ARNs. Received: [{', '.join(arns)}]")  # fmt: skip
        for i, (_, weight) in enumerate(routing, 1):
            if not 0 <= weight <= 100:
                raise _invalid(f"Value '{weight}' at 'routingConfiguration.{i}.member.weight' failed to "
                               "satisfy constraint: Member must be between 0 and 100")  # fmt: skip
        if sum(w for _, w in routing) != 100:
            weights = [w for _, w in routing]
            raise fail(
                "ValidationException",
                f"Sum of routing configuration weights must equal 100. Received: {weights}",
            )
        bases = {split_arn(arn)[0] for arn in arns}
        if len(bases) > 1 or not all(is_version(split_arn(arn)[1]) for arn in arns):
            raise fail("ValidationException", "Routing configuration must contain state machine version ARNs "
                       f"of one state machine. Received: [{', '.join(arns)}]")  # fmt: skip
        record = self.machines.get(bases.pop())
        if record is None or any(int(str(split_arn(a)[1])) not in record.published.versions for a in arns):
            raise fail("ResourceNotFound", _NOT_FOUND)
        return record, routing


def _invalid(message: str) -> SfnError:
    return fail("ValidationException", f"1 validation error detected: {message}")
