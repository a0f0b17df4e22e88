"""Per-field facts of ASL: the one table every model field is described in.

Each row is one model field (by its Python name, as the model and the DSL's keyword options
spell it) with what the language says about it: its ASL spelling, the one query language that
allows it, whether it holds a path (and which kind) or a payload template, its numeric range,
whether an explicit null means something. The model takes its ASL names from here (the alias
generator of `flowdsl.model.base`); the checks, the DSL's emitter, the importer, typeflow and
the engine read the rest. `tests/model/test_field_facts.py` keeps the table and the model in
step, and keeps other modules from writing tables of field names of their own.

Sources: the ASL spec (https://states-language.net/) "Paths", "Reference Paths", "Payload
Template", "Filters"; AWS "Transforming data with JSONata in Step Functions" for the fields of
each query language; AWS "Step Functions service quotas" and the state pages for the ranges.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.alias_generators import to_pascal, to_snake

from flowdsl.model.operators import OPERATOR_NAMES, compares_paths

PathKind = Literal["path", "reference", "result", "reference-or-intrinsic"]
"""What a path field holds. "path": any path; "reference": a reference path (ASL spec
"Reference Paths"); "result": a reference path into the state input only (ResultPath);
"reference-or-intrinsic": ErrorPath/CausePath also take an intrinsic call (AWS "Fail state")."""
Language = Literal["JSONPath", "JSONata"]

# AWS "Step Functions service quotas": the largest number most numeric fields accept.
LIMIT = 99_999_999


@dataclass(frozen=True)
class FieldFacts:
    """What ASL says about one model field."""

    name: str
    """The model field (and DSL option) name: `timeout_seconds_path`."""
    asl: str = ""
    """Its ASL spelling, when the model's PascalCase rule does not give it (`CSVHeaders`)."""
    only: Language | None = None
    """The one query language that allows the field, if only one does."""
    instead: str = ""
    """For a JSONPath-only field: what a JSONata state writes instead (for the hint)."""
    path: PathKind | None = None
    """The kind of path it holds, for a path field."""
    template: bool = False
    """A JSONPath payload template: members whose key ends in `.$` are evaluated."""
    range: tuple[float, float] | None = None
    """The inclusive numeric range of a number field."""
    nullable: bool = False
    """An explicit null means something (ASL "Filters": null InputPath/OutputPath give `{}`,
    a null ResultPath discards the result); any other explicit null is a mistake."""
    json_valued: bool = False
    """Holds any JSON value, so a null given for it is the value null, not "left out"."""
    literal: bool = False
    """Read literally in a JSONata state, never evaluated: names, nested bodies, a Comment
    (which may well start with `{%`)."""
    path_form: str = ""
    """The `*Path` field a JSONPath state uses to read this one's value from the input."""
    nested: bool = False
    """Holds objects with fields of their own: Catch, Choices, a Map's ItemReader, ..."""
    choice: bool = False
    """An operand of a Choice rule (`Variable` and the comparison operators)."""
    after_result: bool = False
    """Evaluated once the state has a result: in JSONata, `$states.result` (and in a Catcher
    `$states.errorOutput`) is defined only in these fields (AWS "Transforming data with
    JSONata in Step Functions")."""
    distributed: bool = False
    """Belongs to a Distributed Map; an inline Map has none of these (AWS "Using Map state in
    Distributed mode")."""

    @property
    def asl_name(self) -> str:
        """The field as ASL spells it."""
        return self.asl or to_pascal(self.name)


F = FieldFacts
_JSONPATH: Language = "JSONPath"
_JSONATA: Language = "JSONata"
_CONDITION = "'Condition'"


def _rows(names: str, facts: FieldFacts) -> tuple[FieldFacts, ...]:
    """One row per name in the space-separated `names`, each with the facts of `facts`."""
    return tuple(replace(facts, name=name) for name in names.split())


