"""The generated module: one variable per state, defined before it is used, then the Workflow.

States are visited in the compiler's order (depth first from `StartAt`), each after the states
its definition mentions (a Choice's targets, a Parallel's branches), so the file reads like
examples/callcenter.py. A Choice that a loop makes refer to itself is defined bare and given
its rules in statements after (`check.when(...)`); retries and catchers are statements after
the state (`task.retry(...)`, `task.catch(...)`), as a person writes them.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from flowdsl.dsl.handling import CatchOptions, RetryOptions
from flowdsl.importer.code import WIDTH, Atom, BinOp, Call, Fluent, Items, Node, flat, layout, width
from flowdsl.importer.graph import ScopePlan, Segment, targets
from flowdsl.importer.rules import UnsupportedError, condition
from flowdsl.importer.states import constructor
from flowdsl.importer.values import Names, py_literal, py_str, value_node
from flowdsl.model import QueryLanguage
from flowdsl.model.fields import asl_name
from flowdsl.model.machine import pointer_escape

Key = tuple[str, str]  # (scope pointer, state name)

_RESERVED = frozenset(
    {"workflow", "expr", "var", "matches", "string", "numeric", "boolean", "timestamp", "is_present",
     "is_null", "is_numeric", "is_string", "is_boolean", "is_timestamp", "l", "o", "i", *dir(builtins)}
)  # fmt: skip
# ASL key -> DSL keyword of a catcher's and a retrier's options: the DSL's option groups,
# spelt in ASL by the field table.
_CATCH_OPTIONS = {asl_name(option): option for option in CatchOptions.__annotations__}
_RETRY_OPTIONS = tuple(asl_name(option) for option in RetryOptions.__annotations__)


class _UnorderableError(Exception):
    """`.afterwards()` is needed before its Choice has its rules; the caller retries without joins."""


def variable_name(state: str, taken: set[str]) -> str:
    """A unique snake_case Python name for a state: "Open Case" -> `open_case`."""
    text = unicodedata.normalize("NFKD", state).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    base = re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower() or "state"
    if base[0].isdigit():
        base = f"state_{base}"
    if keyword.iskeyword(base) or keyword.issoftkeyword(base) or base in _RESERVED:
        base = f"{base}_state"
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    taken.add(name)
    return name


@dataclass
class Module:
    """Builds the statements of one generated module."""

    machine: dict[str, Any]
    joins: bool = True
    typed: bool = True  # typed integration constructors where one fits
    names: Names = field(default_factory=Names)
    plans: dict[str, ScopePlan] = field(default_factory=dict)
    variables: dict[Key, str] = field(default_factory=dict)
    statements: list[list[str]] = field(default_factory=list)
    defined: set[Key] = field(default_factory=set)
    complete: set[Key] = field(default_factory=set)
    active: set[Key] = field(default_factory=set)
    bare: set[Key] = field(default_factory=set)

    # -- planning -------------------------------------------------------------------------
    def plan(self, body: dict[str, Any], pointer: str) -> None:
        plan = ScopePlan(body["States"], body["StartAt"], pointer, self.joins).build()
        self.plans[pointer] = plan
        taken = set(self.variables.values()) | {"workflow"}
        for name in plan.order:
            self.variables[(pointer, name)] = variable_name(name, taken)
            state = body["States"][name]
            for sub_pointer, sub in _bodies(state, f"{pointer}/States/{pointer_escape(name)}"):
                self.plan(sub, sub_pointer)

    def language(self, key: Key) -> QueryLanguage:
        state = self.state(key)
        language: QueryLanguage = (
            state.get("QueryLanguage") or self.machine.get("QueryLanguage") or "JSONPath"
        )
        return language

    def state(self, key: Key) -> dict[str, Any]:
        states: dict[str, Any] = self.plans[key[0]].states
        return dict(states[key[1]])

    def pointer(self, key: Key) -> str:
        return f"{key[0]}/States/{pointer_escape(key[1])}"

    # -- visiting -------------------------------------------------------------------------
    def visit(self, key: Key, *, need_complete: bool = False) -> None:
        """Emit `key`'s definition (and what it needs first), unless already there."""
        if key in self.complete or (key in self.defined and not need_complete):
            return
        if key in self.active:
            if need_complete:
                raise _UnorderableError
            self.define_bare(key)
            return
        self.active.add(key)
        node, deps = self.definition(key)
        self.require(deps)
        if key not in self.bare and _split_choice(node, self.variables[key]):
            self.define_bare(key)
        if key in self.bare:
            self.emit_rules(key)
        else:
            self.emit(layout(node, f"{self.variables[key]} = "))
            self.defined.add(key)
            self.emit_retries(key)
        self.complete.add(key)
        self.emit_catches(key)
        self.active.discard(key)

    def require(self, deps: list[tuple[Key, bool]]) -> None:
        for dep, complete in deps:
            self.visit(dep, need_complete=complete)

    def define_bare(self, key: Key) -> None:
        """A Choice needed before its rules can be written: define it without them."""
        node = self.constructor(key, {})
        self.emit(layout(node, f"{self.variables[key]} = "))
        self.defined.add(key)
        self.bare.add(key)

    def emit(self, lines: list[str]) -> None:
        self.statements.append(lines)

    # -- definitions ----------------------------------------------------------------------
    def constructor(self, key: Key, bodies: dict[str, Node]) -> Call:
        return constructor(
            key[1],
            self.state(key),
            language=self.language(key),
            names=self.names,
            pointer=self.pointer(key),
            bodies=bodies,
            typed=self.typed,
        )

    def definition(self, key: Key) -> tuple[Node, list[tuple[Key, bool]]]:
        state = self.state(key)
        if state["Type"] == "Choice":
            calls, deps = self.rule_calls(key)
            base = self.constructor(key, {})
            return (Fluent(base, tuple(calls)) if calls else base), deps
        bodies, deps = self.bodies(key, state)
        return self.constructor(key, bodies), deps

    def bodies(self, key: Key, state: dict[str, Any]) -> tuple[dict[str, Node], list[tuple[Key, bool]]]:
        pointer = self.pointer(key)
        deps: list[tuple[Key, bool]] = []
        if state["Type"] == "Parallel":
            nodes = []
            for i, branch in enumerate(state["Branches"]):
                node, found = self.body(branch, f"{pointer}/Branches/{i}")
                nodes.append(node)
                deps += found
            return {"branches": Items("[]", tuple(nodes))}, deps
        if state["Type"] == "Map":
            body_key = "Iterator" if "Iterator" in state else "ItemProcessor"
            if ("Iterator" in state) == ("ItemProcessor" in state):
                raise UnsupportedError(
                    "a Map is written with exactly one of ItemProcessor and Iterator", pointer
                )
            node, deps = self.body(state[body_key], f"{pointer}/{body_key}")
            options = _processor_options(state[body_key], f"{pointer}/{body_key}")
            option = "iterator" if body_key == "Iterator" else "processor"
            return {option: node, **options}, deps
        return {}, []

    def body(self, body: dict[str, Any], pointer: str) -> tuple[Node, list[tuple[Key, bool]]]:
        """A branch or processor: its start segment (every state of it is defined first)."""
        plan = self.plans[pointer]
        deps = [((pointer, name), False) for name in plan.order]
        node, more = self.segment(pointer, plan.start_segment)
        extra = [key for key in body if key not in ("StartAt", "States", "Comment", "ProcessorConfig")]
        if extra:
            raise UnsupportedError(
                f"'{extra[0]}' in a nested body has no DSL spelling", f"{pointer}/{extra[0]}"
            )
        if "Comment" in body:
            node = Call(self.names.use("Branch"), ((None, node), ("comment", Atom(py_str(body["Comment"])))))
        return node, deps + more

    def segment(self, pointer: str, segment: Segment) -> tuple[Node, list[tuple[Key, bool]]]:
        """`a >> b >> c`, `.afterwards()` where a Choice's branches rejoin."""
        parts: list[Node] = []
        deps: list[tuple[Key, bool]] = []
        for name in segment.items:
            key = (pointer, name)
            variable = self.variables[key]
            if name in segment.joins:
                option = "" if segment.joins[name] else "include_otherwise=False"
                parts.append(Atom(f"{variable}.afterwards({option})"))
                deps.append((key, True))
            else:
                parts.append(Atom(variable))
                deps.append((key, False))
        if segment.ref is not None:
            parts.append(Atom(self.variables[(pointer, segment.ref)]))
            deps.append(((pointer, segment.ref), False))
        return (parts[0] if len(parts) == 1 else BinOp(">>", tuple(parts))), deps

    def target(self, key: Key, kind: str, index: int, name: str) -> tuple[Node, list[tuple[Key, bool]]]:
        segment = self.plans[key[0]].inline.get((key[1], kind, index))
        if segment is not None:
            return self.segment(key[0], segment)
        target = (key[0], name)
        return Atom(self.variables[target]), [(target, False)]

    def rule_calls(self, key: Key) -> tuple[list[Call], list[tuple[Key, bool]]]:
        state = self.state(key)
        language = self.language(key)
        calls: list[Call] = []
        deps: list[tuple[Key, bool]] = []
        joined = self.joined_default(key)
        for kind, index, name in targets(state):
            if kind == "default" and joined:
                continue
            node, found = self.target(key, kind, index, name)
            deps += found
            if kind == "default":
                calls.append(Call("otherwise", ((None, node),)))
                continue
            rule = state["Choices"][index]
            calls.append(self.when(key, index, rule, node, language))
        for index, rule in enumerate(state.get("Choices", [])):
            if "Next" not in rule:
                raise UnsupportedError(
                    "a Choice rule without 'Next' has no DSL spelling", f"{self.pointer(key)}/Choices/{index}"
                )
        return calls, deps

    def joined_default(self, key: Key) -> bool:
        """Whether the Choice's Default is the state its `.afterwards()` joins (set by `>>`)."""
        plan = self.plans[key[0]]
        segment = plan.owner[key[1]]
        if key[1] not in segment.joins:
            return False
        default = self.state(key).get("Default")
        position = segment.items.index(key[1])
        following = segment.items[position + 1] if position + 1 < len(segment.items) else segment.ref
        return default is not None and default == following

    def when(self, key: Key, index: int, rule: dict[str, Any], target: Node, language: QueryLanguage) -> Call:
        from flowdsl.model import ChoiceRule  # noqa: PLC0415 - the model parses the rule once more

        pointer = f"{self.pointer(key)}/Choices/{index}"
        parsed = ChoiceRule.model_validate(rule)
        written = condition(parsed, self.names, pointer, jsonata=language == "JSONata")
        args: list[tuple[str | None, Node]] = [(None, written), (None, target)]
        for field_name, option in (("Comment", "comment"), ("Assign", "assign"), ("Output", "output")):
            if field_name in rule:
                value = Atom(py_str(rule[field_name])) if field_name == "Comment" else None
                args.append((option, value or value_node(field_name, rule[field_name], language, self.names)))
        return Call("when", tuple(args))

    # -- statements after a definition ----------------------------------------------------
    def emit_rules(self, key: Key) -> None:
        calls, _ = self.rule_calls(key)
        for call in calls:
            self.emit(layout(Call(f"{self.variables[key]}.{call.func}", call.args)))

    def emit_retries(self, key: Key) -> None:
        for index, retrier in enumerate(self.state(key).get("Retry", [])):
            pointer = f"{self.pointer(key)}/Retry/{index}"
            args = _errors(retrier, pointer, default=True)
            for field_name, value in retrier.items():
                if field_name == "ErrorEquals":
                    continue
                if field_name not in _RETRY_OPTIONS:
                    raise UnsupportedError(
                        f"'{field_name}' in a retrier has no DSL option", f"{pointer}/{field_name}"
                    )
                args.append((_snake(field_name), Atom(py_literal(value))))
            self.emit(layout(Call(f"{self.variables[key]}.retry", tuple(args))))

    def emit_catches(self, key: Key) -> None:
        language = self.language(key)
        for index, catcher in enumerate(self.state(key).get("Catch", [])):
            pointer = f"{self.pointer(key)}/Catch/{index}"
            target, deps = self.target(key, "catch", index, catcher["Next"])
            self.require(deps)
            args = [*_errors(catcher, pointer, default=False), (None, target)]
            for field_name, value in catcher.items():
                if field_name in ("ErrorEquals", "Next"):
                    continue
                if field_name not in _CATCH_OPTIONS:
                    raise UnsupportedError(
                        f"'{field_name}' in a catcher has no DSL option", f"{pointer}/{field_name}"
                    )
                node = (
                    Atom(py_str(value))
                    if field_name == "Comment"
                    else value_node(field_name, value, language, self.names)
                )
                args.append((_CATCH_OPTIONS[field_name], node))
            self.emit(layout(Call(f"{self.variables[key]}.catch", tuple(args))))

    # -- the whole module -----------------------------------------------------------------
    def build(self, workflow_name: str) -> list[list[str]]:
        self.plan(self.machine, "")
        for pointer, plan in self.plans.items():
            for name in plan.order:
                self.visit((pointer, name))
        chain, deps = self.segment("", self.plans[""].start_segment)
        self.require(deps)
        args: list[tuple[str | None, Node]] = [(None, Atom(py_str(workflow_name))), (None, chain)]
        for field_name in ("Comment", "TimeoutSeconds", "QueryLanguage", "Version"):
            if field_name in self.machine:
                args.append((_snake(field_name), Atom(py_literal(self.machine[field_name]))))
        extra = [
            k
            for k in self.machine
            if k not in ("StartAt", "States", "Comment", "TimeoutSeconds", "QueryLanguage", "Version")
        ]
        if extra:
            raise UnsupportedError(f"top-level field '{extra[0]}' has no DSL spelling", f"/{extra[0]}")
        self.emit(layout(Call(self.names.use("Workflow"), tuple(args)), "workflow = "))
        return self.statements


