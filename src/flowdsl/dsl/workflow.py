"""Workflow: a named chain plus the top-level fields, and the ways to get ASL out of it."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from flowdsl.diagnostics import Diagnostic, FlowdslError, error
from flowdsl.dsl.base import State
from flowdsl.dsl.chain import Chain, Chainable
from flowdsl.dsl.errors import DslError, caller_location
from flowdsl.dsl.parallel import Map, Parallel
from flowdsl.locations import FileLine
from flowdsl.model import QueryLanguage, dumps, to_asl
from flowdsl.model.integrations.grants import policy_problems

if TYPE_CHECKING:
    from flowdsl.source import Source


class Workflow:
    """A state machine definition: `Workflow("CallCenter", open_case >> assign_case >> ...)`.

    `to_asl()`, `to_json()` and `to_mermaid()` compile with the default resource scheme
    (`${FunctionNameArn}` placeholders); use `flowdsl.compiler.compile_workflow` for others.
    """

    def __init__(
        self,
        name: str,
        chain: Chainable,
        *,
        comment: str | None = None,
        timeout_seconds: int | None = None,
        query_language: QueryLanguage | None = None,
        version: str | None = None,
        input_model: Any = None,
        output_model: Any = None,
        policy: Sequence[dict[str, Any]] = (),
    ) -> None:
        if not isinstance(name, str) or not name:
            raise DslError("invalid-workflow", "a workflow needs a non-empty str name")
        self.name = name
        self.chain = Chain.of(chain)
        self.comment = comment
        self.timeout_seconds = timeout_seconds
        self.query_language = query_language
        self.version = version
        # The execution's input and output (docs/types.md: checked, and `flowdsl schema`).
        self.input_model, self.output_model = input_model, output_model
        self.location = caller_location()
        # Extra IAM statements for the state machine role (deploy and template add them).
        self.policy = _policy(name, policy, self.location)

    def __repr__(self) -> str:
        return f"Workflow({self.name!r}, start={self.chain.start.name!r})"

    def states(self) -> list[State]:
        """Every state of the workflow, nested branches and processors included."""
        found: dict[int, State] = {}
        stack = [self.chain.start]
        while stack:
            state = stack.pop()
            if id(state) not in found:
                found[id(state)] = state
                stack.extend([*state.successors(), *_bodies(state)])
        return list(found.values())

    def children(self) -> list[Workflow]:
        """The workflows this one starts (`start_execution` given a `Workflow`), in state
        order; `Source.nested()` of the compiled workflow has them transitively."""
        found = (getattr(state, "starts", None) for state in self.states())
        return list({id(child): child for child in found if child is not None}.values())

    def compile(self) -> Source:
        """The compiled `Source`; raises `FlowdslError` when it has compile errors."""
        from flowdsl.compiler import compile_workflow  # noqa: PLC0415 - the compiler builds on the DSL

        source = compile_workflow(self)
        errors = [d for d in source.diagnostics if d.is_error]
        if errors:
            raise FlowdslError(errors)
        return source

    def to_asl(self) -> dict[str, Any]:
        """The ASL definition as JSON data."""
        return to_asl(self.compile().definition)

    def to_json(self) -> str:
        """The ASL definition as deterministic JSON text (2-space indent, trailing newline)."""
        return dumps(self.to_asl())

    def to_mermaid(self) -> str:
        """A Mermaid flowchart of the workflow."""
        from flowdsl.render import mermaid  # noqa: PLC0415 - jinja2 templates load only when asked

        return mermaid(self.compile().definition)

    def validate(self) -> list[Diagnostic]:
        """Every problem found: compile-time ones and all the checks, never just the first."""
        from flowdsl.compiler import compile_workflow, source_diagnostics  # noqa: PLC0415 - as above

        try:
            source = compile_workflow(self)
        except FlowdslError as exc:
            return exc.diagnostics
        return source_diagnostics(source)


def _policy(name: str, policy: Sequence[dict[str, Any]], location: FileLine) -> tuple[dict[str, Any], ...]:
    """The statements as given (copied), or every problem IAM would refuse, at the Workflow's line."""
    problems = policy_problems(policy)
    if problems:
        raise FlowdslError(
            [error("invalid-policy", f"workflow '{name}': policy {p}", location) for p in problems]
        )
    return tuple(copy.deepcopy(dict(statement)) for statement in policy)


def _bodies(state: State) -> list[State]:
    """The start states of a Parallel's branches or a Map's processor."""
    if isinstance(state, Parallel):
        return [branch.chain.start for branch in state.branches]
    if isinstance(state, Map):
        return [state.body.chain.start]
    return []