# The rows. Within each kind of fact the order matters where a rule walks them (paths, payload
# templates and ranges are reported in this order for fields on one state).
_ROWS: tuple[FieldFacts, ...] = (
    # What a state is, where it goes, how it retries: read literally, or nothing to say.
    *_rows("type comment query_language resource next", F("", literal=True)),
    F("end"),
    *_rows("default branches item_processor iterator", F("", literal=True)),
    F("label", literal=True, distributed=True),
    F("error_equals", literal=True),
    *_rows("start_at states version retry processor_config mode execution_type", F("")),
    *_rows("choices catch", F("", nested=True)),
    # Path fields.
    F(
        "input_path",
        only=_JSONPATH,
        instead="'Arguments' or 'Output' with $states.input",
        path="path",
        nullable=True,
    ),
    F("output_path", only=_JSONPATH, instead="'Output'", path="path", nullable=True),
    F("result_path", only=_JSONPATH, instead="'Output' or 'Assign'", path="result", nullable=True),
    F("items_path", only=_JSONPATH, instead="'Items'", path="reference"),
    *_rows(
        "seconds_path timestamp_path timeout_seconds_path heartbeat_seconds_path max_concurrency_path "
        "tolerated_failure_percentage_path tolerated_failure_count_path",
        F("", path="reference"),
    ),
    *_rows("error_path cause_path", F("", path="reference-or-intrinsic")),
    *_rows("max_items_path max_items_per_batch_path max_input_bytes_per_batch_path", F("", path="reference")),
    # Payload templates and JSON values.
    F("parameters", only=_JSONPATH, instead="'Arguments'", template=True),
    F("result_selector", only=_JSONPATH, instead="'Output'", template=True),
    F("item_selector", template=True),
    F("credentials", template=True),
    F("assign", template=True, after_result=True),
    F("batch_input", template=True),
    F("result", only=_JSONPATH, instead="'Output'", json_valued=True),
    F("arguments", only=_JSONATA),
    F("output", only=_JSONATA, json_valued=True, after_result=True),
    F("items", only=_JSONATA, json_valued=True),
    F("condition", only=_JSONATA),
    # Numbers, and the fields with a `*Path` form.
    F("timeout_seconds", range=(1, LIMIT), path_form="timeout_seconds_path"),
    F("heartbeat_seconds", range=(1, LIMIT), path_form="heartbeat_seconds_path"),
    F("seconds", range=(0, LIMIT), path_form="seconds_path"),
    F("max_concurrency", range=(0, LIMIT), path_form="max_concurrency_path"),
    F(
        "tolerated_failure_percentage",
        range=(0, 100),
        path_form="tolerated_failure_percentage_path",
        distributed=True,
    ),
    F(
        "tolerated_failure_count",
        range=(0, LIMIT),
        path_form="tolerated_failure_count_path",
        distributed=True,
    ),
    F("interval_seconds", range=(1, LIMIT)),
    F("max_attempts", range=(0, LIMIT)),
    F("backoff_rate", range=(1, LIMIT)),
    F("max_delay_seconds", range=(1, 31_622_401)),
    F("max_items", range=(1, 100_000_000)),
    F("max_items_per_batch", range=(1, LIMIT)),
    F("max_input_bytes_per_batch", range=(1, 262_144)),
    F("timestamp", path_form="timestamp_path"),
    F("error", path_form="error_path"),
    F("cause", path_form="cause_path"),
    # A Distributed Map's objects, and the settings inside them.
    *_rows("item_reader item_batcher result_writer", F("", nested=True, distributed=True)),
    *_rows("reader_config writer_config", F("", nested=True)),
    *_rows("jitter_strategy input_type manifest_type transformation items_pointer output_type", F("")),
    F("csv_header_location", asl="CSVHeaderLocation"),
    F("csv_headers", asl="CSVHeaders"),
    F("csv_delimiter", asl="CSVDelimiter"),
    # Choice rules: the boolean combinators, then one field per operator (`model.operators`).
    F("variable", only=_JSONPATH, instead=_CONDITION, path="path", choice=True),
    F("and_", only=_JSONPATH, instead=_CONDITION, asl="And"),
    F("or_", only=_JSONPATH, instead=_CONDITION, asl="Or"),
    F("not_", only=_JSONPATH, instead=_CONDITION, asl="Not"),
    *(
        F(
            to_snake(op),
            only=_JSONPATH,
            instead=_CONDITION,
            path="path" if compares_paths(op) else None,
            choice=True,
        )
        for op in OPERATOR_NAMES
    ),
)


def _with_defaults(row: FieldFacts) -> FieldFacts:
    # Every `*Path` field exists only in JSONPath (AWS: JSONata states have no `*Path` fields);
    # in JSONata the value itself is written as a `{% %}` expression.
    asl = row.asl_name
    if row.only is None and asl.endswith("Path"):
        instead = f"'{asl.removesuffix('Path')}' with a '{{% %}}' expression"
        return replace(row, only=_JSONPATH, instead=instead)
    return row


FIELDS: dict[str, FieldFacts] = {row.name: _with_defaults(row) for row in _ROWS}
"""Every model field's facts, by model field name."""
BY_ASL: dict[str, FieldFacts] = {facts.asl_name: facts for facts in FIELDS.values()}
"""The same facts by ASL name, for code that holds ASL JSON (the DSL's emitter, the importer)."""

# Groups of fields of which at most one may be set on one object (X and XPath, ItemProcessor
# and its legacy Iterator, ItemSelector and its legacy Parameters, a Wait's four times).
WAIT_TIME = ("seconds", "seconds_path", "timestamp", "timestamp_path")
"""A Wait's four ways to say how long: exactly one is set (ASL spec "Wait State")."""
EXCLUSIVE: tuple[tuple[str, ...], ...] = (
    ("timeout_seconds", "timeout_seconds_path"),
    ("heartbeat_seconds", "heartbeat_seconds_path"),
    WAIT_TIME,
    ("error", "error_path"),
    ("cause", "cause_path"),
    ("item_processor", "iterator"),
    ("item_selector", "parameters"),
    ("items", "items_path"),
    ("max_concurrency", "max_concurrency_path"),
    ("tolerated_failure_percentage", "tolerated_failure_percentage_path"),
    ("tolerated_failure_count", "tolerated_failure_count_path"),
    ("max_items", "max_items_path"),
    ("max_items_per_batch", "max_items_per_batch_path"),
    ("max_input_bytes_per_batch", "max_input_bytes_per_batch_path"),
)

