"""How data moves through one state, as two strategies: JSONPath and JSONata.

A step asks its flow three things, whatever the query language: `enter` (raw input ->
effective input), `leave` (raw input + raw result -> output and the variables `Assign`
sets), and `caught` (raw input + error -> a Catcher's output and assignments). Flows read
the lane's `Scope` (its variables, and for JSONata its clock) but never change the variables
themselves: the step commits assignments when the state exits.

The JSONPath flow follows AWS's order InputPath -> Parameters -> task -> ResultSelector ->
ResultPath -> OutputPath; the JSONata flow evaluates Arguments, Assign and Output with
`$states` (AWS "Transforming data with JSONata").
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from flowdsl.engine.errors import StateError
from flowdsl.engine.runtime import Scope
from flowdsl.engine.weight import INPUT, RESULT, Bound, jsonata_bound, jsonpath_bounds
from flowdsl.expr import jsonata, payload
from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.jsonpath import CompiledPath, compile_path
from flowdsl.expr.result_path import apply_result_path, result_placer
from flowdsl.model import Catcher
from flowdsl.model.fields import ABSENT, Written, written

Json = Any
Leaving = tuple[Json, dict[str, Json] | None]
"""A state's output and the variables it assigns (None when it assigns nothing)."""
Renderer = Callable[[Json, Json, Scope], Json]
"""A template ready to render: `(data, context, scope) -> value` (`Flow.renderer`)."""
MISSING: Any = ABSENT
"""A field left out, or a result that does not exist (Pass, Wait, Choice), unlike a task that
returned null: the model's `ABSENT`, so a field read through `written` is MISSING when absent."""


def fresh(value: Json) -> Json:
    """A private copy of a constant from the definition (a Pass `Result`, a JSONata template
    without expressions), so no execution's output aliases the plan: one run's caller
    changing its output must not change what the next run of the same machine produces."""
    # Scalars are copied where they stand: a call per leaf was most of the cost.
    if isinstance(value, dict):
        return {key: fresh(item) if isinstance(item, dict | list) else item for key, item in value.items()}
    if isinstance(value, list):
        return [fresh(item) if isinstance(item, dict | list) else item for item in value]
    return value


def _effective_input(raw: Json, effective: Json) -> Json:
    """The effective input: JSONPath reads it, and a state without a result passes it on."""
    return effective


def _raw_input(raw: Json, effective: Json) -> Json:
    """The raw input, `$states.input`: what JSONata's Choice rules and fields read."""
    return raw


def _no_result(raw: Json, effective: Json) -> Json:
    return MISSING


