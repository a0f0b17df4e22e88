"""The data-flow pass: a JSON type for every state's input and output, following AWS's order.

AWS "Processing input and output in Step Functions"
(https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html):
InputPath -> Parameters (ItemSelector per Map item) -> the result (a Task's output model, a
Parallel's list of branch outputs, a Map's list of iteration outputs, a Pass's `Result`) ->
ResultSelector -> ResultPath (merged into the raw input; null keeps the input) -> OutputPath
(null gives `{}`), and "ResultPath" for a Catcher's error output `{Error, Cause}`
(https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html). JSONata
states read `$states.input`, `$states.result` and variables ("Transforming data with JSONata").

A state's input is the union of what every transition into it carries; a scope is iterated
until the inputs stop changing (loops), and gives up to ANY after `_VISITS` visits a state. Problems are
reported only on the last pass, over the settled types.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flowdsl.checks.catalogue import report
from flowdsl.diagnostics import Diagnostic
from flowdsl.expr.jsonpath import PathSyntaxError, compile_path
from flowdsl.model import (
    Branch,
    ChoiceState,
    FailState,
    MapState,
    ParallelState,
    PassState,
    State,
    StateMachine,
    TaskState,
    state_pointer,
)
from flowdsl.model.machine import child_bodies
from flowdsl.model.resources import LAMBDA_INVOKE
from flowdsl.typeflow import rules
from flowdsl.typeflow.calls import integration_result, with_payload
from flowdsl.typeflow.facts import StateModels, TypeFacts
from flowdsl.typeflow.jtype import (
    ANY,
    EMPTY,
    AnyType,
    Arr,
    JType,
    Obj,
    item_type,
    join,
    literal,
    may_be_array,
)
from flowdsl.typeflow.payloads import Reader, context_type
from flowdsl.typeflow.results import ERROR_OUTPUT, batched
from flowdsl.typeflow.schema import model_type
from flowdsl.typeflow.walk import Miss, merge, step_into

_INVOKE = (LAMBDA_INVOKE, f"{LAMBDA_INVOKE}.sync")
_VISITS = 12  # visits per state before a scope's types are given up as ANY
Out = tuple[str | None, JType]
"""A transition (target name; None: the scope ends here) and the type it carries."""


@dataclass
class Analysis:
    """One run of the pass over a machine; `found` holds the diagnostics (JSON Pointers)."""

    machine: StateMachine
    facts: TypeFacts
    found: list[Diagnostic] = field(default_factory=list)
    inputs: dict[str, JType] = field(default_factory=dict)
    variables: dict[str, JType] = field(default_factory=dict)
    reporting: bool = True
    execution_input: JType = ANY
    output: JType = ANY
    edges: dict[tuple[str, str | None], JType] = field(default_factory=dict)
    """What each transition carries, by (state name, target name; None: the scope ends there)."""
    meets: set[str] = field(default_factory=set)
    """States (JSON Pointers) whose transitions in carry different types: where branches meet."""

    def run(self) -> Analysis:
        self.execution_input = _model(self.facts.input_model)
        self.output = self.scope(self.machine, "", self.execution_input)
        return self

    def problem(self, code: str, pointer: str, message: str) -> None:
        if self.reporting:
            diagnostic = report(code, message, pointer)
            if diagnostic not in self.found:
                self.found.append(diagnostic)

    def scope(self, body: StateMachine | Branch, pointer: str, start: JType) -> JType:
        """Settle the inputs of one scope's states; the join of what its terminal states output."""
        inputs = {body.start_at: start}
        reporting, self.reporting = self.reporting, False
        if not self.settle(body, pointer, inputs):
            inputs = dict.fromkeys(inputs, ANY)
        self.reporting = reporting
        ends: list[JType] = []
        for name, raw in inputs.items():
            self.inputs[state_pointer(pointer, name)] = raw
            for target, carried in self.transfer(body, pointer, name, raw):
                known = self.edges.get((name, target))
                self.edges[name, target] = carried if known is None else join([known, carried])
                if target is None:
                    ends.append(carried)
        return join(ends) if ends else ANY

    def settle(self, body: StateMachine | Branch, pointer: str, inputs: dict[str, JType]) -> bool:
        """A worklist over the scope: a state is (re)visited when its input grows. False when the
        types keep growing (a loop that nests its input deeper on every turn)."""
        queue = deque([body.start_at])
        budget = _VISITS * len(body.states)
        incoming: dict[tuple[str | None, str], JType] = {(None, body.start_at): inputs[body.start_at]}
        while queue:
            budget -= 1
            if budget < 0:
                return False
            name = queue.popleft()
            for target, carried in self.transfer(body, pointer, name, inputs[name]):
                if target is None or target not in body.states:
                    continue
                incoming[name, target] = carried
                new = join([inputs[target], carried]) if target in inputs else carried
                if inputs.get(target) != new:
                    inputs[target] = new
                    if target not in queue:
                        queue.append(target)
        self.meets.update(_meets(pointer, incoming))
        return True

    def transfer(self, body: StateMachine | Branch, scope: str, name: str, raw: JType) -> list[Out]:
        state = body.states[name]
        step = StateStep(self, name, state, state_pointer(scope, name), raw)
        return list(step.outs())