# Canonical key order for state objects, so output is stable and reads top to bottom:
# what it is, what it does, how data flows, how it fails, where it goes.
KEY_ORDER = [
    "Type", "Comment", "QueryLanguage", "Resource", "Credentials",
    "Seconds", "SecondsPath", "Timestamp", "TimestampPath",
    "Choices", "Default", "Branches",
    "Items", "ItemsPath", "ItemReader", "ItemSelector", "ItemBatcher",
    "ItemProcessor", "Iterator", "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath",
    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
    "ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
    "InputPath", "Parameters", "Arguments", "Result", "ResultSelector", "ResultPath",
    "OutputPath", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
    "HeartbeatSecondsPath", "Error", "ErrorPath", "Cause", "CausePath",
    "Retry", "Catch", "Assign", "Output", "Next", "End",
]  # fmt: skip
_RANK = {key: rank for rank, key in enumerate(KEY_ORDER)}


def field_rank(name: str) -> int:
    """Where an ASL field goes in a state object: its place in `KEY_ORDER` (unknown ones last)."""
    return _RANK.get(name, len(_RANK))


def asl_name(field: str) -> str:
    """The ASL spelling of a model field (`timeout_seconds_path` -> `TimeoutSecondsPath`)."""
    facts = FIELDS.get(field)
    return facts.asl_name if facts is not None else to_pascal(field)


def _where(test: Callable[[FieldFacts], object]) -> tuple[str, ...]:
    return tuple(name for name, facts in FIELDS.items() if test(facts))


NULLABLE = frozenset(_where(lambda f: f.nullable))
JSON_VALUED = frozenset(_where(lambda f: f.json_valued))
NOT_EVALUATED = frozenset(_where(lambda f: f.literal))
PATH_FIELDS: dict[str, PathKind] = {n: f.path for n, f in FIELDS.items() if f.path and not f.choice}
"""The path fields of states and their nested objects (Choice rules' operands apart)."""
RULE_PATHS = tuple(n for n, f in FIELDS.items() if f.path and f.choice)
"""A Choice rule's path operands: `Variable`, then the `*Path` comparisons in operator order."""
TEMPLATE_FIELDS = _where(lambda f: f.template)
AFTER_RESULT = frozenset(FIELDS[name].asl_name for name in _where(lambda f: f.after_result))
"""ASL names of the fields where JSONata's `$states.result` / `$states.errorOutput` exist."""
RANGES: dict[str, tuple[float, float]] = {n: f.range for n, f in FIELDS.items() if f.range}

FieldMode = Literal["path", "jsonata", "template", "literal"]
"""How a value written for a field is read: as a path's text, as JSONata, as a JSONPath payload
template (members under `key.$` are paths), or literally."""


def field_mode(key: str, language: Language) -> FieldMode:
    """How the field ASL spells `key` reads its value in a state of `language`.

    The DSL's emitter writes values this way and the importer reads them back the same way.
    """
    facts = BY_ASL.get(key)
    if facts is not None and facts.path is not None:
        return "path"
    if language == "JSONata" or (facts is not None and facts.only == "JSONata"):
        return "jsonata"
    return "template" if facts is not None and facts.template else "literal"


def holds_objects(key: str) -> bool:
    """Whether the field ASL spells `key` holds objects with fields of their own (`Catch`,
    `Choices`, a Map's `ItemReader`...), each written field by field."""
    facts = BY_ASL.get(key)
    return facts is not None and facts.nested


def path_form(key: str) -> str:
    """The ASL name of the `*Path` field that reads `key`'s value from the input, or ""."""
    facts = BY_ASL.get(key)
    return asl_name(facts.path_form) if facts is not None and facts.path_form else ""


ABSENT: Any = object()
"""A field the document leaves out, unlike one it sets to null (ASL tells the two apart)."""


@dataclass(frozen=True, slots=True)
class Written:
    """The data-carrying fields of a state, Catcher or Choice rule as the document wrote them.

    `ABSENT` where left out (or where the object has no such field); the filters keep their
    ASL default `$`. The engine reads data flow from here, typed, instead of asking an object
    for fields by name.
    """

    input_path: str | None = "$"
    output_path: str | None = "$"
    result_path: str | None = "$"
    parameters: Any = ABSENT
    arguments: Any = ABSENT
    result_selector: Any = ABSENT
    assign: Any = ABSENT
    output: Any = ABSENT
    result: Any = ABSENT
    items: Any = ABSENT
    item_selector: Any = ABSENT
    batch_input: Any = ABSENT


_WRITTEN = tuple(field.name for field in dataclasses.fields(Written))


def written(model: BaseModel) -> Written:
    """What `model` writes of the data-carrying fields (see `Written`)."""
    given, values = model.model_fields_set, vars(model)
    return Written(**{name: values[name] for name in _WRITTEN if name in given})
