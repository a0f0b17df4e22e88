"""DSL -> model: walk the workflow's graph, name and render every state, keep a source map.

The output is deterministic: states appear in depth-first order from `StartAt` (a state's
`Next` first, then Choice targets in rule order, the Default, then Catch targets), each
state's keys in the model's canonical order.

Lambda resources (`Task(function_name=...)`) follow a `ResourceScheme`:

- default: `${OpenCaseFunctionArn}`, a placeholder in the `DefinitionSubstitutions` style of
  SAM and CloudFormation, so one definition serves a template and, once substituted, the
  console;
- with `region` and `account`: the concrete ARN
  `arn:aws:lambda:<region>:<account>:function:OpenCaseFunction`;
- explicit `bindings` (`{"OpenCaseFunction": "arn:..."}`) win over both.

A nested workflow (`start_execution(name, child_workflow)`) is compiled too, into
`Source.children`, and the parent's `StateMachineArn` follows the same scheme:
`${ChildArn}` (the child's name in letters, digits and `_`), the concrete
`arn:aws:states:<region>:<account>:stateMachine:Child`, or a binding for `Child`. A workflow
that (transitively) starts itself is `nested-workflow-cycle`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from flowdsl import compile_reports as reports
from flowdsl.diagnostics import Diagnostic, FlowdslError, error
from flowdsl.dsl.base import State
from flowdsl.dsl.chain import Chain
from flowdsl.dsl.choice import Choice
from flowdsl.dsl.emit import Emitter
from flowdsl.dsl.handling import Recoverable
from flowdsl.dsl.parallel import Branch, Map, Parallel
from flowdsl.dsl.task import Task
from flowdsl.locations import Location
from flowdsl.model import QueryLanguage, parse_machine, state_pointer
from flowdsl.model.resources import lambda_arn, machine_key, placeholder, state_machine_arn
from flowdsl.source import Handler, Source
from flowdsl.typeflow.facts import StateModels, TypeFacts, state_models

if TYPE_CHECKING:
    from flowdsl.dsl.workflow import Workflow


@dataclass(frozen=True)
class ResourceScheme:
    """How a Task's Lambda `function_name` becomes its `Resource` (see the module docstring)."""

    region: str | None = None
    account: str | None = None
    partition: str = "aws"
    bindings: Mapping[str, str] = field(default_factory=dict)

    def resolve(self, function_name: str) -> str:
        """The Resource written for a Lambda function."""
        return self._resolve(function_name, lambda_arn)

    def resolve_machine(self, key: str) -> str:
        """The `StateMachineArn` written for a nested workflow (`key` from `machine_key`)."""
        return self._resolve(key, state_machine_arn)

    def _resolve(self, name: str, arn: Callable[[str, str, str, str], str]) -> str:
        """`name`'s binding (as `name` or `nameArn`), else its ARN in the region and account,
        else its `${nameArn}` placeholder."""
        for key in (name, f"{name}Arn"):
            if key in self.bindings:
                return self.bindings[key]
        if self.region and self.account:
            return arn(name, self.region, self.account, self.partition)
        return placeholder(name)

    def unused(self, function_names: Iterable[str]) -> list[str]:
        """Binding names that match no function (probably a typo)."""
        used = {name for function in function_names for name in (function, f"{function}Arn")}
        return [name for name in self.bindings if name not in used]


def compile_workflow(workflow: Workflow, *, resources: ResourceScheme | None = None) -> Source:
    """Compile a Workflow to a `Source`.

    Problems the model can still hold are returned in `Source.diagnostics`; when the
    definition cannot be built at all, raises `FlowdslError` with every problem found.
    """
    return _Compiler(workflow, resources or ResourceScheme(), (), _Nested()).run()


def source_diagnostics(source: Source) -> list[Diagnostic]:
    """Compile-time diagnostics plus every check: `flowdsl.checks.validate_source` gives both."""
    from flowdsl.checks import validate_source  # noqa: PLC0415 - only when asked to validate

    return validate_source(source)


@dataclass
class _Nested:
    """What one compile of a workflow and its nested workflows shares: each nested workflow by
    key (compiled once, whichever workflow starts it), and every Lambda function of them all."""

    workflows: dict[str, Workflow] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    functions: set[str] = field(default_factory=set)


