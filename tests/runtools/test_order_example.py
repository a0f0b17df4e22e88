"""examples/order_fulfilment.py driven by a Step Functions Local mock file: retries, Catch, a
Parallel holding a Map, a polling loop over a day-long Wait, each path pinned in one line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from flowdsl.engine import Return
from flowdsl.engine.mockconfig import load_mock_config
from flowdsl.loader import load_source
from flowdsl.source import Source
from flowdsl.testing import assert_path

REPO = Path(__file__).resolve().parents[2]
MOCKS = load_mock_config(Path(__file__).parent / "data" / "OrderFulfilmentMocks.json")
ORDER = {"orderId": "o-1", "items": [{"sku": "a", "quantity": 1}, {"sku": "b", "quantity": 2}], "gift": True}
FULFIL = ["Fulfil", "Reserve Stock", "Reserve Item", "Reserve Item", "Charge Card"]


@pytest.fixture(scope="module")
def source() -> Source:
    return load_source(REPO / "examples" / "order_fulfilment.py")


def _mocks(case: str) -> dict[str, Any]:
    return MOCKS.mocks_for(case, machine="OrderFulfilment")


def test_delivered_after_a_day_of_polling(source: Source) -> None:
    path = [
        "Validate Order",
        "Order Valid?",
        *FULFIL,
        "Gift?",
        "Wrap Gift",
        "Email Customer",
        *["Check Shipment", "Shipped?", "Wait a Day"],
        *["Check Shipment", "Shipped?", "Delivered"],
    ]
    execution = assert_path(source, ORDER, path, status="SUCCEEDED", mocks=_mocks("DeliveredNextDay"))
    assert execution.output == {"orderId": "o-1", "wrapped": True, "shipment": {"status": "DELIVERED"}}
    first, last = (datetime.fromisoformat(execution.history[i]["timestamp"]) for i in (0, -1))
    assert (last - first).total_seconds() == 86400  # the Wait took a virtual day, no real time


def test_without_a_gift_the_fulfilment_results_reach_the_output(source: Source) -> None:
    path = [
        "Validate Order",
        "Order Valid?",
        *FULFIL,
        "Gift?",
        "Email Customer",
        "Check Shipment",
        "Shipped?",
    ]
    mocks = _mocks("DeliveredNextDay") | {"Check Shipment": [Return({"status": "DELIVERED"})]}
    execution = assert_path(source, ORDER | {"gift": False}, [*path, "Delivered"], mocks=mocks)
    reserved = {"reserved": True}
    assert execution.output["fulfilment"] == [[reserved, reserved], {"chargeId": "ch-1"}]


def test_validation_retries_then_rejects(source: Source) -> None:
    execution = assert_path(
        source,
        ORDER,
        ["Validate Order", "Order Valid?", "Order Rejected"],
        status="FAILED",
        mocks=_mocks("ValidationRetriedThenRejected"),
    )
    assert execution.error == "OrderInvalid"
    scheduled = [e for e in execution.history if e["type"] == "LambdaFunctionScheduled"]
    assert len(scheduled) == 3


def test_declined_card_is_caught_and_the_order_released(source: Source) -> None:
    execution = assert_path(
        source,
        ORDER,
        ["Validate Order", "Order Valid?", *FULFIL, "Release Order", "Fulfilment Failed"],
        status="FAILED",
        mocks=_mocks("CardDeclined"),
    )
    assert execution.visited["Fulfil"] == "caught"
