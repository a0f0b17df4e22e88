"""Choice: `.when(condition, target)` rules in order, `.otherwise(target)`, `.afterwards()`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self, Unpack

from flowdsl.diagnostics import Diagnostic, error
from flowdsl.dsl.base import Namer, State, own_name
from flowdsl.dsl.chain import Chain, Chainable
from flowdsl.dsl.conditions import Condition, Constant
from flowdsl.dsl.errors import DslError, caller_location
from flowdsl.dsl.jsonata import condition_to_jsonata
from flowdsl.dsl.options import Common, Filters, Variables, takes
from flowdsl.dsl.paths import Path, python_text
from flowdsl.dsl.values import UNSET, Fields
from flowdsl.expr.jsonata import is_expression
from flowdsl.locations import FileLine
from flowdsl.model import QueryLanguage


@dataclass(frozen=True, eq=False)
class Rule:
    """One Choice rule: a condition (or a JSONata `{% %}` string) and where it leads."""

    condition: Condition | str
    chain: Chain
    fields: Fields
    location: FileLine

    @property
    def target(self) -> State:
        """The state the rule leads to (the start of its chain)."""
        return self.chain.start


class ChoiceOptions(Common, Filters, Variables, total=False):
    """Options of `Choice` (its rules are added with `.when`)."""


class Choice(State):
    """A Choice state: the first rule whose condition holds picks the next state.

    `Choice("Is Case Resolved").when(S.Status == 1, close).when(S.Status == 0, escalate)`.
    """

    TYPE = "Choice"

    @takes(ChoiceOptions)
    def __init__(self, name: str, **options: Unpack[ChoiceOptions]) -> None:
        super().__init__(name, options)
        self.rules: list[Rule] = []
        self.default: Chain | None = None

    def when(
        self,
        condition: Condition | str,
        target: Chainable,
        *,
        comment: str | None = None,
        assign: Mapping[str, Any] | None = None,
        output: Any = UNSET,
    ) -> Self:
        """Add a rule leading to `target`, taken when `condition` holds.

        A `str` condition is a JSONata `Condition` (`expr("$x > 1")`). `assign` sets variables
        when the rule matches; `output` (JSONata) replaces the Choice state's output then.
        """
        _check_condition(self.name, condition)
        fields = Fields()
        fields.put("Comment", comment)
        fields.put("Assign", assign)
        fields.put("Output", output, nullable=True)
        self.rules.append(Rule(condition, Chain.of(target), fields, caller_location()))
        return self

    def otherwise(self, target: Chainable) -> Self:
        """Set the `Default` state, taken when no rule matches."""
        chain = Chain.of(target)
        if self.default is not None and self.default.start is not chain.start:
            raise DslError(
                "already-chained",
                f"choice '{self.name}' already has default '{self.default.start.name}'",
            )
        self.default = chain
        return self

    def attach(self, target: State) -> None:
        """Chaining onto `afterwards()` of a Choice without default makes `target` the default."""
        self.otherwise(target)

    def afterwards(self, *, include_otherwise: bool = True) -> Chain:
        """A chain whose open ends are those of every branch, to rejoin them (as in AWS CDK).

        Without an `otherwise`, the state chained next also becomes the Default, unless
        `include_otherwise=False`.
        """
        branches = [rule.chain for rule in self.rules]
        if self.default is not None:
            branches.append(self.default)
        ends = [end for chain in branches for end in chain.ends]
        if self.default is None and include_otherwise:
            ends.append(self)
        unique = tuple({id(end): end for end in ends}.values())
        return Chain(self, unique, closed_by=self)

    def successors(self) -> list[State]:
        targets = [rule.target for rule in self.rules]
        return [*targets, self.default.start] if self.default is not None else targets

    def to_fields(self, name_of: Namer = own_name) -> dict[str, Any]:
        fields = super().to_fields(name_of)
        if self.default is not None:
            fields["Default"] = name_of(self.default.start)
        return fields

    def rule_fields(self, language: QueryLanguage, name_of: Namer = own_name) -> list[dict[str, Any]]:
        """The ASL `Choices` for the state's effective query language.

        A JSONata string condition is written as is even in JSONPath (see `rule_problems`), so
        the rule keeps its place in the graph and nothing downstream of it looks unreachable.
        """
        return [_rule(rule, language, name_of) for rule in self.rules]

    def rule_problems(self, language: QueryLanguage) -> list[Diagnostic]:
        """Rules whose JSONata string condition a JSONPath state cannot evaluate."""
        if language == "JSONata":
            return []
        return [
            error(
                "jsonata-condition",
                f"rule condition {rule.condition!r} is a JSONata "
                f"{'constant' if isinstance(rule.condition, Constant) else 'string'}, but the state's query "
                "language is JSONPath (set query_language='JSONata')",
                rule.location,
            )
            for rule in self.rules
            if isinstance(rule.condition, str | Constant)
        ]


def _check_condition(name: str, condition: object) -> None:
    if isinstance(condition, Condition) or is_expression(condition):
        return
    if isinstance(condition, str):
        hint = f"a JSONata condition is written '{{% ... %}}': use expr({condition!r})"
    elif isinstance(condition, Path):
        shown = python_text(condition)
        hint = f"a path is not a condition: compare it ({shown} == True) or test it (is_present({shown}))"
    else:
        hint = f"a rule needs a condition such as S.x == 1, not {type(condition).__name__}"
    raise DslError("invalid-condition", f"choice '{name}': {hint}")


def _rule(rule: Rule, language: QueryLanguage, name_of: Namer) -> dict[str, Any]:
    tail = {**rule.fields.data, "Next": name_of(rule.target)}
    if isinstance(rule.condition, Constant):
        return {"Condition": rule.condition.value, **tail}  # the literal, not "{% true %}"
    if language == "JSONata" or isinstance(rule.condition, str):
        return {"Condition": _jsonata(rule), **tail}
    return {**rule.condition.to_rule(), **tail}


def _jsonata(rule: Rule) -> str:
    if isinstance(rule.condition, str):
        return rule.condition
    return condition_to_jsonata(rule.condition)