class _Compiler:
    def __init__(
        self, workflow: Workflow, resources: ResourceScheme, starters: tuple[Workflow, ...], nested: _Nested
    ) -> None:
        self.workflow = workflow
        self.starters = starters  # the workflows starting this one, outermost first
        self.nested = nested
        self.children: dict[str, Source] = {}  # machine_key -> the nested workflow compiled
        self.resources = resources
        self.language = workflow.query_language or "JSONPath"
        self.diagnostics: list[Diagnostic] = []
        self.locations: dict[str, Location] = {"": workflow.location}
        self.handlers: dict[str, Handler] = {}
        self.functions: list[str] = []
        self.owner: dict[int, str] = {}  # id(state) -> pointer of the scope it belongs to
        self.names: dict[int, str] = {}  # id(state) -> stand-in name of a duplicate
        self.scope_names: dict[str, str] = {"": "the workflow"}
        self.models: dict[str, StateModels] = {}  # state pointer -> its declared models

    def run(self) -> Source:
        workflow = self.workflow
        declared = (workflow.input_model, workflow.output_model)
        self.diagnostics.extend(reports.unreadable_models("workflow", declared, workflow.location))
        top: dict[str, Any] = {
            "Comment": workflow.comment,
            "QueryLanguage": workflow.query_language,
            **self.body(workflow.chain, ""),
            "TimeoutSeconds": workflow.timeout_seconds,
            "Version": workflow.version,
        }
        data = {key: value for key, value in top.items() if value is not None}
        self.report_shared_names()
        self.report_unused_bindings()
        try:
            definition = parse_machine(data)
        except ValidationError:
            found = reports.relocated(reports.model_problems(data), self.locations)
            raise FlowdslError([*self.diagnostics, *found]) from None
        origin = self.workflow.location.file
        return Source(
            self.workflow.name,
            definition,
            origin,
            dict(self.locations),
            self.handlers,
            tuple(self.diagnostics),
            TypeFacts(workflow.input_model, workflow.output_model, self.models),
            policy=workflow.policy,
            children=dict(self.children),
        )

    def body(self, chain: Chain, pointer: str) -> dict[str, Any]:
        """`StartAt` and `States` of one scope: the workflow, a branch or a processor."""
        members = self.collect(chain.start, pointer)
        self.name_all(members)
        states: dict[str, Any] = {}
        for state in members:
            name = self.name_of(state)
            state_at = state_pointer(pointer, name)
            self.locations[state_at] = state.location
            states[name] = self.render(state, state_at)
        return {"StartAt": self.name_of(chain.start), "States": states}

    def name_all(self, members: list[State]) -> None:
        """Name a scope's states; a second state with a taken name is reported and stands in.

        The stand-in name (`'A (2)'`) keeps the duplicate and its transitions in the graph,
        so the checks see the workflow as it will be once renamed: a spurious loop (the first
        'A' going "to itself") or unreachable states would only hide the real problem.
        """
        first: dict[str, State] = {}
        taken = {state.name for state in members}
        for state in members:
            if state.name not in first:
                first[state.name] = state
                continue
            self.diagnostics.append(reports.duplicate_state(first[state.name], state))
            self.names[id(state)] = _stand_in(state.name, taken)
            taken.add(self.names[id(state)])

    def name_of(self, state: State) -> str:
        """The name a state is compiled under (its own, unless it is a duplicate)."""
        return self.names.get(id(state), state.name)

    def collect(self, start: State, pointer: str) -> list[State]:
        """The states of a scope, depth-first from its start; claims each for the scope."""
        order: list[State] = []
        seen: set[int] = set()
        stack = [start]
        while stack:
            state = stack.pop()
            if id(state) in seen:
                continue
            seen.add(id(state))
            owner = self.owner.setdefault(id(state), pointer)
            if owner != pointer:
                scopes = self.scope_names[owner], self.scope_names[pointer]
                self.diagnostics.append(reports.two_scopes(state, *scopes))
                continue
            order.append(state)
            stack.extend(reversed(state.successors()))
        return order

    def render(self, state: State, pointer: str) -> dict[str, Any]:
        language = state.query_language or self.language
        kind = kind_of(state)
        if isinstance(state, Recoverable):
            self.locate_all(f"{pointer}/Retry", (r.location for r in state.retriers))
            self.locate_all(f"{pointer}/Catch", (c.location for c in state.catchers))
        raw = kind.before(self, state, state.to_fields(self.name_of), language, pointer)
        fields = self.emit(state, raw, language, pointer)
        self.record_models(state, pointer)
        kind.after(self, state, fields, language, pointer)
        return fields

    def emit(
        self, state: State, raw: dict[str, Any], language: QueryLanguage, pointer: str
    ) -> dict[str, Any]:
        """Write the state's paths for its query language (see `flowdsl.dsl.emit`)."""
        emitter = Emitter(language)
        fields = emitter.fields(raw)
        found = [
            error(problem.code, f"state '{state.name}': {problem.message}", pointer + problem.pointer)
            for problem in emitter.problems
        ]
        self.diagnostics.extend(reports.relocated(found, self.locations))
        return fields

    def task(self, task: Task, fields: dict[str, Any], language: QueryLanguage) -> None:
        if task.starts is not None:
            self.start(task, task.starts, fields)
        name = task.function_name
        if name is None:
            return
        if task.invokes:
            _invoke_function(fields, self.resources.resolve(name), language)
        else:
            fields["Resource"] = self.resources.resolve(name)
        self.functions.append(name)
        if task.handler is None:
            return
        self.diagnostics += reports.unpackageable(task, name, task.handler)
        known = self.handlers.setdefault(name, task.handler)
        if known is not task.handler:
            self.diagnostics.append(reports.conflicting_handlers(task, name))

    def start(self, task: Task, child: Workflow, fields: dict[str, Any]) -> None:
        """A nested workflow: compile it once (unless it starts a workflow starting it) and
        write its `StateMachineArn` per the resource scheme."""
        key = machine_key(child.name)
        path = [*self.starters, self.workflow]
        if any(starter is child for starter in path):
            loop = path[next(i for i, w in enumerate(path) if w is child) :]
            self.diagnostics.append(reports.nested_cycle(task, loop))
            return
        known = self.nested.workflows.setdefault(key, child)
        if known is not child:
            self.diagnostics.append(reports.same_key(task, key, f"workflow '{known.name}'"))
            return
        if key not in self.nested.sources:
            self.nested.sources[key] = _Compiler(child, self.resources, tuple(path), self.nested).run()
        source = self.children[key] = self.nested.sources[key]
        self.diagnostics.extend(d for d in source.diagnostics if d not in self.diagnostics)
        arn = self.resources.resolve_machine(key)
        payload = fields.get("Arguments", fields.get("Parameters"))
        if isinstance(payload, dict) and payload.get("StateMachineArn") == placeholder(key):
            payload["StateMachineArn"] = arn

    def report_shared_names(self) -> None:
        """Placeholders shared by a nested workflow and a Lambda function (`reports.shared_names`)."""
        self.nested.functions.update(self.functions)
        if self.starters:
            return  # the outermost workflow reports, once its nested workflows are compiled
        nested = self.nested
        self.diagnostics += reports.shared_names(nested.workflows, nested.functions, self.workflow.location)

    def record_models(self, state: State, pointer: str) -> None:
        """The state's declared models, for the type checks (docs/types.md)."""
        handler = state.handler if isinstance(state, Task) else None
        declared = (getattr(state, "input_model", None), getattr(state, "output_model", None))
        self.diagnostics.extend(reports.unreadable_models(f"state '{state.name}'", declared, state.location))
        models = state_models(*declared, handler)
        if models is not None:
            self.models[pointer] = models

    def rules(self, choice: Choice, language: QueryLanguage, pointer: str) -> list[dict[str, Any]]:
        self.locate_all(f"{pointer}/Choices", (rule.location for rule in choice.rules))
        self.diagnostics.extend(choice.rule_problems(language))
        return choice.rule_fields(language, self.name_of)

    def branch(self, branch: Branch, pointer: str, description: str) -> dict[str, Any]:
        self.scope_names[pointer] = description
        self.locations[pointer] = branch.location
        body = self.body(branch.chain, pointer)
        return {**body, "Comment": branch.comment} if branch.comment is not None else body

    def map_body(self, state: Map, pointer: str, fields: dict[str, Any]) -> None:
        key = state.body_key
        body = self.branch(state.body, f"{pointer}/{key}", f"the processor of map '{state.name}'")
        if state.processor_config:
            body["ProcessorConfig"] = state.processor_config
        fields[key] = body

    def locate_all(self, prefix: str, locations: Iterable[Location]) -> None:
        for i, location in enumerate(locations):
            self.locations[f"{prefix}/{i}"] = location

    def report_unused_bindings(self) -> None:
        if self.starters:
            return  # the outermost workflow reports them, knowing every name its children use
        used = [*self.functions, *self.nested.functions, *self.nested.workflows]
        self.diagnostics += reports.unused_bindings(self.resources.unused(used), self.workflow.location)


