"""The field facts table: every model field is described once, in `flowdsl.model.fields`."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import flowdsl
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


# --- No other module keeps a table of fields -------------------------------------------------
#
# A "table" is a tuple, list or set display naming two or more fields, or a dict display keyed
# by two or more fields whose values are all literals (a dict with computed values builds an
# ASL document, which names its keys as any writer must). A field is named by its ASL spelling
# (`ResultPath`) or by a model name with an underscore (`result_path`; single words such as
# `items` or `next` are ordinary words too). `__all__` and `__slots__` name Python objects.
SRC = Path(flowdsl.__file__).parent
ASL_NAMES = {facts.asl_name for facts in FIELDS.values()}
MODEL_NAMES = {name for name in FIELDS if "_" in name.strip("_")}
# Modules that still keep such a table, and why; each entry goes once its module reads
# `flowdsl.model.fields` (the test fails for an entry whose module no longer needs it).
KNOWN_TABLES = {
    "importer/module.py": "maps ASL keys to DSL options (Retry, Catch, machine options) one by one",
    "importer/rules.py": "maps Choice rule keys to DSL conditions",
    "importer/states.py": "the keys a state's constructor call does not take as options",
    "importer/generate.py": "And/Or nesting of generated conditions",
    "checks/lenient.py": "reads raw JSON the model could not parse, before any model exists",
    "checks/distributed.py": "accepted values of ReaderConfig/WriterConfig settings; batch limits",
    "checks/integrations.py": "the timeout fields of an integration Task",
    "typeflow/flow.py": "the filter paths the type flow reads itself",
    "engine/mockconfig.py": "tells a state machine given as a mock file by its StartAt and States",
    "service/distributed.py": "copies a processor's machine keys out of raw ASL",
}
# The members of an error output (AWS "Error handling": `{"Error": ..., "Cause": ...}`) share
# their spelling with two Fail fields but are not fields.
ERROR_OUTPUT = ["Error", "Cause"]
# Python export lists, not fields (`flowdsl.exports.DSL_NAMES` builds `__all__`).
PYTHON_NAMES = ("__all__", "__slots__", "DSL_NAMES")


def _named(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        items: list[ast.expr | None] = list(node.elts)
    elif isinstance(node, ast.Dict) and all(_is_literal(value) for value in node.values):
        items = list(node.keys)
    else:
        return []
    strings = [item.value for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)]
    named = [text for text in strings if text in ASL_NAMES or text in MODEL_NAMES]
    return [] if sorted(named) == sorted(ERROR_OUTPUT) else named


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True


def _python_names(tree: ast.AST) -> set[int]:
    """ids of the values assigned to `PYTHON_NAMES`."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id in PYTHON_NAMES for t in node.targets)
    }


def _tables() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for file in sorted(SRC.rglob("*.py")):
        module = file.relative_to(SRC).as_posix()
        if module.startswith("model/"):
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        skip = _python_names(tree)
        for node in ast.walk(tree):
            names = [] if id(node) in skip else _named(node)
            if len(names) > 1:
                found.setdefault(module, []).append(f"{module}:{getattr(node, 'lineno', 0)} {names}")
    return found


def test_no_other_module_keeps_a_table_of_fields() -> None:
    tables = _tables()
    new = [row for module, rows in tables.items() if module not in KNOWN_TABLES for row in rows]
    assert new == [], "read these fields' facts from flowdsl.model.fields instead"
    assert sorted(set(KNOWN_TABLES) - set(tables)) == [], "remove the entry: the module is clean"


def test_the_scan_sees_a_table() -> None:
    tree = ast.parse('PATHS = ("InputPath", "OutputPath")\nDOC = {"StartAt": start, "States": {}}')
    assert [_named(node) for node in ast.walk(tree) if _named(node)] == [["InputPath", "OutputPath"]]
