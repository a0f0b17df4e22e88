"""The 256 KiB payload quota on every state's output, checked without serialising every output.

AWS raises `States.DataLimitExceeded` when "the output of a state is larger than payload size
quota" (AWS docs, "Handling errors in Step Functions workflows"). Measuring an output means
serialising it, which would cost more than running most states, so each lane carries an upper
bound on the size of the value it holds (`Scope.weight`) and each step knows, from its
definition, how its output's size is bounded by its input's (`I`), its result's (`R`) and
the context object's (`C`). Only when that bound passes the quota is the output measured.

Bounds only have to be sound, not tight: a payload template's output is at most the
template's own text plus one input (or context object) per `.$` reference; anything whose
size cannot be bounded that way (intrinsic functions, variables, JSONata expressions) is
`UNKNOWN`, which always gets measured. Every weight is at least 2, the size of `{}`, so
selecting part of a value (InputPath, OutputPath, even a null one) never outgrows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flowdsl.engine.errors import too_large
from flowdsl.engine.lambda_ import PAYLOAD_LIMIT, payload_size, text_size

Json = Any
UNKNOWN = PAYLOAD_LIMIT + 1
"""A size nothing bounds: the value is measured."""


def weight_of(value: Json) -> int:
    """A value's measured size as a weight (at least 2)."""
    return max(payload_size(value), 2)


def weight_of_text(text: str) -> int:
    """A JSON text's size as a weight (at least 2)."""
    return max(text_size(text), 2)


@dataclass(frozen=True, slots=True)
class Bound:
    """A payload's size is at most `data * I + result * R + context * C + constant` bytes."""

    data: int = 0
    result: int = 0
    context: int = 0
    constant: int = 0

    def of_result(self, result: Bound) -> Bound:
        """This bound with `R` replaced by `result` (a bound in terms of `I` and `C`)."""
        return Bound(
            self.data + self.result * result.data,
            self.result * result.result,
            self.context + self.result * result.context,
            self.constant + self.result * result.constant,
        )


INPUT = Bound(data=1)
"""The input itself, or any part of it a path selects."""
RESULT = Bound(result=1)


def template_bound(template: Json, refers_to: str = "data") -> Bound:
    """The bound of a JSONPath payload template's output; `$` is `refers_to` ("data" or "result")."""
    copies = {"data": 0, "context": 0, "small": 0}
    if not _count(template, copies):
        return Bound(constant=UNKNOWN)
    constant = payload_size(template) + SMALL * copies["small"]
    if refers_to == "result":
        return Bound(result=copies["data"], context=copies["context"], constant=constant)
    return Bound(data=copies["data"], context=copies["context"], constant=constant)


SMALL = 256
"""More than a number, a boolean, a UUID or a hash (SHA-512 in hex) takes."""
# Intrinsics whose result is small whatever their arguments (ASL spec, Appendix B) and those
# whose result is no bigger than a number drawn from their input.
_SMALL_RESULTS = frozenset({"States.ArrayLength", "States.ArrayContains", "States.UUID", "States.Hash"})
_NUMBER_RESULTS = frozenset({"States.MathAdd", "States.MathRandom"})


def _count(template: Json, copies: dict[str, int]) -> bool:
    """Count the `.$` references by what they read; False when one has no bound (a variable,
    most intrinsic functions)."""
    if isinstance(template, list):
        return all(_count(item, copies) for item in template)
    if not isinstance(template, dict):
        return True
    for key, value in template.items():
        kind = _reference(value) if key.endswith(".$") else ("nested" if _count(value, copies) else None)
        if kind is None:
            return False
        if kind in copies:
            copies[kind] += 1
        elif kind == "number":
            copies["data"] += 1
            copies["small"] += 1
    return True


def _reference(value: Json) -> str | None:
    """What a `.$` value reads: "data" (a path, or a Map item), "context", "small", "number", or None."""
    if not isinstance(value, str):
        return None
    if value.startswith("$$.Map.Item."):
        return "data"  # ItemSelector's item (or index): part of the Map's input
    if value.startswith("$$"):
        return "context"
    if value == "$" or value[:2] in ("$.", "$["):
        return "data"
    name = value.split("(", 1)[0].strip()
    if name in _SMALL_RESULTS:
        return "small"
    return "number" if name in _NUMBER_RESULTS else None


def weigh(value: Json, bound: int, state: str) -> int:
    """`bound`, or when it passes the quota the value's measured size; over the quota fails the state."""
    if bound <= PAYLOAD_LIMIT:
        return bound
    size = weight_of(value)
    if size > PAYLOAD_LIMIT:
        raise too_large(state)
    return size


def jsonpath_bounds(
    parameters: Json, selector: Json, result_path: str | None, missing: Any
) -> tuple[Bound, Bound]:
    """(effective input, output) bounds of a JSONPath state; `missing` marks an absent template.

    InputPath and OutputPath only select, which never outgrows a weight; ResultPath merges the
    result into the raw input, adding at most its keys (ASL spec "ResultPath").
    """
    entry = INPUT if parameters is missing else template_bound(parameters)
    selected = RESULT if selector is missing else template_bound(selector, "result")
    if result_path == "$":
        merged = selected
    elif result_path is None:
        merged = INPUT
    else:
        merged = Bound(1, selected.result, selected.context, selected.constant + 8 * len(result_path))
    return entry, merged


def jsonata_bound(template: Json, missing: Any, absent: Bound) -> Bound:
    """A JSONata field's bound: `absent` when not given, its size when constant, else UNKNOWN."""
    if template is missing:
        return absent
    if "{%" in json.dumps(template):  # an expression somewhere (or text that looks like one)
        return Bound(constant=UNKNOWN)
    return Bound(constant=weight_of(template))
