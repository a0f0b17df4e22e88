"""`flowdsl.run` of a workflow with nested workflows: the children are served, in process.

A Workflow that starts other Workflows (`start_execution(name, child_workflow)`) runs locally
as it would on AWS: each nested workflow is a state machine of an in-memory `Service` (the one
`flowdsl serve` runs), the parent's `${ChildArn}` placeholders become their ARNs, and each
`startExecution` runs the child on our engine, with its own handlers and history, returning
what AWS returns (`nested.py`: `ExecutionArn` and `StartDate`; `.sync` Output as a JSON
string; `.sync:2` as JSON). Everything else runs as `flowdsl.run` always runs it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace

from flowdsl.model import StateMachine, to_asl
from flowdsl.run_cache import derived
from flowdsl.service.core import Service
from flowdsl.service.executions import ExecutionRecord
from flowdsl.service.nested import NestedOnly
from flowdsl.source import Handler, Source

ROLE = "arn:aws:iam::123456789012:role/flowdsl-local"
"""The role of the state machines flowdsl creates itself (here, and `flowdsl serve DEFINITIONS`)."""


def serve_children(service: Service, source: Source) -> dict[str, str]:
    """Create every nested workflow of `source` in `service` (children first), each named by
    its key and wired to its own children; returns their ARNs by key."""
    arns: dict[str, str] = {}
    for key, child in source.nested().items():
        created = service.create_state_machine(name=key, definition=_text(child, arns), roleArn=ROLE)
        arns[key] = created["stateMachineArn"]
    return arns


def nested_run(
    source: Source, handlers: Mapping[str, Handler], name: str | None
) -> tuple[Source, NestedOnly]:
    """The parent to run (its children's ARNs in place) and the task hook that starts them;
    `handlers` are the nested workflows' own."""
    service = Service(handlers=handlers, local=True)
    text = _text(source, serve_children(service, source))
    # Named so no nested workflow's key (letters, digits, `_`) can be the same.
    machine = service.create_state_machine(name="local-run", definition=text, roleArn=ROLE)
    version = service.machines[machine["stateMachineArn"]].current
    arn = machine["stateMachineArn"].replace(":stateMachine:", ":execution:") + f":{name or 'local'}"
    record = ExecutionRecord(service, arn, name or "local", version, "{}")
    # The version's model: the same object for the same text, so its plan is reused run after run.
    return replace(source, definition=version.model), NestedOnly(record)


def _text(source: Source, arns: Mapping[str, str]) -> str:
    """The definition text a workflow is created with: its ASL JSON, written once per model,
    with its children's ARNs in place."""
    return source.placed(derived(source.definition, "text", _json), arns)


def _json(machine: StateMachine) -> str:
    return json.dumps(to_asl(machine), ensure_ascii=False)
