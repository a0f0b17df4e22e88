"""A Map over a JSON object runs once per key-value pair (AWS, "ItemsPath (Map, JSONPath only)")."""

from __future__ import annotations

from typing import Any

import pytest

import flowdsl

SERVERS = {"server1": {"port": 80}, "server2": {"port": 8080}}


def jsonpath_map(**fields: Any) -> dict[str, Any]:
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    return {
        "StartAt": "M",
        "States": {"M": {"Type": "Map", "ItemProcessor": processor, **fields, "End": True}},
    }


@pytest.mark.parametrize("fields", [{"ItemsPath": "$.servers"}, {"InputPath": "$.servers"}])
def test_jsonpath_map_over_an_object_runs_once_per_pair(fields: dict[str, Any]) -> None:
    execution = flowdsl.run(jsonpath_map(**fields), {"servers": SERVERS})
    assert execution.status == "SUCCEEDED", execution.cause
    assert execution.output == [{"server1": {"port": 80}}, {"server2": {"port": 8080}}]


def test_the_context_item_is_the_pair_and_its_index() -> None:
    selector = {"ItemSelector": {"pair.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"}}
    execution = flowdsl.run(jsonpath_map(ItemsPath="$.servers", **selector), {"servers": SERVERS})
    assert execution.output == [
        {"pair": {"server1": {"port": 80}}, "index": 0},
        {"pair": {"server2": {"port": 8080}}, "index": 1},
    ]


def test_jsonata_items_may_be_an_object() -> None:
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    state = {"Type": "Map", "Items": "{% $states.input.servers %}", "ItemProcessor": processor, "End": True}
    data = {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": state}}
    assert flowdsl.validate(data) == []
    assert flowdsl.run(data, {"servers": SERVERS}).output == [
        {"server1": {"port": 80}},
        {"server2": {"port": 8080}},
    ]


def test_a_map_over_a_string_still_fails() -> None:
    execution = flowdsl.run(jsonpath_map(ItemsPath="$.s"), {"s": "abc"})
    assert (execution.status, execution.error) == ("FAILED", "States.Runtime")
    assert "array or object" in (execution.cause or "")
