"""Lambda, nested workflows, ECS, Batch, Glue, Athena and Bedrock: request-response, jobs, callbacks."""

from __future__ import annotations

from typing import Any, Literal

from flowdsl.dsl.errors import DslError
from flowdsl.dsl.integrations.sdk import Value, call_task, params, pattern_of
from flowdsl.dsl.paths import S
from flowdsl.dsl.task import Task
from flowdsl.dsl.workflow import Workflow
from flowdsl.model.resources import LAMBDA_INVOKE, machine_key, placeholder
from flowdsl.source import Handler


def lambda_invoke(
    name: str,
    *,
    function_name: str | None = None,
    handler: Handler | None = None,
    payload: Value = None,
    invocation_type: Value = None,
    qualifier: Value = None,
    callback: bool = False,
    **options: Any,
) -> Task:
    """`lambda:invoke`, AWS's recommended Lambda integration, with a Python `handler` that local
    runs call and deploy packages; the function is `function_name`, else named after the
    handler. `payload` defaults to the state input."""
    values = params(
        Payload=S if payload is None else payload, InvocationType=invocation_type, Qualifier=qualifier
    )
    if handler is None:
        if function_name is None:
            raise DslError("task-target", f"task '{name}' needs function_name=... or handler=...")
        values = {"FunctionName": function_name, **values}  # an existing function, by name or ARN
    resource = LAMBDA_INVOKE + pattern_of(name, callback=callback)
    bound = function_name if handler is not None else None
    task = Task(name, resource=resource, function_name=bound, handler=handler, parameters=values, **options)
    task.payload_follows_language = True
    return task


def start_execution(
    name: str,
    state_machine_arn: Value | Workflow,
    *,
    input: Value = None,
    execution_name: Value = None,
    sync: bool | Literal[".sync", ".sync:2"] = False,
    callback: bool = False,
    **options: Any,
) -> Task:
    """`states:startExecution`: start another state machine; `sync=True` waits for it and
    returns its output as JSON (`.sync:2`), `sync=".sync"` as a JSON string.

    The target is an ARN (a literal, a path or JSONata), or a `Workflow`: a nested workflow,
    written `${<Name>Arn}` like a Lambda function's placeholder, which local runs and
    `flowdsl serve` run on our engine and deploy/template create first (docs/integrations.md).
    """
    child = state_machine_arn if isinstance(state_machine_arn, Workflow) else None
    arn = placeholder(machine_key(child.name)) if child is not None else state_machine_arn
    payload = params(StateMachineArn=arn, Input=input, Name=execution_name)
    form = sync if isinstance(sync, str) else ".sync:2"
    if form not in (".sync", ".sync:2"):
        message = f"task '{name}': sync= is True, False, '.sync' or '.sync:2', not {sync!r}"
        raise DslError("task-target", message)
    pattern = pattern_of(name, sync=bool(sync), callback=callback, sync_form=form)
    task = call_task(name, "states", "startExecution", pattern, payload, options=options)
    task.starts = child
    return task


def ecs_run_task(
    name: str,
    *,
    task_definition: Value,
    cluster: Value = None,
    launch_type: Value = None,
    network_configuration: Value = None,
    overrides: Value = None,
    sync: bool = False,
    callback: bool = False,
    **options: Any,
) -> Task:
    """`ecs:runTask`: run a task of `task_definition`; `sync=True` waits until it stops."""
    payload = params(
        LaunchType=launch_type,
        Cluster=cluster,
        TaskDefinition=task_definition,
        NetworkConfiguration=network_configuration,
        Overrides=overrides,
    )
    pattern = pattern_of(name, sync=sync, callback=callback)
    return call_task(name, "ecs", "runTask", pattern, payload, options=options)


def batch_submit_job(
    name: str,
    *,
    job_name: Value,
    job_queue: Value,
    job_definition: Value,
    parameters: Value = None,
    container_overrides: Value = None,
    sync: bool = False,
    **options: Any,
) -> Task:
    """`batch:submitJob`: submit a job; `sync=True` waits until it finishes."""
    payload = params(
        JobName=job_name,
        JobQueue=job_queue,
        JobDefinition=job_definition,
        Parameters=parameters,
        ContainerOverrides=container_overrides,
    )
    return call_task(name, "batch", "submitJob", pattern_of(name, sync=sync), payload, options=options)


def glue_start_job_run(
    name: str, *, job_name: Value, arguments: Value = None, sync: bool = False, **options: Any
) -> Task:
    """`glue:startJobRun`: start a Glue job run; `sync=True` waits until it ends."""
    payload = params(JobName=job_name, Arguments=arguments)
    return call_task(name, "glue", "startJobRun", pattern_of(name, sync=sync), payload, options=options)


def athena_start_query_execution(
    name: str,
    *,
    query_string: Value,
    work_group: Value = None,
    query_execution_context: Value = None,
    result_configuration: Value = None,
    sync: bool = False,
    **options: Any,
) -> Task:
    """`athena:startQueryExecution`: run a query; `sync=True` waits for its results."""
    payload = params(
        QueryString=query_string,
        WorkGroup=work_group,
        QueryExecutionContext=query_execution_context,
        ResultConfiguration=result_configuration,
    )
    return call_task(
        name, "athena", "startQueryExecution", pattern_of(name, sync=sync), payload, options=options
    )


def bedrock_invoke_model(
    name: str,
    *,
    model_id: Value,
    body: Value = None,
    content_type: Value = None,
    accept: Value = None,
    input: Value = None,
    output: Value = None,
    **options: Any,
) -> Task:
    """`bedrock:invokeModel`: run a foundation model on `body` (JSON) or an S3 `input`."""
    payload = params(
        ModelId=model_id, Body=body, ContentType=content_type, Accept=accept, Input=input, Output=output
    )
    return call_task(name, "bedrock", "invokeModel", "", payload, options=options)