def _stand_in(name: str, taken: set[str]) -> str:
    """A free name for a duplicate, no longer than ASL's 80 characters if the name fits them."""
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: max(80 - len(suffix), 1)] + suffix
        if candidate not in taken:
            return candidate
        number += 1


Fields = dict[str, Any]


@dataclass(frozen=True)
class StateKind:
    """What compiling one DSL state type does beyond writing its own fields.

    `before` turns the fields the state gives (still DSL values) into those to emit; `after`
    completes the emitted ASL (a Task's resource, the bodies of Parallel and Map).
    """

    before: Callable[[_Compiler, Any, Fields, QueryLanguage, str], Fields] = lambda c, s, raw, lang, p: raw
    after: Callable[[_Compiler, Any, Fields, QueryLanguage, str], None] = lambda c, s, fields, lang, p: None


def _task_payload(
    compiler: _Compiler, task: Task, raw: Fields, language: QueryLanguage, pointer: str
) -> Fields:
    if not (task.payload_follows_language and language == "JSONata"):
        return raw
    # A typed integration's payload: `Arguments` in JSONata, as a person writes it.
    return {("Arguments" if key == "Parameters" else key): value for key, value in raw.items()}


def _branches(
    compiler: _Compiler, state: Parallel, fields: Fields, language: QueryLanguage, pointer: str
) -> None:
    fields["Branches"] = [
        compiler.branch(branch, f"{pointer}/Branches/{i}", f"branch {i} of '{state.name}'")
        for i, branch in enumerate(state.branches)
    ]


