"""One workflow calling every typed integration, built the same for JSONPath and JSONata."""

from __future__ import annotations

from typing import Any

from flowdsl import CONTEXT, S, Workflow
from flowdsl.dsl.jsonata import expr
from flowdsl.integrations import (
    apigateway_invoke,
    athena_start_query_execution,
    aws_sdk,
    batch_submit_job,
    bedrock_invoke_model,
    dynamodb_delete_item,
    dynamodb_get_item,
    dynamodb_put_item,
    dynamodb_update_item,
    ecs_run_task,
    events_put_events,
    glue_start_job_run,
    http_invoke,
    lambda_invoke,
    sns_publish,
    sqs_send_message,
    start_execution,
)

TOPIC = "arn:aws:sns:us-east-1:123456789012:orders"
QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/approvals"
CHILD = "arn:aws:states:us-east-1:123456789012:stateMachine:Child"


def score(event: Any, context: Any) -> Any:
    return {"score": 1}


def every_integration(language: str | None) -> Workflow:
    token = CONTEXT.Task.Token

    def keep(path: Any) -> dict[str, Any]:
        """ResultPath in JSONPath; a JSONata state keeps its result through Output/Assign."""
        return {"result_path": path} if language is None else {}

    states = [
        lambda_invoke("Score", handler=score, **keep(S.scored)),
        lambda_invoke("Existing", function_name="Existing", payload={"id": S.id}, **keep(None)),
        sns_publish("Notify", topic_arn=TOPIC, message=S.order, subject="Order", **keep(None)),
        sqs_send_message(
            "Ask",
            queue_url=QUEUE,
            message_body={"order": S.id, "token": token},
            callback=True,
            heartbeat_seconds=3600,
            **keep(S.approval),
        ),
        dynamodb_put_item("Save", table_name="Orders", item={"Id": {"S": S.id}}, **keep(None)),
        dynamodb_get_item("Load", table_name="Orders", key={"Id": {"S": S.id}}, **keep(S.loaded)),
        dynamodb_update_item(
            "Mark",
            table_name="Orders",
            key={"Id": {"S": S.id}},
            update_expression="SET #s = :s",
            expression_attribute_names={"#s": "Status"},
            expression_attribute_values={":s": {"S": "DONE"}},
            **keep(None),
        ),
        dynamodb_delete_item("Forget", table_name="Drafts", key={"Id": {"S": S.id}}, **keep(None)),
        events_put_events(
            "Announce",
            entries=[{"Detail": {"order": S.id}, "DetailType": "OrderDone", "Source": "shop"}],
            **keep(None),
        ),
        start_execution("Child", CHILD, input={"order": S.id}, sync=True, timeout_seconds=600, **keep(None)),
        ecs_run_task(
            "Container",
            cluster="jobs",
            task_definition="report:3",
            sync=True,
            timeout_seconds=900,
            **keep(None),
        ),
        batch_submit_job(
            "Batch",
            job_name="nightly",
            job_queue="main",
            job_definition="nightly:1",
            sync=True,
            timeout_seconds=900,
            **keep(None),
        ),
        glue_start_job_run("Etl", job_name="etl", sync=True, timeout_seconds=900, **keep(None)),
        athena_start_query_execution(
            "Query",
            query_string="SELECT 1",
            work_group="primary",
            sync=True,
            timeout_seconds=900,
            **keep(None),
        ),
        bedrock_invoke_model(
            "Summarise",
            model_id="anthropic.claude-3-haiku-20240307-v1:0",
            body={"prompt": S.text, "max_tokens": 200},
            **keep(S.summary),
        ),
        apigateway_invoke(
            "Api",
            api_endpoint="abc123.execute-api.us-east-1.amazonaws.com",
            method="GET",
            stage="prod",
            path="orders",
            **keep(None),
        ),
        http_invoke(
            "Http",
            api_endpoint="https://api.example.com/v1/orders",
            method="POST",
            connection_arn="arn:aws:events:us-east-1:123456789012:connection/example/abc",
            request_body={"id": S.id},
            **keep(None),
        ),
        aws_sdk(
            "List",
            "s3",
            "listObjectsV2",
            parameters={"Bucket": "reports", "Prefix": expr("$states.input.prefix") if language else "2024/"},
            **keep(S.listing),
        ),
    ]
    chain: Any = states[0]
    for state in states[1:]:
        chain = chain >> state
    return Workflow("Integrations", chain, query_language=language)  # type: ignore[arg-type]
