"""`report_page()`: one standalone HTML page showing what an execution did.

The page is the Step Functions console's execution view, offline: status, input and output at
the top; the diagram coloured by outcome (`Execution.visited`); a timeline with one lane per
Parallel branch and Map iteration and a bar per state entry (retry attempts and the waits
between them inside it), on the run's clock; and, for the state picked in the diagram or the
timeline, its input, output, error, cause and history events. Built by page.py's template and
viewer, so it shares its offline bundle and its escaping.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flowdsl.model import StateMachine
from flowdsl.render.graph import build
from flowdsl.render.mermaid import render_diagram
from flowdsl.render.page import render_page, write_page
from flowdsl.render.timeline import timeline

if TYPE_CHECKING:
    from flowdsl.engine import Execution

REPORT_TEMPLATE = "report.html.j2"


def report_page(machine: StateMachine, execution: Execution, *, title: str) -> str:
    """The run report of `execution` (a run of `machine`) as one HTML page; `title` is plain text."""
    diagram = build(machine, execution.visited)
    run = timeline(execution.history)
    data = {
        "kind": "report",
        "title": title,
        "mermaid": render_diagram(diagram),
        "nodes": diagram.names,
        "execution": _summary(execution, max(run.times, default=0.0)),
        "lanes": [lane.__dict__ for lane in run.lanes],
        "entries": [entry.to_json() for entry in run.entries],
        "times": run.times,
    }
    return render_page(REPORT_TEMPLATE, title=title, data=data)


def _summary(execution: Execution, duration: float) -> dict[str, Any]:
    context = execution.context.get("Execution", {})
    history = execution.history
    return {
        "status": execution.status,
        "name": context.get("Name"),
        "id": context.get("Id"),
        "started": context.get("StartTime"),
        "input": context.get("Input"),
        "output": execution.output,
        "error": execution.error,
        "cause": execution.cause,
        "events": len(history),
        "duration": duration,
    }


def write_report(
    machine: StateMachine, execution: Execution, path: str | os.PathLike[str] | None, *, title: str
) -> str:
    """`report_page()`, written to `path` when given (through `flowdsl.render.page.write_page`)."""
    text = report_page(machine, execution, title=title)
    if path is not None:
        write_page(Path(path), text)
    return text
