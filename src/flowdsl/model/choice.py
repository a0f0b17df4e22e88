"""Choice rules (ASL spec "Choice Rules"), for both JSONPath and JSONata machines."""

from __future__ import annotations

from flowdsl.model.base import AslModel, Json
from flowdsl.model.operators import OPERATOR_NAMES

# Every operator a JSONPath Choice rule may carry (`model.operators` describes each one); the
# fields below declare one each, and tests keep the two in step.
COMPARISON_OPERATORS = OPERATOR_NAMES

Number = int | float


class ChoiceRule(AslModel):
    """One Choice rule: a comparison, a boolean combination, or (JSONata) a `Condition`.

    The model accepts any combination of operator fields so hand-written files parse; the
    validator reports rules with no operator or more than one.
    """

    variable: str | None = None
    comment: str | None = None
    and_: list[ChoiceRule] | None = None
    or_: list[ChoiceRule] | None = None
    not_: ChoiceRule | None = None
    condition: str | bool | None = None

    string_equals: str | None = None
    string_less_than: str | None = None
    string_greater_than: str | None = None
    string_less_than_equals: str | None = None
    string_greater_than_equals: str | None = None
    string_matches: str | None = None
    numeric_equals: Number | None = None
    numeric_less_than: Number | None = None
    numeric_greater_than: Number | None = None
    numeric_less_than_equals: Number | None = None
    numeric_greater_than_equals: Number | None = None
    boolean_equals: bool | None = None
    timestamp_equals: str | None = None
    timestamp_less_than: str | None = None
    timestamp_greater_than: str | None = None
    timestamp_less_than_equals: str | None = None
    timestamp_greater_than_equals: str | None = None

    string_equals_path: str | None = None
    string_less_than_path: str | None = None
    string_greater_than_path: str | None = None
    string_less_than_equals_path: str | None = None
    string_greater_than_equals_path: str | None = None
    numeric_equals_path: str | None = None
    numeric_less_than_path: str | None = None
    numeric_greater_than_path: str | None = None
    numeric_less_than_equals_path: str | None = None
    numeric_greater_than_equals_path: str | None = None
    boolean_equals_path: str | None = None
    timestamp_equals_path: str | None = None
    timestamp_less_than_path: str | None = None
    timestamp_greater_than_path: str | None = None
    timestamp_less_than_equals_path: str | None = None
    timestamp_greater_than_equals_path: str | None = None

    is_null: bool | None = None
    is_present: bool | None = None
    is_numeric: bool | None = None
    is_string: bool | None = None
    is_boolean: bool | None = None
    is_timestamp: bool | None = None

    assign: dict[str, Json] | None = None
    # JSONata rules may shape the Choice state's output when they match.
    output: Json = None
    next: str | None = None

    def comparisons(self) -> list[tuple[str, Json]]:
        """The data-test operators set on this rule, as `(AslName, value)` pairs."""
        data = self.model_dump(by_alias=True, exclude_unset=True)
        return [(name, data[name]) for name in COMPARISON_OPERATORS if name in data]

    def children(self) -> list[ChoiceRule]:
        """Nested rules of And/Or/Not, in order."""
        nested = [*(self.and_ or []), *(self.or_ or [])]
        return [*nested, self.not_] if self.not_ is not None else nested
