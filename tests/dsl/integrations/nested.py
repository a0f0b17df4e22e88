"""Nested workflows given as Workflow objects: Parent starts Child (`.sync:2`, JSON output) and
Leaf (request-response); Child starts Leaf (`.sync`, output as a JSON string); Leaf runs a
Lambda handler. One file defining all three is Parent's (the loader picks the outermost)."""

from __future__ import annotations

from flowdsl import Pass, S, Task, Workflow
from flowdsl.integrations import start_execution
from tests.dsl.integrations.lambdas import double

leaf = Workflow("Leaf", Task("Double", handler=double.handler, function_name="DoubleFunction"))
child = Workflow(
    "Child",
    start_execution(
        "Run Leaf",
        leaf,
        input={"n": S.n},
        sync=".sync",
        timeout_seconds=60,
        result_selector={"text.$": "$.Output"},
    )
    >> Pass("Child Done"),
)
parent = Workflow(
    "Parent",
    start_execution("Run Child", child, input={"n": S.n}, sync=True, timeout_seconds=60, result_path=S.child)
    >> start_execution("Fire Leaf", leaf, input={"n": 1}, result_path=S.fired),
)
