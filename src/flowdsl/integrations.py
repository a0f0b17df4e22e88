"""`from flowdsl.integrations import sns_publish, ...`: the typed AWS service integrations.

See flowdsl.dsl.integrations and docs/integrations.md.
"""

from flowdsl.dsl.integrations import (
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

__all__ = [
    "apigateway_invoke",
    "athena_start_query_execution",
    "aws_sdk",
    "batch_submit_job",
    "bedrock_invoke_model",
    "dynamodb_delete_item",
    "dynamodb_get_item",
    "dynamodb_put_item",
    "dynamodb_update_item",
    "ecs_run_task",
    "events_put_events",
    "glue_start_job_run",
    "http_invoke",
    "lambda_invoke",
    "sns_publish",
    "sqs_send_message",
    "start_execution",
]
