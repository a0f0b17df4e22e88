"""Typed constructors for AWS service integrations: each returns the `Task` a person would write.

Parameters are keyword arguments in Python's snake_case, written under the API's PascalCase
names in the order given here; each accepts a literal, an `S` path, a context path or a JSONata
`expr`. The payload is `Parameters` in a JSONPath state and `Arguments` in a JSONata one.
Every other `Task` option (`result_path=`, `retry=`, `timeout_seconds=`, ...) passes through.
The integrations' patterns, IAM needs and parameter shapes are in flowdsl.model.integrations
(see docs/integrations.md).
"""

from flowdsl.dsl.integrations.compute import (
    athena_start_query_execution,
    batch_submit_job,
    bedrock_invoke_model,
    ecs_run_task,
    glue_start_job_run,
    lambda_invoke,
    start_execution,
)
from flowdsl.dsl.integrations.messaging import (
    apigateway_invoke,
    dynamodb_delete_item,
    dynamodb_get_item,
    dynamodb_put_item,
    dynamodb_update_item,
    events_put_events,
    http_invoke,
    sns_publish,
    sqs_send_message,
)
from flowdsl.dsl.integrations.sdk import aws_sdk

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
