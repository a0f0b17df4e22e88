"""Order fulfilment: the rest of the DSL in one workflow.

Retries with backoff, a Catch that compensates, a Parallel whose branch is a Map, a Choice that
rejoins with `.afterwards()`, a polling loop back to an earlier state, and service integrations
written as plain `resource=` ARNs next to Lambda functions named by `function_name=`.

    flowdsl compile examples/order_fulfilment.py
"""

from flowdsl import Choice, Fail, Map, Parallel, S, Succeed, Task, Wait, Workflow, is_present

TRANSIENT = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]

validate = Task("Validate Order", function_name="ValidateOrderFunction", result_path="$.validation")
validate.retry(TRANSIENT, interval_seconds=2, max_attempts=4, backoff_rate=2.0, jitter_strategy="FULL")
reject = Fail("Order Rejected", error="OrderInvalid", cause="The order failed validation.")

reserve_stock = Map(
    "Reserve Stock",
    items_path=S.items,
    item_selector={"sku.$": "$$.Map.Item.Value.sku", "quantity.$": "$$.Map.Item.Value.quantity"},
    max_concurrency=5,
    processor=Task("Reserve Item", function_name="ReserveItemFunction"),
)
charge = Task(
    "Charge Card",
    resource="arn:aws:states:::lambda:invoke",
    parameters={"FunctionName": "ChargeCardFunction", "Payload.$": "$"},
    result_selector={"chargeId.$": "$.Payload.chargeId"},
    timeout_seconds=30,
).retry(TRANSIENT)

refund = Task("Release Order", function_name="ReleaseOrderFunction", result_path=None)
fulfil = Parallel("Fulfil", branches=[reserve_stock, charge], result_path="$.fulfilment")
fulfil.catch("States.ALL", refund >> Fail("Fulfilment Failed"), result_path="$.error")

gift = Choice("Gift?").when(S.gift == True, Task("Wrap Gift", function_name="WrapGiftFunction"))  # noqa: E712
notify = Task(
    "Email Customer",
    resource="arn:aws:states:::sns:publish",
    parameters={"TopicArn": "arn:aws:sns:us-east-1:123456789012:orders", "Message.$": "$.orderId"},
    result_path=None,
)

check = Task("Check Shipment", function_name="CheckShipmentFunction", result_path="$.shipment")
shipped = (
    Choice("Shipped?")
    .when(S.shipment.status == "DELIVERED", Succeed("Delivered"))
    .when(S.shipment.status == "LOST", Fail("Shipment Lost", error="ShipmentLost"))
    .otherwise(Wait("Wait a Day", seconds=86400) >> check)
)

valid = (
    Choice("Order Valid?")
    .when(is_present(S.validation.problem), reject)
    .otherwise(fulfil >> gift.afterwards() >> notify >> check >> shipped)
)

workflow = Workflow("OrderFulfilment", validate >> valid, timeout_seconds=30 * 86400)
