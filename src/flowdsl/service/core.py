"""The served Step Functions: state machines, executions, activities and task tokens, in memory.

Every public method is one Step Functions API action under its boto3 name, taking boto3's
keyword arguments and returning boto3's response shape (timestamps as aware datetimes); the
wire server (`wire.py`) and the in-process client (`client.py`) both call these. Errors are
`SfnError`s named as AWS names them (AWS Step Functions API reference).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flowdsl.checks import check_document
from flowdsl.diagnostics import Diagnostic
from flowdsl.engine.mockconfig import CASE_SEPARATOR, MockConfig
from flowdsl.engine.runtime import Scope
from flowdsl.run_cache import checked_text
from flowdsl.service import integrations, nested, teststate
from flowdsl.service.activities import ActivityActions, check_arn, check_name, lookup, required, with_token
from flowdsl.service.errors import fail
from flowdsl.service.executions import ExecutionRecord
from flowdsl.service.machines import MachineVersion
from flowdsl.service.mapruns import MapRun, MapRunActions
from flowdsl.service.paging import history_event, page, when
from flowdsl.service.redrive import RedriveActions
from flowdsl.service.requests import check_request
from flowdsl.service.tokens import ACTIVITY_POLL_SECONDS, Tokens
from flowdsl.service.versions import Published, VersionActions, new_revision_id, split_arn
from flowdsl.source import Handler

Json = Any
_TYPES = ("STANDARD", "EXPRESS")


@dataclass
class MachineRecord:
    """A served state machine: its current revision, its executions' ARNs (oldest first), and
    its published versions and aliases."""

    current: MachineVersion
    created: float
    executions: list[str] = field(default_factory=list)
    published: Published = field(default_factory=Published)


class Service(ActivityActions, MapRunActions, VersionActions, RedriveActions):
    """An in-memory Step Functions: `Service().create_state_machine(name=..., definition=..., roleArn=...)`.

    - `handlers`: Lambda function name -> Python handler, run in-process (as `flowdsl run`);
    - `mock_config`: a Step Functions Local MockConfigFile; StartExecution picks a test case
      with `<stateMachineArn>#<TestCase>` as Step Functions Local does;
    - `endpoint`: an AWS-compatible endpoint (moto, LocalStack) for service integrations,
      default `AWS_ENDPOINT_URL`;
    - `real_time`: Wait states really wait (default: the virtual clock, waits are instant);
    - `seed`: seeds the choice of version when StartExecution runs an alias with two (default:
      unseeded, as random as AWS's).
    - `local`: run as `flowdsl.run` does (`local.py`): executions start served nested
      workflows, and leave every other task to handlers and mocks.
    """

    def __init__(
        self,
        *,
        handlers: Mapping[str, Handler] | None = None,
        mock_config: MockConfig | None = None,
        endpoint: str | None = None,
        real_time: bool = False,
        region: str = "us-east-1",
        account: str = "123456789012",
        poll_seconds: float = ACTIVITY_POLL_SECONDS,
        seed: int | None = None,
        local: bool = False,
    ) -> None:
        self.handlers = dict(handlers or {})
        self.mock_config = mock_config
        self.endpoint = endpoint if endpoint is not None else os.environ.get("AWS_ENDPOINT_URL")
        self.real_time = real_time
        self.region, self.account = region, account
        self.poll_seconds = poll_seconds
        self.local = local
        self.lock = threading.RLock()
        self.machines: dict[str, MachineRecord] = {}
        self.executions: dict[str, ExecutionRecord] = {}
        self.map_runs: dict[str, MapRun] = {}
        self.tokens = Tokens()
        self.tags: dict[str, dict[str, str]] = {}
        self.routing = random.Random(seed)
        self._session: Any = None

    def call(self, operation: str, params: dict[str, Json]) -> dict[str, Json]:
        """One served action by boto3's name, its parameters checked against the API model first."""
        check_request(operation, params)
        present = {key: value for key, value in params.items() if value is not None}  # null is absent
        response: dict[str, Json] = getattr(self, operation)(**present)
        return response

    # -- helpers the execution side uses ---------------------------------------------------------

    def new_seed(self) -> int:
        return secrets.randbits(62)

    def new_token(self) -> str:
        return secrets.token_urlsafe(96)

    def session(self) -> Any:
        """A boto3 session whose clients talk to the endpoint (boto3 is imported only here)."""
        with self.lock:
            if self._session is None:
                self._session = integrations.endpoint_session(self.endpoint or "", self.region)
            return self._session

    def nested_call(self, resource: str, parameters: Json, parent: ExecutionRecord, scope: Scope) -> Json:
        return nested.start(self, resource, parameters, parent, scope)

    def _arn(self, kind: str, *names: str) -> str:
        return ":".join(["arn:aws:states", self.region, self.account, kind, *names])

    # -- state machines ----------------------------------------------------------------------

    def create_state_machine(self, **params: Any) -> dict[str, Json]:
        name, definition = required(params, "name"), required(params, "definition")
        role, kind = required(params, "roleArn"), params.get("type", "STANDARD")
        check_name(name)
        if kind not in _TYPES:
            raise fail("ValidationException", f"Value '{kind}' at 'type' failed to satisfy constraint")
        _check_publish(params)
        arn = self._arn("stateMachine", name)
        version = _version(arn, name, kind, definition, role)
        with self.lock:
            record = self.machines.get(arn)
            if record is not None:
                if (record.current.definition, record.current.role_arn) != (definition, role):
                    raise fail("StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'")
            else:
                record = self.machines[arn] = MachineRecord(version, version.updated)
        out = {"stateMachineArn": arn, "creationDate": when(record.created)}
        if params.get("publish"):
            out["stateMachineVersionArn"] = self.publish(record, params.get("versionDescription")).arn
        return out

    def describe_state_machine(self, **params: Any) -> dict[str, Json]:
        """The state machine's current revision, or (a version ARN) that version's."""
        arn = required(params, "stateMachineArn")
        if split_arn(arn)[1] is not None:
            return self.described_version(arn)
        record = self._machine(arn)
        v = record.current
        out = {**v.described(), "status": "ACTIVE", "type": v.type, "creationDate": when(record.created)}
        if v.revision_id is not None:  # null for the first revision (API reference)
            out["revisionId"] = v.revision_id
        return out

    def update_state_machine(self, **params: Any) -> dict[str, Json]:
        """A changed definition or role is a new revision (a new `revisionId`); `publish`
        publishes the current revision as a version (AWS Developer Guide, "State machine
        versions")."""
        record = self._unqualified(required(params, "stateMachineArn"))
        v = record.current
        definition, role = params.get("definition", v.definition), params.get("roleArn", v.role_arn)
        if "definition" not in params and "roleArn" not in params:
            raise fail("MissingRequiredParameter", "Either the definition or the roleArn must be specified")
        _check_publish(params)
        revision = _version(v.arn, v.name, v.type, definition, role)  # checked: InvalidDefinition
        updated = revision.updated
        if (json.loads(definition), role) != (json.loads(v.definition), v.role_arn):
            revision.revision_id = new_revision_id()
            record.current = revision
        out: dict[str, Json] = {"updateDate": when(updated)}
        if record.current.revision_id is not None:
            out["revisionId"] = record.current.revision_id
        if params.get("publish"):
            out["stateMachineVersionArn"] = self.publish(record, params.get("versionDescription")).arn
        return out

    def delete_state_machine(self, **params: Any) -> dict[str, Json]:
        arn = required(params, "stateMachineArn")
        check_arn(arn, "stateMachine")
        with self.lock:
            self.machines.pop(arn, None)
        return {}

    def list_state_machines(self, **params: Any) -> dict[str, Json]:
        with self.lock:
            records = sorted(self.machines.values(), key=lambda r: r.current.name)
        items, token = page(records, params.get("maxResults"), params.get("nextToken"))
        listed = [
            {"stateMachineArn": r.current.arn, "name": r.current.name, "type": r.current.type,
             "creationDate": when(r.created)}
            for r in items
        ]  # fmt: skip
        return with_token({"stateMachines": listed}, token)

    def _machine(self, arn: str) -> MachineRecord:
        return lookup(self.lock, self.machines, arn, "stateMachine", "StateMachineDoesNotExist")

    # -- executions ----------------------------------------------------------------------------

    def start_execution(self, **params: Any) -> dict[str, Json]:
        record = self._new_execution(params)
        threading.Thread(target=record.run, name=f"flowdsl {record.name}", daemon=True).start()
        return {"executionArn": record.arn, "startDate": when(record.start)}

    def start_sync_execution(self, **params: Any) -> dict[str, Json]:
        machine = self._machine(split_arn(required(params, "stateMachineArn").split(CASE_SEPARATOR)[0])[0])
        if machine.current.type != "EXPRESS":
            raise fail(
                "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine",
            )
        record = self._new_execution(params)
        record.run()
        out = record.describe()
        for key in ("redriveCount", "redriveStatus", "redriveStatusReason", "stateMachineVersionArn",
                    "stateMachineAliasArn"):  # fmt: skip
            out.pop(key, None)
        out["billingDetails"] = {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 100}
        return out

    def start_child(self, params: dict[str, Any], parent: ExecutionRecord) -> ExecutionRecord:
        """A nested execution started by `parent` (states:startExecution)."""
        record = self._new_execution(params)
        record.parent = parent.arn
        return record

    def map_child(
        self, arn: str, version: MachineVersion, payload: str, parent: ExecutionRecord
    ) -> ExecutionRecord:
        """A child execution of a Distributed Map run (DescribeExecution and its history work)."""
        record = ExecutionRecord(self, arn, arn.rsplit(":", 1)[1], version, payload)
        record.mocks, record.parent = parent.mocks, parent.arn
        with self.lock:
            self.executions[arn] = record
        parent.children.append(record)
        return record

    def add_map_run(self, run: MapRun, parent: ExecutionRecord) -> None:
        """A Map Run started by `parent` (DescribeMapRun, ListMapRuns and ListExecutions see it)."""
        with self.lock:
            self.map_runs[run.arn] = run
        parent.map_runs.append(run)

    def _new_execution(self, params: Mapping[str, Any]) -> ExecutionRecord:
        given = required(params, "stateMachineArn")
        arn, _, case = given.partition(CASE_SEPARATOR)
        target = self.target(arn)  # an unqualified, version or alias ARN
        machine, revision = target.record, target.machine
        name = params.get("name") or secrets.token_hex(16)
        check_name(name)
        payload = params.get("input") or "{}"
        _check_input(payload)
        kind = "execution" if revision.type == "STANDARD" else "express"
        execution_arn = self._arn(kind, revision.name, name)
        record = ExecutionRecord(self, execution_arn, name, revision, payload)
        record.version_arn, record.alias_arn = target.version_arn, target.alias_arn
        record.mocks = self._mocks(revision.name, case)
        with self.lock:
            if execution_arn in self.executions:
                raise fail("ExecutionAlreadyExists", f"Execution Already Exists: '{execution_arn}'")
            self.executions[execution_arn] = record
            machine.executions.append(execution_arn)
        return record

    def _mocks(self, machine: str, case: str) -> dict[str, Any]:
        if not case:
            return {}
        if self.mock_config is None:
            raise fail("InvalidArn", f"test case '{case}' given but flowdsl serve has no --mock file")
        return self.mock_config.mocks_for(case, machine=machine)

    def describe_execution(self, **params: Any) -> dict[str, Json]:
        return self._execution(required(params, "executionArn")).describe()

    def describe_state_machine_for_execution(self, **params: Any) -> dict[str, Json]:
        record = self._execution(required(params, "executionArn"))
        v = record.machine
        out = {**v.described(), "updateDate": when(v.updated)}
        if v.revision_id is not None:
            out["revisionId"] = v.revision_id
        if record.map_run is not None:  # a Map Run's child: its Map Run and the Map state's label
            out["mapRunArn"], out["label"] = record.map_run, v.name.rsplit("/", 1)[-1]
        return out

    def list_executions(self, **params: Any) -> dict[str, Json]:
        """A machine's executions (a version's or an alias's, given their ARN), or (`mapRunArn`)
        a Map Run's child executions, newest first; `statusFilter`, `redriveFilter`."""
        status, redriven = params.get("statusFilter"), params.get("redriveFilter")
        with self.lock:
            records = list(reversed(self._listed(params)))
        chosen = [
            r
            for r in records
            if (status is None or r.status == status)
            and (redriven is None or (r.redrive_count > 0) == (redriven == "REDRIVEN"))
        ]
        items, token = page(chosen, params.get("maxResults"), params.get("nextToken"))
        return with_token({"executions": [r.list_item() for r in items]}, token)

    def _listed(self, params: Mapping[str, Any]) -> list[ExecutionRecord]:
        """ListExecutions takes a stateMachineArn or a mapRunArn, not both (API reference)."""
        if params.get("mapRunArn") is not None:
            if params.get("stateMachineArn") is not None:
                raise fail("ValidationException", "Specify either a stateMachineArn or a mapRunArn, not both")
            return self.map_run(params["mapRunArn"]).started
        arn = required(params, "stateMachineArn")
        base, qualifier = split_arn(arn)
        machine = self._machine(base)
        if machine.current.type == "EXPRESS":
            raise fail(
                "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine",
            )
        records = [self.executions[a] for a in machine.executions]
        if qualifier is None:
            return records
        return [r for r in records if arn in (r.version_arn, r.alias_arn)]

    def stop_execution(self, **params: Any) -> dict[str, Json]:
        record = self._execution(required(params, "executionArn"))
        if record.status == "RUNNING":
            record.stop(params.get("error"), params.get("cause"))
            record.done.wait(30)
        return {"stopDate": when(record.stop_date or time.time())}

    def get_execution_history(self, **params: Any) -> dict[str, Json]:
        record = self._execution(required(params, "executionArn"))
        events = record.events()
        if params.get("reverseOrder"):
            events = events[::-1]
        items, token = page(events, params.get("maxResults"), params.get("nextToken"))
        include = params.get("includeExecutionData", True)
        return with_token({"events": [history_event(e, include) for e in items]}, token)

    def _execution(self, arn: str) -> ExecutionRecord:
        if not isinstance(arn, str) or not arn.startswith("arn:"):
            raise fail("InvalidArn", f"Invalid Arn: '{arn}'")
        with self.lock:
            record = self.executions.get(arn)
        if record is None:
            raise fail("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'")
        return record

    # -- checking -------------------------------------------------------------------------------

    def validate_state_machine_definition(self, **params: Any) -> dict[str, Json]:
        """Our checker's diagnostics in AWS's shape (ERROR/WARNING, code, message, location)."""
        found = _diagnostics(required(params, "definition"))
        wanted = params.get("severity", "ERROR")
        shown = [d for d in found if d.is_error or wanted == "WARNING"]
        limit = params.get("maxResults") or 100
        result = "FAIL" if any(d.is_error for d in found) else "OK"
        listed = [_aws_diagnostic(d) for d in shown[:limit]]
        return {"result": result, "diagnostics": listed, "truncated": len(shown) > limit}

    def test_state(self, **params: Any) -> dict[str, Json]:
        return teststate.test_state(self, params)


def _version(arn: str, name: str, kind: str, definition: str, role: str) -> MachineVersion:
    """A checked state machine version; a definition with errors is InvalidDefinition, as AWS."""
    model, errors = checked_text(definition, _diagnostics)
    if model is None:
        described = "; ".join(f"{d.code}: {d.message} at {d.location or '/'}" for d in errors)
        raise fail("InvalidDefinition", f"Invalid State Machine Definition: '{described}'")
    return MachineVersion(arn, name, kind, definition, model, role, round(time.time(), 3))


def _check_publish(params: Mapping[str, Any]) -> None:
    if params.get("versionDescription") is not None and not params.get("publish"):
        raise fail("ValidationException", "Version description can only be set when publish is true")


def _diagnostics(definition: str) -> list[Diagnostic]:
    try:
        document = json.loads(definition)
    except ValueError as exc:
        raise fail(
            "InvalidDefinition", f"Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: {exc}'"
        ) from None
    return check_document(document)


def _aws_diagnostic(d: Diagnostic) -> dict[str, str]:
    out = {"severity": "ERROR" if d.is_error else "WARNING", "code": d.code, "message": d.message}
    if d.location:
        out["location"] = str(d.location)
    return out


def _check_input(payload: Any) -> None:
    try:
        # What AWS refuses as input: text that is not JSON, and JSON that holds what JSON
        # cannot carry (a lone surrogate escape, NaN, nesting deeper than a parser goes).
        json.dumps(json.loads(payload), ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError, RecursionError):
        raise fail(
            "InvalidExecutionInput", "Invalid State Machine Execution Input: 'input is not JSON'"
        ) from None
