"""SNS, SQS, EventBridge, DynamoDB, API Gateway and HTTPS endpoints (request-response or callback)."""

from __future__ import annotations

from typing import Any

from flowdsl.dsl.integrations.sdk import Value, call_task, params, pattern_of
from flowdsl.dsl.task import Task


def sns_publish(
    name: str,
    *,
    message: Value,
    topic_arn: Value = None,
    target_arn: Value = None,
    phone_number: Value = None,
    subject: Value = None,
    message_attributes: Value = None,
    message_group_id: Value = None,
    message_deduplication_id: Value = None,
    callback: bool = False,
    **options: Any,
) -> Task:
    """`sns:publish`: publish `message` (any JSON) to a topic, target or phone number."""
    payload = params(
        TopicArn=topic_arn,
        TargetArn=target_arn,
        PhoneNumber=phone_number,
        Message=message,
        Subject=subject,
        MessageAttributes=message_attributes,
        MessageGroupId=message_group_id,
        MessageDeduplicationId=message_deduplication_id,
    )
    return call_task(name, "sns", "publish", pattern_of(name, callback=callback), payload, options=options)


def sqs_send_message(
    name: str,
    *,
    queue_url: Value,
    message_body: Value,
    delay_seconds: Value = None,
    message_attributes: Value = None,
    message_group_id: Value = None,
    message_deduplication_id: Value = None,
    callback: bool = False,
    **options: Any,
) -> Task:
    """`sqs:sendMessage`: send `message_body` (any JSON) to the queue at `queue_url`."""
    payload = params(
        QueueUrl=queue_url,
        MessageBody=message_body,
        DelaySeconds=delay_seconds,
        MessageAttributes=message_attributes,
        MessageGroupId=message_group_id,
        MessageDeduplicationId=message_deduplication_id,
    )
    return call_task(
        name, "sqs", "sendMessage", pattern_of(name, callback=callback), payload, options=options
    )


def events_put_events(name: str, *, entries: Value, callback: bool = False, **options: Any) -> Task:
    """`events:putEvents`: send `entries` (each with Detail as JSON, DetailType, Source, ...)."""
    payload = params(Entries=entries)
    return call_task(
        name, "events", "putEvents", pattern_of(name, callback=callback), payload, options=options
    )


def dynamodb_get_item(
    name: str,
    *,
    table_name: Value,
    key: Value,
    consistent_read: Value = None,
    projection_expression: Value = None,
    expression_attribute_names: Value = None,
    **options: Any,
) -> Task:
    """`dynamodb:getItem`: read the item with `key` (attribute values typed: `{"Id": {"S": "1"}}`)."""
    payload = params(
        TableName=table_name,
        Key=key,
        ConsistentRead=consistent_read,
        ProjectionExpression=projection_expression,
        ExpressionAttributeNames=expression_attribute_names,
    )
    return call_task(name, "dynamodb", "getItem", "", payload, options=options)


def dynamodb_put_item(
    name: str,
    *,
    table_name: Value,
    item: Value,
    condition_expression: Value = None,
    expression_attribute_names: Value = None,
    expression_attribute_values: Value = None,
    return_values: Value = None,
    **options: Any,
) -> Task:
    """`dynamodb:putItem`: write `item`, optionally only if `condition_expression` holds."""
    payload = params(
        TableName=table_name,
        Item=item,
        ConditionExpression=condition_expression,
        ExpressionAttributeNames=expression_attribute_names,
        ExpressionAttributeValues=expression_attribute_values,
        ReturnValues=return_values,
    )
    return call_task(name, "dynamodb", "putItem", "", payload, options=options)


def dynamodb_update_item(
    name: str,
    *,
    table_name: Value,
    key: Value,
    update_expression: Value = None,
    condition_expression: Value = None,
    expression_attribute_names: Value = None,
    expression_attribute_values: Value = None,
    return_values: Value = None,
    **options: Any,
) -> Task:
    """`dynamodb:updateItem`: apply `update_expression` to the item with `key`."""
    payload = params(
        TableName=table_name,
        Key=key,
        UpdateExpression=update_expression,
        ConditionExpression=condition_expression,
        ExpressionAttributeNames=expression_attribute_names,
        ExpressionAttributeValues=expression_attribute_values,
        ReturnValues=return_values,
    )
    return call_task(name, "dynamodb", "updateItem", "", payload, options=options)


def dynamodb_delete_item(
    name: str,
    *,
    table_name: Value,
    key: Value,
    condition_expression: Value = None,
    expression_attribute_names: Value = None,
    expression_attribute_values: Value = None,
    return_values: Value = None,
    **options: Any,
) -> Task:
    """`dynamodb:deleteItem`: delete the item with `key`."""
    payload = params(
        TableName=table_name,
        Key=key,
        ConditionExpression=condition_expression,
        ExpressionAttributeNames=expression_attribute_names,
        ExpressionAttributeValues=expression_attribute_values,
        ReturnValues=return_values,
    )
    return call_task(name, "dynamodb", "deleteItem", "", payload, options=options)


def apigateway_invoke(
    name: str,
    *,
    api_endpoint: Value,
    method: Value,
    stage: Value = None,
    path: Value = None,
    headers: Value = None,
    query_parameters: Value = None,
    request_body: Value = None,
    auth_type: Value = None,
    allow_null_values: Value = None,
    callback: bool = False,
    **options: Any,
) -> Task:
    """`apigateway:invoke`: call an API Gateway REST or HTTP API (`api_endpoint` is its host)."""
    payload = params(
        ApiEndpoint=api_endpoint,
        Method=method,
        Stage=stage,
        Path=path,
        Headers=headers,
        QueryParameters=query_parameters,
        RequestBody=request_body,
        AuthType=auth_type,
        AllowNullValues=allow_null_values,
    )
    return call_task(
        name, "apigateway", "invoke", pattern_of(name, callback=callback), payload, options=options
    )


def http_invoke(
    name: str,
    *,
    api_endpoint: Value,
    method: Value,
    connection_arn: Value,
    headers: Value = None,
    query_parameters: Value = None,
    request_body: Value = None,
    transform: Value = None,
    **options: Any,
) -> Task:
    """`http:invoke`: call an HTTPS API, authenticated through an EventBridge connection."""
    payload = params(
        ApiEndpoint=api_endpoint,
        Method=method,
        Authentication={"ConnectionArn": connection_arn},
        Headers=headers,
        QueryParameters=query_parameters,
        RequestBody=request_body,
        Transform=transform,
    )
    return call_task(name, "http", "invoke", "", payload, options=options)