def _split_choice(node: Node, variable: str) -> bool:
    """A Choice with one rule whose `x = Choice(...).when(` head is too long: rules after."""
    if not isinstance(node, Fluent) or len(node.calls) != 1:
        return False
    return (
        width(f"{variable} = {flat(node.base)}.{node.calls[0].func}(") > WIDTH or len(layout(node.base)) > 1
    )


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def _errors(entry: dict[str, Any], pointer: str, *, default: bool) -> list[tuple[str | None, Node]]:
    errors = entry.get("ErrorEquals")
    if not isinstance(errors, list):
        raise UnsupportedError("'ErrorEquals' must be a list", pointer)
    if default and errors == ["States.ALL"]:
        return []
    if len(errors) == 1:
        return [(None, Atom(py_str(errors[0])))]
    return [(None, Items("[]", tuple(Atom(py_str(error)) for error in errors)))]


def _processor_options(body: dict[str, Any], pointer: str) -> dict[str, Node]:
    config = body.get("ProcessorConfig")
    if config is None:
        return {}
    if not config or set(config) - {"Mode", "ExecutionType"}:
        raise UnsupportedError("this 'ProcessorConfig' has no DSL spelling", f"{pointer}/ProcessorConfig")
    return {_snake(key): Atom(py_str(value)) for key, value in config.items()}


def _bodies(state: dict[str, Any], pointer: str) -> list[tuple[str, dict[str, Any]]]:
    if state["Type"] == "Parallel":
        return [(f"{pointer}/Branches/{i}", branch) for i, branch in enumerate(state.get("Branches", []))]
    if state["Type"] == "Map":
        return [(f"{pointer}/{key}", state[key]) for key in ("ItemProcessor", "Iterator") if key in state]
    return []
