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

from flowdsl.model import to_asl
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
        definition = json.dumps(to_asl(child.with_children(arns).definition), ensure_ascii=False)
        created = service.create_state_machine(name=key, definition=definition, roleArn=ROLE)
        arns[key] = created["stateMachineArn"]
    return arns


def nested_run(
    source: Source, handlers: Mapping[str, Handler], name: str | None
) -> tuple[Source, NestedOnly]:
    """The parent to run (its children's ARNs in place) and the task hook that starts them;
    `handlers` are the nested workflows' own."""
    service = Service(handlers=handlers, local=True)
    parent = source.with_children(serve_children(service, source))
    text = json.dumps(to_asl(parent.definition), ensure_ascii=False)
    # Named so no nested workflow's key (letters, digits, `_`) can be the same.
    machine = service.create_state_machine(name="local-run", definition=text, roleArn=ROLE)
    version = service.machines[machine["stateMachineArn"]].current
    arn = machine["stateMachineArn"].replace(":stateMachine:", ":execution:") + f":{name or 'local'}"
    record = ExecutionRecord(service, arn, name or "local", version, "{}")
    return parent, NestedOnly(record)