class JsonPathFlow:
    """InputPath, Parameters, ResultSelector, ResultPath, OutputPath and JSONPath-style Assign."""

    __slots__ = (
        "assign",
        "enters",
        "entry_bound",
        "exit_bound",
        "input_path",
        "leaves",
        "output_path",
        "parameters",
        "place",
        "result_path",
        "result_selector",
    )
    lenient = True
    """Path values are read as AWS reads them: `"3"` counts as 3 where a number is due, null as unset."""
    subject = staticmethod(_effective_input)
    """What Choice rules and `*Path` fields read: `subject(raw, effective)`."""
    passthrough = staticmethod(_effective_input)
    """The result of a state that produces none (Pass without Result, Wait, Choice)."""

    def __init__(self, fields: Written, *, takes_payload: bool) -> None:
        """`fields` as the state wrote them; `takes_payload` when its Parameters shape the
        effective input (a Map's shape its items instead)."""
        payload = fields.parameters if takes_payload else MISSING
        self.input_path = _path(fields.input_path)
        self.output_path = _path(fields.output_path)
        self.parameters = _template(payload)
        self.enters = self.input_path is not _KEEP or self.parameters is not MISSING
        """Whether `enter` does anything: else the effective input is the raw input."""
        self.result_selector = _template(fields.result_selector)
        self.result_path = fields.result_path
        self.place = result_placer(fields.result_path)
        self.assign = _template(fields.assign)
        self.leaves = self._leaves()
        """Whether `leave` does anything: else the output is the result, and nothing is assigned."""
        # Size bounds (weight.py): the effective input's in terms of the raw input's, the output's
        # in terms of the raw input's and the result's.
        self.entry_bound, self.exit_bound = jsonpath_bounds(
            payload, fields.result_selector, fields.result_path, MISSING
        )

    @property
    def result_bound(self) -> Bound:
        """The bound of the result of a state that produces none: its effective input."""
        return self.entry_bound

    def caught_bound(self, catcher: Catcher) -> Bound:
        """The bound of a Catcher's output, in terms of the raw input and the error output (`R`)."""
        return jsonpath_bounds(MISSING, MISSING, catcher.result_path, MISSING)[1]

    def enter(self, raw: Json, context: Json, scope: Scope) -> Json:
        path = self.input_path
        data = raw if path is _KEEP else _select(path, raw, context, scope.variables)
        if self.parameters is not MISSING:
            data = self.parameters.render(data, context, scope.variables)
        return data

    def for_rule(self, assign: Json, output: Json) -> JsonPathFlow:
        """The flow after a matched Choice rule: the rule's Assign instead of the state's."""
        rule = copy.copy(self)
        rule.assign = _template(assign)
        rule.leaves = rule._leaves()
        return rule

    def _leaves(self) -> bool:
        return not (
            self.assign is MISSING
            and self.result_selector is MISSING
            and self.place is None
            and self.output_path is _KEEP
        )

    def leave(self, raw: Json, result: Json, context: Json, scope: Scope) -> Leaving:
        """Assign, ResultSelector, ResultPath, OutputPath; `result` is the raw task result."""
        # JSONPath Assign reads `$` as the state's raw result, before ResultSelector, as
        # Step Functions evaluates it (LocalStack's AWS-validated order: Assign, then
        # ResultSelector, then ResultPath); new values apply after the state.
        template = self.assign
        assigned = None if template is MISSING else template.render(result, context, scope.variables)
        if self.result_selector is not MISSING:
            result = self.result_selector.render(result, context, scope.variables)
        if self.place is not None:
            result = self.place(raw, result)
        path = self.output_path
        return (result if path is _KEEP else _select(path, result, context, scope.variables)), assigned

    def caught(
        self, raw: Json, failure: StateError, catcher: Catcher, context: Json, scope: Scope
    ) -> Leaving:
        error_output = failure.error_output()
        assigned = None
        if catcher.assign is not None:
            assigned = payload.render(catcher.assign, error_output, context, scope.variables)
        return apply_result_path(raw, catcher.result_path, error_output), assigned

    def dynamic(self, value: Json, path: str | None) -> tuple[Json, str | None]:
        """A (constant, path) pair for fields like `Seconds`/`SecondsPath`."""
        return value, path

    def evaluate(self, path: str, data: Json, context: Json, scope: Scope, name: str) -> Json:
        """The value of a `*Path` field (a path, or for Fail's ErrorPath/CausePath an intrinsic call)."""
        return payload.resolve(path, data, context, scope.variables)

    def template(self, value: Json, data: Json, context: Json, scope: Scope, name: str) -> Json:
        """A payload template (`ItemSelector`) rendered against `data`."""
        return payload.render(value, data, context, scope.variables)

    def renderer(self, value: Json, name: str) -> Renderer:
        """`template` for one template (the field `name`) prepared once, for one rendered often."""
        render = payload.compile_template(value).render
        return lambda data, context, scope: render(data, context, scope.variables)

    def unexpected(
        self, value: Json, source: str | None, name: str, expected: str, cause: str
    ) -> AslRuntimeError:
        """The error for a field value of the wrong type or range: `cause` as States.Runtime.

        `source` is the path the value came from (None for a constant), `name` the field and
        `expected` what it needs; JSONPath reports only `cause`.
        """
        return AslRuntimeError("States.Runtime", cause)


