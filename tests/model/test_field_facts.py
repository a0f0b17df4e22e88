"""The field facts table: every model field is described once, in `flowdsl.model.fields`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import flowdsl.model
from flowdsl.model.base import AslModel
from flowdsl.model.fields import (
    BY_ASL,
    EXCLUSIVE,
    FIELDS,
    KEY_ORDER,
    PATH_FIELDS,
    RANGES,
    RULE_PATHS,
    TEMPLATE_FIELDS,
    field_mode,
    path_form,
)
from flowdsl.model.operators import OPERATOR_NAMES


def _model_classes(cls: type[AslModel] = AslModel) -> Iterator[type[AslModel]]:
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("flowdsl.model"):
            yield sub
        yield from _model_classes(sub)


MODELS = sorted(set(_model_classes()), key=lambda cls: cls.__name__)
FIELDS_OF = {(cls.__name__, name): info for cls in MODELS for name, info in cls.model_fields.items()}


def test_the_models_are_found() -> None:
    names = {cls.__name__ for cls in MODELS}
    assert {"StateMachine", "TaskState", "MapState", "ChoiceRule", "Retrier", "ReaderConfig"} <= names


@pytest.mark.parametrize("where", sorted(FIELDS_OF), ids=".".join)
def test_every_model_field_has_its_facts(where: tuple[str, str]) -> None:
    _, name = where
    assert name in FIELDS, f"add a row for '{name}' to flowdsl/model/fields.py"
    assert FIELDS_OF[where].alias == FIELDS[name].asl_name


def test_every_row_is_a_model_field() -> None:
    declared = {name for _, name in FIELDS_OF}
    assert set(FIELDS) - declared == set()


def test_every_state_key_in_the_order_is_a_field() -> None:
    assert set(KEY_ORDER) <= set(BY_ASL)
    state_fields = {
        FIELDS[name].asl_name for cls in flowdsl.model.STATE_CLASSES.values() for name in cls.model_fields
    }
    assert state_fields <= set(KEY_ORDER)


def test_path_fields_exist_only_in_jsonpath() -> None:
    for name, facts in FIELDS.items():
        if facts.asl_name.endswith("Path"):
            assert facts.only == "JSONPath" and facts.instead, name


def test_a_path_form_lives_beside_its_field() -> None:
    for (cls_name, name), _ in FIELDS_OF.items():
        moved = FIELDS[name].path_form
        if moved and cls_name != "StateMachine":  # the machine's TimeoutSeconds has no Path form
            assert (cls_name, moved) in FIELDS_OF, (cls_name, name)
            assert PATH_FIELDS[moved] in ("reference", "reference-or-intrinsic")


def test_exclusive_groups_are_held_together() -> None:
    for group in EXCLUSIVE:
        holders = {cls for cls, name in FIELDS_OF if name in group}
        assert any(all((cls, name) in FIELDS_OF for name in group) for cls in holders), group


def test_ranges_are_ranges() -> None:
    assert all(low <= high for low, high in RANGES.values())
    assert RANGES["tolerated_failure_percentage"] == (0, 100)


def test_choice_rule_paths_follow_the_operator_table() -> None:
    by_path = [FIELDS[name].asl_name for name in RULE_PATHS]
    assert by_path[0] == "Variable"
    assert by_path[1:] == [op for op in OPERATOR_NAMES if op.endswith("Path")]
    assert not set(RULE_PATHS) & set(PATH_FIELDS)


@pytest.mark.parametrize(
    ("key", "language", "mode"),
    [
        ("ResultPath", "JSONPath", "path"),
        ("SecondsPath", "JSONata", "path"),
        ("Parameters", "JSONPath", "template"),
        ("Parameters", "JSONata", "jsonata"),
        ("Arguments", "JSONPath", "jsonata"),
        ("Result", "JSONPath", "literal"),
        ("Comment", "JSONPath", "literal"),
    ],
)
def test_field_mode(key: str, language: str, mode: str) -> None:
    assert field_mode(key, language) == mode  # type: ignore[arg-type]


def test_path_forms() -> None:
    assert path_form("TimeoutSeconds") == "TimeoutSecondsPath"
    assert path_form("Items") == ""  # JSONata's Items has ItemsPath as its JSONPath twin, not a form
    assert set(TEMPLATE_FIELDS) >= {"parameters", "result_selector", "item_selector", "assign"}
