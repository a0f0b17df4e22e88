"""Choice rules (ASL spec "Choice State" and "Choice Rules")."""

from __future__ import annotations

from collections.abc import Iterator

from flowdsl.checks.catalogue import report
from flowdsl.checks.context import Context, StateRef, comparisons, is_set
from flowdsl.checks.fields import is_timestamp
from flowdsl.diagnostics import Diagnostic
from flowdsl.model import ChoiceRule, ChoiceState
from flowdsl.model.operators import literal_family


def choice_states(ctx: Context) -> Iterator[tuple[StateRef, ChoiceState]]:
    """Every Choice state with its reference."""
    for ref in ctx.states:
        if isinstance(ref.state, ChoiceState):
            yield ref, ref.state


def rules_of(state: ChoiceState, pointer: str) -> Iterator[tuple[ChoiceRule, str, bool]]:
    """Every rule at every depth as `(rule, pointer, top_level)`."""
    for i, rule in enumerate(state.choices):
        yield from _walk(rule, f"{pointer}/Choices/{i}", True)


def _walk(rule: ChoiceRule, pointer: str, top: bool) -> Iterator[tuple[ChoiceRule, str, bool]]:
    yield rule, pointer, top
    for key, children in (("And", rule.and_), ("Or", rule.or_)):
        for i, child in enumerate(children or []):
            yield from _walk(child, f"{pointer}/{key}/{i}", False)
    if rule.not_ is not None:
        yield from _walk(rule.not_, f"{pointer}/Not", False)


def non_empty(ctx: Context) -> Iterator[Diagnostic]:
    """`Choices` holds at least one rule; a missing `Default` is a warning."""
    for ref, state in choice_states(ctx):
        if not state.choices:
            yield report("empty-choices", f"choice state '{ref.name}' has no rules", f"{ref.pointer}/Choices")
        if state.default is None:
            yield report(
                "missing-default",
                f"choice state '{ref.name}' has no 'Default': when no rule matches the execution fails "
                "with States.NoChoiceMatched",
                ref.pointer,
            )


def operators(ctx: Context) -> Iterator[Diagnostic]:
    """JSONPath rules have exactly one operator (a comparison, And, Or or Not) and a Variable."""
    for ref, state in choice_states(ctx):
        for rule, pointer, _ in rules_of(state, ref.pointer):
            yield from _rule_shape(rule, pointer, ref.jsonata)


def _rule_shape(rule: ChoiceRule, pointer: str, jsonata: bool) -> Iterator[Diagnostic]:
    operators = [name for name, _ in comparisons(rule)]
    combinators = [name for name in ("and_", "or_", "not_") if is_set(rule, name)]
    if jsonata or is_set(rule, "condition"):
        if jsonata and not is_set(rule, "condition") and not operators and not combinators:
            yield report("invalid-choice-rule", "a JSONata choice rule needs a 'Condition'", pointer)
        return
    found = operators + [name.rstrip("_").capitalize() for name in combinators]
    if len(found) != 1:
        problem = (
            "has no comparison operator" if not found else f"has {len(found)} operators ({', '.join(found)})"
        )
        yield report("invalid-choice-rule", f"choice rule {problem}: use exactly one", pointer)
    for name in ("and_", "or_"):
        if getattr(rule, name) == []:
            yield report("invalid-choice-rule", f"'{name.rstrip('_').capitalize()}' is empty", pointer)
    if rule.variable is not None and not operators:
        yield report(
            "invalid-choice-rule", "'Variable' is set but the rule has no comparison for it", pointer
        )
    if operators and rule.variable is None:
        yield report("missing-choice-variable", f"comparison '{operators[0]}' needs a 'Variable'", pointer)


def nexts(ctx: Context) -> Iterator[Diagnostic]:
    """Top-level rules name a `Next`; rules nested in And/Or/Not never do."""
    for ref, state in choice_states(ctx):
        for rule, pointer, top in rules_of(state, ref.pointer):
            if top and rule.next is None:
                yield report("missing-choice-next", "top-level choice rule needs a 'Next'", pointer)
            elif not top and rule.next is not None:
                yield report(
                    "nested-choice-next", "a rule inside And/Or/Not cannot have a 'Next'", f"{pointer}/Next"
                )


def timestamps(ctx: Context) -> Iterator[Diagnostic]:
    """Timestamp comparison literals are RFC 3339 (ASL spec "Timestamps")."""
    for ref, state in choice_states(ctx):
        for rule, pointer, _ in rules_of(state, ref.pointer):
            for name, value in comparisons(rule):
                if literal_family(name) == "Timestamp" and not is_timestamp(value):
                    yield report(
                        "invalid-timestamp",
                        f"'{name}' value '{value}' is not an RFC 3339 timestamp like '2016-03-14T01:59:00Z'",
                        f"{pointer}/{name}",
                    )


RULES = (non_empty, operators, nexts, timestamps)