# The one dispatch on DSL state type; a subclass of one of these takes its base's entry.
KINDS: dict[type[State], StateKind] = {
    Task: StateKind(before=_task_payload, after=lambda c, task, fields, lang, p: c.task(task, fields, lang)),
    Choice: StateKind(before=lambda c, choice, raw, lang, p: {**raw, "Choices": c.rules(choice, lang, p)}),
    Parallel: StateKind(after=_branches),
    Map: StateKind(after=lambda c, state, fields, lang, p: c.map_body(state, p, fields)),
}
_PLAIN = StateKind()


def kind_of(state: State) -> StateKind:
    """How a DSL state compiles: its type's entry in `KINDS`, else only its own fields."""
    return next((KINDS[cls] for cls in type(state).__mro__ if cls in KINDS), _PLAIN)


def _invoke_function(fields: dict[str, Any], function: str, language: QueryLanguage) -> None:
    """The Lambda integration's `FunctionName`, first in the payload; a missing payload passes
    the state input (`"Payload.$": "$"`, AWS's own examples), placed right after `Resource`."""
    key = "Arguments" if "Arguments" in fields or language == "JSONata" else "Parameters"
    given = fields.get(key)
    if isinstance(given, dict):
        fields[key] = {"FunctionName": function, **{k: v for k, v in given.items() if k != "FunctionName"}}
        return
    default = {"Payload": "{% $states.input %}"} if key == "Arguments" else {"Payload.$": "$"}
    payload = {"FunctionName": function, **default}
    placed = {}
    for field_name, value in fields.items():
        placed[field_name] = value
        if field_name == "Resource":
            placed[key] = payload
    fields.clear()
    fields.update(placed)
