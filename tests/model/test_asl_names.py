"""The model's one naming rule: every field's ASL name is `asl_name` (the field table), no alias."""

from __future__ import annotations

import pytest

from flowdsl.model import parse_machine
from flowdsl.model.base import AslModel
from flowdsl.model.choice import ChoiceRule
from flowdsl.model.fields import asl_name
from flowdsl.model.states import ReaderConfig


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("timeout_seconds_path", "TimeoutSecondsPath"),
        ("and_", "And"),
        ("not_", "Not"),
        ("csv_headers", "CSVHeaders"),
        ("csv_header_location", "CSVHeaderLocation"),
        ("items_pointer", "ItemsPointer"),
    ],
)
def test_asl_name(field: str, name: str) -> None:
    assert asl_name(field) == name


def _models(base: type[AslModel]) -> list[type[AslModel]]:
    found = []
    for sub in base.__subclasses__():
        found += [sub, *_models(sub)]
    return found


def test_every_model_field_is_named_by_the_rule() -> None:
    # No field overrides the generator, so the DSL (which maps options with `asl_name`) and
    # the model always agree on a field's ASL name.
    assert ChoiceRule in _models(AslModel) and ReaderConfig in _models(AslModel)
    for model in _models(AslModel):
        for field, info in model.model_fields.items():
            assert info.alias == asl_name(field), f"{model.__name__}.{field}"


def test_keyword_and_acronym_fields_parse_and_write_their_asl_names() -> None:
    rule = {"Not": {"Variable": "$.a", "IsPresent": True}, "Next": "Done"}
    reader = {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"CSVHeaderLocation": "FIRST_ROW"}}
    definition = {
        "StartAt": "Pick",
        "States": {
            "Pick": {"Type": "Choice", "Choices": [rule], "Default": "Done"},
            "Done": {
                "Type": "Map",
                "ItemReader": reader,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "P",
                    "States": {"P": {"Type": "Pass", "End": True}},
                },
                "End": True,
            },
        },
    }
    machine = parse_machine(definition)
    assert machine.to_json_obj() == definition
