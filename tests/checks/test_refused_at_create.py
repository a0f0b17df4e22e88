"""Definitions AWS refuses at create time are errors, so `run` refuses them too (issue #10)."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl
from flowdsl import FlowdslError, Severity


def task(resource: str) -> dict[str, Any]:
    return {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "End": True}}}


def severities(data: dict[str, Any]) -> list[tuple[str, Severity]]:
    return [(d.code, d.severity) for d in flowdsl.validate(data)]


@pytest.mark.parametrize("resource", ["my-function", "OpenCaseFunction", "  x", "http//no-scheme"])
def test_a_resource_that_is_not_a_uri_is_an_error(resource: str) -> None:
    assert severities(task(resource)) == [("resource-not-uri", Severity.ERROR)]
    with pytest.raises(FlowdslError) as raised:
        flowdsl.run(task(resource), handlers={resource.strip(): lambda event, _: event})
    assert [d.code for d in raised.value.diagnostics] == ["resource-not-uri"]


def test_a_uri_that_is_not_an_arn_stays_a_warning() -> None:
    # The ASL spec asks only for a URI; statelint's fixtures use 'foo:bar'.
    assert severities(task("foo:bar")) == [("resource-not-arn", Severity.WARNING)]


def test_a_jsonpath_state_in_a_jsonata_machine_is_an_error() -> None:
    data = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}},
    }
    assert severities(data) == [("query-language-conflict", Severity.ERROR)]
    with pytest.raises(FlowdslError):
        flowdsl.run(data, {})


def test_a_jsonata_state_in_a_jsonpath_machine_is_fine() -> None:
    data = {"StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "End": True}}}
    assert flowdsl.validate(data) == []


INLINE_MAP_FIELDS = {
    "ToleratedFailurePercentage": 10,
    "ToleratedFailureCount": 1,
    "ItemBatcher": {"MaxItemsPerBatch": 2},
    "Label": "Batch",
    "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "NONE"}},
}


def map_state(mode: str | None, **fields: Any) -> dict[str, Any]:
    processor: dict[str, Any] = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    if mode is not None:
        processor["ProcessorConfig"] = {
            "Mode": mode,
            **({"ExecutionType": "STANDARD"} if mode == "DISTRIBUTED" else {}),
        }
    return {
        "StartAt": "M",
        "States": {"M": {"Type": "Map", "ItemProcessor": processor, **fields, "End": True}},
    }


@pytest.mark.parametrize(("field", "value"), INLINE_MAP_FIELDS.items(), ids=INLINE_MAP_FIELDS.keys())
@pytest.mark.parametrize("mode", [None, "INLINE"])
def test_distributed_map_fields_on_an_inline_map_are_errors(mode: str | None, field: str, value: Any) -> None:
    found = flowdsl.validate(map_state(mode, **{field: value}))
    assert [(d.code, d.location) for d in found] == [("distributed-only-field", f"/States/M/{field}")]
    with pytest.raises(FlowdslError):
        flowdsl.run(map_state(mode, **{field: value}), [1])


def test_the_same_fields_on_a_distributed_map_are_fine() -> None:
    fields = {k: v for k, v in INLINE_MAP_FIELDS.items() if k != "ToleratedFailureCount"}
    assert [d.code for d in flowdsl.validate(map_state("DISTRIBUTED", **fields)) if d.is_error] == []
