"""The type of what a path, a payload template, an intrinsic call or a JSONata path reads.

AWS "Processing input and output in Step Functions"
(https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html):
`$` is the data the field reads, `$$` the context object
(https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html),
`$name` a variable; a payload template's `key.$` entries are evaluated, other keys are literal
(https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flowdsl.expr import intrinsics
from flowdsl.expr.jsonpath import PathSyntaxError, Root, compile_path
from flowdsl.typeflow.jtype import ANY, INTEGER, NAMED, STRING, Arr, JType, Obj, item_type, join, literal
from flowdsl.typeflow.walk import absent_on_some, select

# problem(pointer, message): how a reader reports a path that cannot exist.
Problem = Callable[[str, str], None]

_ARG_TYPES: dict[str, JType] = {**NAMED, "array": Arr(ANY), "object": Obj(extra=ANY)}
_OPEN = Obj(extra=ANY)
# A JSONata path expression that is only a path: `$states.input.a.b`, `$var.a`.
_SIMPLE = re.compile(r"^\s*\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\Z")
_ANYWHERE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


def context_type(execution_input: JType, item: JType | None = None) -> JType:
    """The context object: its documented fields typed, every object open to others."""

    def open_obj(**fields: JType) -> Obj:
        return Obj(fields, frozenset(fields), ANY)

    parts: dict[str, JType] = {
        "Execution": open_obj(
            Id=STRING, Input=execution_input, Name=STRING, RoleArn=STRING, StartTime=STRING
        ),
        "State": open_obj(EnteredTime=STRING, Name=STRING, RetryCount=INTEGER),
        "StateMachine": open_obj(Id=STRING, Name=STRING),
        "Task": open_obj(Token=STRING),
    }
    if item is not None:
        parts["Map"] = open_obj(Item=open_obj(Index=INTEGER, Value=item))
    return Obj(parts, frozenset(), ANY)


@dataclass
class Reader:
    """Reads paths against one data type, the context object and the variables."""

    data: JType
    context: JType
    variables: Mapping[str, JType]
    problem: Problem
    what: str = "the state's input"
    extra_roots: dict[str, JType] = field(default_factory=dict)
    absent: Problem | None = None
    """Where branches meet: how a path to a field only some of them set is reported."""

    def with_data(self, data: JType, what: str) -> Reader:
        return Reader(data, self.context, self.variables, self.problem, what, self.extra_roots)

    def path(self, text: str, field_name: str, pointer: str) -> JType:
        """The type `text` names; a path that cannot exist is reported (and is ANY)."""
        try:
            path = compile_path(text)
        except PathSyntaxError:
            return ANY  # the paths rule reports the syntax
        if path.steps is None:
            return ANY  # not a reference path: Jayway returns a list of matches
        if path.root is Root.INPUT:
            start, where = self.data, self.what
        elif path.root is Root.CONTEXT:
            start, where = self.context, "the context object"
        else:
            start, where = self.variables.get(path.variable or "", ANY), f"variable '${path.variable}'"
        found, miss, _ = select(start, path.steps)
        if miss is not None:
            self.problem(pointer, f"'{field_name}' '{text}' cannot exist in {where}: {miss.reason}")
        elif self.absent is not None and path.root is Root.INPUT:
            self.partial(text, field_name, path.steps, pointer)
        return found

    def partial(self, text: str, field_name: str, steps: Sequence[str | int], pointer: str) -> None:
        """Report a path to a field that only some of the paths meeting here set."""
        at = absent_on_some(self.data, steps)
        if at is not None and self.absent is not None:
            self.absent(
                pointer,
                f"'{field_name}' '{text}': '{steps[at]}' is set on only some of the paths that meet "
                "here; where it is missing the state fails with States.Runtime (set it on every path, "
                "or test it with IsPresent first)",
            )

    def template(self, value: Any, pointer: str) -> JType:
        """The type a payload template renders to (`key.$` entries evaluated)."""
        if isinstance(value, list):
            return Arr(
                join(self.template(v, f"{pointer}/{i}") for i, v in enumerate(value)) if value else ANY
            )
        if not isinstance(value, dict):
            return literal(value)
        fields: dict[str, JType] = {}
        for key, item in value.items():
            where = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key.endswith(".$") and isinstance(item, str):
                fields[key[:-2]] = self.dynamic(item, key, where)
            else:
                fields[key] = self.template(item, where)
        return Obj(fields, frozenset(fields))

    def dynamic(self, text: str, key: str, pointer: str) -> JType:
        """A `key.$` value: a path or an intrinsic call."""
        if intrinsics.is_call(text):
            try:
                return self.call(intrinsics.parse(text), pointer)
            except (intrinsics.IntrinsicSyntaxError, RecursionError):
                return ANY
        return self.path(text, key, pointer) if text.startswith("$") else ANY

    def call(self, call: intrinsics.Call, pointer: str) -> JType:
        """An intrinsic call's result type (AWS "Intrinsic functions"); its path arguments are read."""
        args = [self.argument(arg, pointer) for arg in call.args]
        if call.name == "States.Array":
            return Arr(join(args) if args else ANY)
        if call.name in ("States.ArrayGetItem", "States.ArrayUnique", "States.ArrayPartition") and args:
            items = item_type(args[0])
            return {"States.ArrayGetItem": items, "States.ArrayUnique": args[0]}.get(call.name, Arr(args[0]))
        if call.name == "States.StringSplit":
            return Arr(STRING)
        if call.name == "States.ArrayRange":
            return Arr(INTEGER)
        signature = intrinsics.SIGNATURES.get(call.name)
        return _ARG_TYPES.get(signature.returns.value, ANY) if signature is not None else ANY

    def argument(self, arg: intrinsics.Arg, pointer: str) -> JType:
        if isinstance(arg, intrinsics.Call):
            return self.call(arg, pointer)
        if isinstance(arg, intrinsics.PathArg):
            return self.path(arg.path.text, "argument", pointer)
        return literal(arg.value)

    def jsonata(self, value: Any, pointer: str) -> JType:
        """A JSONata template's type: a `{% path %}` that is only a path is typed, others are ANY.

        Every simple `$states.input...`/`$states.result...`/`$var...` path inside any expression
        is read, so one that cannot exist is reported.
        """
        if isinstance(value, list):
            return Arr(join(self.jsonata(v, f"{pointer}/{i}") for i, v in enumerate(value)) if value else ANY)
        if isinstance(value, dict):
            fields = {k: self.jsonata(v, f"{pointer}/{k}") for k, v in value.items()}
            return Obj(fields, frozenset(fields))
        if not (isinstance(value, str) and value.startswith("{%") and value.endswith("%}")):
            return literal(value)
        body = value[2:-2]
        for match in _ANYWHERE.finditer(body):
            self.jsonata_path(match.group(1), match.group(2), pointer)
        simple = _SIMPLE.match(body)
        return self.jsonata_path(simple.group(1), simple.group(2), None) if simple else ANY

    def jsonata_path(self, root: str, rest: str, pointer: str | None) -> JType:
        steps = [s for s in rest.split(".") if s]
        text = f"${root}{rest}"
        if root == "states":
            if not steps or steps[0] not in self.extra_roots:
                return ANY
            start, where, steps = self.extra_roots[steps[0]], f"$states.{steps[0]}", steps[1:]
        else:
            start, where = self.variables.get(root, ANY), f"variable '${root}'"
        found, miss, _ = select(start, steps, mapping=True)
        if miss is not None and pointer is not None:
            self.problem(pointer, f"'{text}' cannot exist in {where}: {miss.reason}")
        return found