def _meets(scope: str, incoming: dict[tuple[str | None, str], JType]) -> set[str]:
    """The states (pointers) that transitions carrying different types lead to; each edge holds
    what its source's last visit, on the settled input, handed on."""
    carried: dict[str, set[JType]] = {}
    for (_, target), t in incoming.items():
        carried.setdefault(target, set()).add(t)
    return {state_pointer(scope, target) for target, types in carried.items() if len(types) > 1}


def _model(model: Any, mode: str = "validation") -> JType:
    return ANY if model is None else model_type(model, mode)


class StateStep:
    """One state's transfer function: from its raw input type to what each transition carries."""

    def __init__(self, analysis: Analysis, name: str, state: State, pointer: str, raw: JType) -> None:
        self.a, self.name, self.state, self.pointer, self.raw = analysis, name, state, pointer, raw
        self.models = analysis.facts.states.get(pointer, StateModels())
        self.context = context_type(analysis.execution_input)
        self.jsonata = (state.query_language or analysis.machine.language) == "JSONata"

    def problem(self, code: str, where: str, message: str) -> None:
        self.a.problem(code, self.pointer + where, f"state '{self.name}': {message}")

    def reader(self, data: JType, what: str = "the state's input", context: JType | None = None) -> Reader:
        def problem(pointer: str, message: str) -> None:
            self.a.problem("path-not-in-input", pointer, f"state '{self.name}': {message}")

        def absent(pointer: str, message: str) -> None:
            self.a.problem("field-on-some-paths", pointer, f"state '{self.name}': {message}")

        meets = what == "the state's input" and self.pointer in self.a.meets
        return Reader(
            data, context or self.context, self.a.variables, problem, what, absent=absent if meets else None
        )

    def outs(self) -> Iterator[Out]:
        from flowdsl.typeflow import jsonata_flow  # noqa: PLC0415 - the JSONata half of the pass

        if self.jsonata:
            yield from jsonata_flow.outs(self)
        else:
            yield from self.jsonpath_outs()

    # JSONPath -----------------------------------------------------------------------------

    def jsonpath_outs(self) -> Iterator[Out]:
        state = self.state
        if isinstance(state, FailState):
            self.reference_paths(self.raw)
            return
        effective = self.select("input_path", self.raw)
        if (
            isinstance(state, TaskState | PassState | ParallelState)
            and "parameters" in state.model_fields_set
        ):
            effective = self.reader(effective).template(state.parameters, f"{self.pointer}/Parameters")
        self.reference_paths(effective)
        if isinstance(state, ChoiceState):
            yield from self.choice(state, effective)
            return
        result = self.result(effective)
        # JSONPath Assign reads `$` as the state's result (its effective input when it has none).
        self.assign(getattr(state, "assign", None), result)
        output = self.select("output_path", self.result_into(result))
        yield (None if state.is_terminal else state.next), output  # type: ignore[union-attr]
        yield from self.caught()

    def select(self, name: str, data: JType) -> JType:
        """InputPath/OutputPath: absent keeps the data, null gives `{}`, a path selects."""
        if name not in self.state.model_fields_set:
            return data
        text = getattr(self.state, name)
        if text is None:
            return EMPTY
        asl = "InputPath" if name == "input_path" else "OutputPath"
        return self.reader(data).path(text, asl, f"{self.pointer}/{asl}")

    def reference_paths(self, data: JType) -> None:
        """`*Path` fields (SecondsPath, TimeoutSecondsPath, ErrorPath...) read the effective input."""
        from flowdsl.checks.context import asl_name, set_fields  # noqa: PLC0415 - shared helpers
        from flowdsl.model.fields import PATH_FIELDS  # noqa: PLC0415 - the one table of path fields

        skip = {"input_path", "output_path", "result_path", "items_path"}
        for name in set_fields(self.state, [n for n in PATH_FIELDS if n not in skip]):
            text = getattr(self.state, name)
            if isinstance(text, str) and text.startswith("$"):
                field_name = asl_name(self.state, name)
                self.reader(data).path(text, field_name, f"{self.pointer}/{field_name}")

    def result(self, effective: JType) -> JType:
        state = self.state
        if isinstance(state, TaskState):
            return self.task(effective)
        if isinstance(state, PassState):
            return literal(state.result) if "result" in state.model_fields_set else effective
        if isinstance(state, ParallelState):
            outs = [self.a.scope(b, p, effective) for p, b in child_bodies(state, self.pointer)]
            return self.declared_list(Arr(join(outs)))
        if isinstance(state, MapState):
            return self.declared_list(Arr(self.iterations(state, effective)))
        return effective

    def task(self, given: JType) -> JType:
        """A Task's result from its models, its input checked against them.

        For `arn:aws:states:::lambda:invoke` the function gets the `Payload` field and the
        result is the Invoke response around what it returns (AWS "Invoke an AWS Lambda
        function with Step Functions"); the models describe the function's own event and result.
        Another integration's result is its response as the registry shapes it, unless an
        `output_model` says otherwise.
        """
        resource = self.state.resource if isinstance(self.state, TaskState) else None
        invoke = resource in _INVOKE
        if invoke:
            payload = step_into(given, "Payload")
            given = ANY if isinstance(payload, Miss) else payload
        rules.task_input(self, given, self.models.input_model)
        result = _model(self.models.output_model, "serialization")
        known = integration_result(resource) if isinstance(resource, str) else None
        if invoke:
            return with_payload(known, result)
        return known if known is not None and self.models.output_model is None else result

    def declared_list(self, computed: JType) -> JType:
        """A Map/Parallel result: its `output_model` when declared, else what its bodies give."""
        declared = _model(self.models.output_model, "serialization")
        if isinstance(declared, AnyType):
            return computed
        if isinstance(self.state, MapState) and not may_be_array(declared):
            return Arr(declared)
        return declared

    def iterations(self, state: MapState, effective: JType) -> JType:
        """The output of one Map iteration: the processor run on the (selected) item."""
        item = ANY if state.item_reader is not None else item_type(self.items(state, effective))
        template = state.item_selector if "item_selector" in state.model_fields_set else state.parameters
        if template is not None:
            key = "ItemSelector" if "item_selector" in state.model_fields_set else "Parameters"
            reader = self.reader(effective, context=context_type(self.a.execution_input, item))
            item = reader.template(template, f"{self.pointer}/{key}")
        (pointer, body), *_ = child_bodies(state, self.pointer)
        return self.a.scope(body, pointer, batched(state, item))

    def items(self, state: MapState, effective: JType) -> JType:
        if "items_path" not in state.model_fields_set:
            items = effective
        else:
            items = self.reader(effective).path(
                state.items_path or "$", "ItemsPath", f"{self.pointer}/ItemsPath"
            )
        rules.items_array(self, items, f"ItemsPath '{state.items_path or '$'}'", "/ItemsPath")
        return items

    def result_into(self, result: JType) -> JType:
        """ResultSelector then ResultPath (the result merged into the raw input)."""
        state = self.state
        selector = getattr(state, "result_selector", None)
        if selector is not None:
            result = self.reader(result, "the state's result").template(
                selector, f"{self.pointer}/ResultSelector"
            )
        if not isinstance(state, TaskState | PassState | MapState | ParallelState):
            return result
        return self.merge(state.result_path, result)

    def merge(self, result_path: str | None, result: JType) -> JType:
        if result_path is None:
            return self.raw
        try:
            steps = compile_path(result_path).steps
        except PathSyntaxError:
            return ANY
        return ANY if steps is None else merge(self.raw, steps, result)

    def assign(self, template: Any, data: JType) -> None:
        if template:
            assigned = self.reader(data).template(template, f"{self.pointer}/Assign")
            self.set_variables(assigned)

    def set_variables(self, assigned: JType) -> None:
        if isinstance(assigned, Obj):
            for key, value in assigned.fields.items():
                known = self.a.variables.get(key)
                self.a.variables[key] = value if known is None else join([known, value])

    def choice(self, state: ChoiceState, effective: JType) -> Iterator[Out]:
        rules.choice_rules(self, state, effective)
        output = self.select("output_path", effective)
        for rule in state.choices:
            if rule.assign:
                self.set_variables(self.reader(effective).template(rule.assign, f"{self.pointer}/Choices"))
            yield rule.next, output
        if state.default is not None:
            yield state.default, output

    def caught(self) -> Iterator[Out]:
        for i, catcher in enumerate(getattr(self.state, "catch", None) or []):
            if catcher.assign:
                self.set_variables(
                    self.reader(ERROR_OUTPUT, "the error output").template(
                        catcher.assign, f"{self.pointer}/Catch/{i}/Assign"
                    )
                )
            yield catcher.next, self.merge(catcher.result_path, ERROR_OUTPUT)