class JsonataFlow:
    """Arguments, Assign and Output as JSONata templates over `$states`."""

    __slots__ = ("arguments", "assign", "enters", "entry_bound", "exit_bound", "output")
    leaves = True
    """A state without a result outputs its raw input, so `leave` always has work."""
    result_bound = INPUT
    """A state without a result outputs its raw input."""
    lenient = False
    """An expression's result must already have the type its field needs (see `unexpected`)."""
    subject = staticmethod(_raw_input)
    passthrough = staticmethod(_no_result)
    """States without a result leave `$states.result` unset and output their raw input."""

    def __init__(self, fields: Written, *, takes_payload: bool) -> None:
        """`fields` as the state wrote them; `takes_payload` when its Arguments shape the
        effective input (a Map's shape its items instead)."""
        self.arguments = fields.arguments if takes_payload else MISSING
        self.enters = self.arguments is not MISSING
        self.output = fields.output
        self.assign = fields.assign
        self.entry_bound = jsonata_bound(self.arguments, MISSING, INPUT)
        self.exit_bound = jsonata_bound(self.output, MISSING, RESULT)

    def caught_bound(self, catcher: Catcher) -> Bound:
        """The bound of a Catcher's output: its Output's, else the error output (`R`)."""
        return jsonata_bound(written(catcher).output, MISSING, RESULT)

    def enter(self, raw: Json, context: Json, scope: Scope) -> Json:
        if self.arguments is MISSING:
            return raw
        return _evaluate(self.arguments, {"input": raw, "context": context}, scope, "Arguments")

    def for_rule(self, assign: Json, output: Json) -> JsonataFlow:
        """The flow after a matched Choice rule: the rule's Assign and Output; the state's own
        apply only when the Default is taken, as Step Functions records it."""
        rule = copy.copy(self)
        rule.assign, rule.output = assign, output
        rule.exit_bound = jsonata_bound(output, MISSING, RESULT)
        return rule

    def leave(self, raw: Json, result: Json, context: Json, scope: Scope) -> Leaving:
        states = {"input": raw, "context": context}
        if result is not MISSING:
            states["result"] = result
        default = raw if result is MISSING else result
        return self._finish(self.assign, self.output, default, states, scope)

    def caught(
        self, raw: Json, failure: StateError, catcher: Catcher, context: Json, scope: Scope
    ) -> Leaving:
        error_output = failure.error_output()
        states = {"input": raw, "errorOutput": error_output, "context": context}
        handled = written(catcher)
        return self._finish(handled.assign, handled.output, error_output, states, scope)

    def dynamic(self, value: Json, path: str | None) -> tuple[Json, str | None]:
        if jsonata.is_expression(value):
            return MISSING, value
        return value, None

    def evaluate(self, text: str, data: Json, context: Json, scope: Scope, name: str) -> Json:
        return _evaluate(text, {"input": data, "context": context}, scope, name)

    def template(self, value: Json, data: Json, context: Json, scope: Scope, name: str) -> Json:
        return _evaluate(value, {"input": data, "context": context}, scope, name)

    def renderer(self, value: Json, name: str) -> Renderer:
        return lambda data, context, scope: self.template(value, data, context, scope, name)

    def unexpected(
        self, value: Json, source: str | None, name: str, expected: str, cause: str
    ) -> AslRuntimeError:
        """An expression's result of the wrong type or range is States.QueryEvaluationError.

        The ASL spec (Appendix A) defines that error as "Query evaluation failed in a JSONata
        state, such as a JSONata type error, an incorrectly typed result, or an undefined
        result". The cause is AWS's wording, as LocalStack's AWS-validated snapshot records it
        for a non-array `Items`; we word every field that way. A constant (no `source`) that
        is out of range keeps the States.Runtime `cause`, as in JSONPath mode.
        """
        if source is None:
            return AslRuntimeError("States.Runtime", cause)
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        return AslRuntimeError(
            jsonata.QUERY_EVALUATION_ERROR,
            f"The JSONata expression '{jsonata.expression_text(source)}' specified for the field '{name}' "
            f"returned an unexpected result type. Expected '{expected}', but was '{json_type(value)}' "
            f"for value: {text}",
        )

    @staticmethod
    def _finish(assign: Json, output: Json, default: Json, states: dict[str, Json], scope: Scope) -> Leaving:
        # Assign is evaluated first, then Output; both read the values the state was entered
        # with, and the new variables take effect afterwards (AWS "Variable evaluation order").
        assigned = None
        if assign is not MISSING and assign is not None:
            assigned = _evaluate(assign, states, scope, "Assign")
        if output is not MISSING:
            default = _evaluate(output, states, scope, "Output")
        return default, assigned


Flow = JsonPathFlow | JsonataFlow


def _evaluate(template: Json, states: dict[str, Json], scope: Scope, name: str) -> Json:
    # `$now()` and `$millis()` read the lane's clock, so on the virtual clock they agree with
    # the timestamps the history records (a Wait before them moves them on).
    value = jsonata.evaluate_template(
        template, states=states, variables=scope.variables, field=name, now=scope.lane.now
    )
    return fresh(value) if value is template else value


def json_type(value: Json) -> str:
    """A JSON value's type as JSONata and AWS name it: object, array, string, number, boolean, null."""
    if isinstance(value, bool):
        return "boolean"
    names = {dict: "object", list: "array", str: "string", type(None): "null"}
    return names.get(type(value), "number")


def _template(value: Json) -> Any:
    return value if value is MISSING else payload.compile_template(value)


_KEEP = "$"
"""An InputPath or OutputPath that keeps everything; tested by identity (`is`), before any call."""


def _path(text: str | None) -> CompiledPath | str | None:
    """`_KEEP` (`"$"`: keep everything), None (explicit null: `{}`), or a compiled path."""
    if text == "$":
        return _KEEP
    return None if text is None else compile_path(text)


def _select(path: CompiledPath | str | None, data: Json, context: Json, variables: dict[str, Json]) -> Json:
    """What an InputPath or OutputPath other than `_KEEP` selects (the callers test for that)."""
    if path is None:
        # "If the value of InputPath is null, that means that the raw input is discarded, and
        # the effective input for the state is an empty JSON object, {}" (ASL spec).
        return {}
    assert isinstance(path, CompiledPath)
    return path.select(data, context, variables)
