"""The task hook: how a served execution runs the Tasks the plain engine cannot.

`flowdsl.engine.execute(task_hook=...)` asks this hook first for every unmocked Task. It
runs, on the execution's own thread:

- activities (`arn:aws:states:<region>:<account>:activity:<name>`): queued for
  `GetActivityTask`, then paused until `SendTaskSuccess`/`Failure` or a timeout;
- `.waitForTaskToken` callbacks: the call is submitted (for real through the AWS endpoint,
  or to a bound handler), then the task waits for its token to be answered;
- nested `states:startExecution` on served state machines, and service integrations through
  `--aws-endpoint` (`integrations.py`);

and leaves everything else (Lambda functions with a bound handler) to the engine. A wait
takes real time; on the virtual clock the lane's time moves by the time really waited.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from flowdsl.engine import lambda_
from flowdsl.engine.errors import ExecutionAbortError, StateError
from flowdsl.engine.runtime import TIMEOUT_CAUSE, Scope
from flowdsl.engine.task import NO_TIMEOUT, TIMEOUTS, UNHANDLED, Limits, TaskStep, account_of
from flowdsl.engine.weight import weight_of
from flowdsl.model.resources import invoked_function, parse_arn, task_resource_names
from flowdsl.service import integrations
from flowdsl.service.tokens import Activity, Pending

if TYPE_CHECKING:
    from flowdsl.service.executions import ExecutionRecord

Json = Any
_LAMBDA_STYLES = frozenset({"lambda", "invoke"})


class Dispatcher:
    """The task hook of one execution (`record`)."""

    def __init__(self, record: ExecutionRecord) -> None:
        self.record = record
        self.service = record.service

    def __call__(self, step: TaskStep, effective: Json, scope: Scope, limits: Limits, context: Json) -> Json:
        self.record.attach(scope.run)
        self._check_stop(scope)  # a stop that came between tasks ends the run at the next one
        resource = step.resource
        arn = parse_arn(resource)
        if arn is not None and arn.kind == "activity":
            return self._finish(scope, self.activity(step, effective, scope, limits))
        if step.wait_token:
            return self._finish(scope, self.callback(step, effective, scope, limits, context))
        if step.style in _LAMBDA_STYLES and self._handler(step, effective, scope) is not None:
            return UNHANDLED
        return self._finish(scope, self.integration(step, effective, scope))

    def _finish(self, scope: Scope, result: Json) -> Json:
        scope.result_weight = weight_of(result)
        return result

    def integration(self, step: TaskStep, effective: Json, scope: Scope) -> Json:
        """A request-response (or `.sync`) integration, with the engine's task events."""
        return step.recorded(scope, effective, lambda: self._call(step, effective, scope))

    def _call(self, step: TaskStep, effective: Json, scope: Scope) -> Json:
        nested = self.service.nested_call(step.resource, effective, self.record, scope)
        if nested is not UNHANDLED:
            return nested
        if not self.service.endpoint:
            raise _no_endpoint(step)
        session, region = self.service.session(), scope.run.region
        if step.style == "lambda":
            return integrations.invoke_function(step.resource, effective, session, region)
        return integrations.call(step.resource, effective, session, region, lambda: self._check_stop(scope))

    def callback(self, step: TaskStep, effective: Json, scope: Scope, limits: Limits, context: Json) -> Json:
        """`.waitForTaskToken`: submit the call, then wait for the token's answer (TaskSubmitted)."""
        token = _token_of(context) or scope.run.new_id()
        events = step.events(scope)
        events.scheduled(scope, effective)
        pending = self._pending(token, effective, limits)
        try:
            submitted = self._submit(step, effective, scope)
        except StateError as failure:
            self.service.tokens.close(token)
            events.failed(scope, failure)
            raise
        kind, name = task_resource_names(step.resource)
        details = {"resourceType": kind, "resource": name, "output": submitted}
        scope.run.history.add(scope.lane, "TaskSubmitted", "taskSubmittedEventDetails", details)
        try:
            result = self._await(pending, scope, limits)
        except StateError as failure:
            events.failed(scope, failure)
            raise
        events.succeeded(scope, result)
        return result

    def _submit(self, step: TaskStep, effective: Json, scope: Scope) -> Json:
        """The submitted call's response: the endpoint's, a bound handler's, or none (`{}`)."""
        base = step.resource.removesuffix(".waitForTaskToken")
        nested = self.service.nested_call(base, effective, self.record, scope)
        if nested is not UNHANDLED:
            return nested
        handler = self._handler(step, effective, scope)
        if handler is not None:
            payload = effective.get("Payload", effective) if isinstance(effective, dict) else effective
            run = scope.run
            context = lambda_.LambdaContext(
                step.function or "", run.region, account_of(run), run.new_id(), 3000
            )
            lambda_.invoke(handler, payload, context, step.resource)  # its result is not the task's
            return {"StatusCode": 202}
        if self.service.endpoint:
            return integrations.call(base, effective, self.service.session(), scope.run.region)
        # No endpoint: the token is in the TaskScheduled parameters, for a test to answer.
        return {}

    def activity(self, step: TaskStep, effective: Json, scope: Scope, limits: Limits) -> Json:
        """An activity task: ActivityScheduled, ActivityStarted when a worker takes it, then its answer."""
        arn = step.resource
        add = scope.run.history.add
        scheduled: dict[str, Json] = {"resource": arn, "input": effective}
        scheduled.update(_limit_fields(limits))
        activity = self.service.activity(arn)
        if activity is None:
            cause = f"The activity '{arn}' does not exist."
            add(scope.lane, "ActivityScheduleFailed", "activityScheduleFailedEventDetails",
                {"error": "States.Runtime", "cause": cause})  # fmt: skip
            raise StateError("States.Runtime", cause)
        add(scope.lane, "ActivityScheduled", "activityScheduledEventDetails", scheduled)
        pending = self._pending(self.service.new_token(), effective, limits)
        activity.offer(pending)
        try:
            result = self._await(pending, scope, limits, activity)
        except StateError as failure:
            kind = "ActivityTimedOut" if failure.error in TIMEOUTS else "ActivityFailed"
            details = {"error": failure.error, "cause": failure.cause}
            add(scope.lane, kind, f"{kind[0].lower()}{kind[1:]}EventDetails", details)
            raise
        finally:
            activity.withdraw(pending)
        add(scope.lane, "ActivitySucceeded", "activitySucceededEventDetails", {"output": result})
        return result

    def _pending(self, token: str, effective: Json, limits: Limits) -> Pending:
        now = time.monotonic()
        pending = Pending(
            token, json.dumps(effective, ensure_ascii=False), limits.heartbeat, now + limits.timeout
        )
        self.service.tokens.register(pending)
        return pending

    def _await(
        self, pending: Pending, scope: Scope, limits: Limits, activity: Activity | None = None
    ) -> Json:
        """Wait for the answer; the lane's clock moves by the real time waited."""
        started, base = time.monotonic(), scope.lane.now
        reported = activity is None
        self.record.waiting.add(pending)
        try:
            with pending.changed:
                while True:
                    scope.lane.now = base + (time.monotonic() - started)
                    self._check_stop(scope)
                    if not reported and pending.worker is not None:
                        reported = True
                        details = {"workerName": pending.worker}
                        scope.run.history.add(
                            scope.lane, "ActivityStarted", "activityStartedEventDetails", details
                        )
                    if pending.outcome is not None:
                        return _outcome(pending.outcome)
                    left = min(pending.expires() - time.monotonic(), scope.run.deadline - scope.lane.now)
                    if left <= 0:
                        if scope.lane.now >= scope.run.deadline:  # the machine's TimeoutSeconds
                            scope.lane.now = scope.run.deadline
                            raise ExecutionAbortError("TIMED_OUT", "States.Timeout", TIMEOUT_CAUSE)
                        raise StateError(_timeout_error(pending), None)
                    pending.changed.wait(left)
        finally:
            self.record.waiting.discard(pending)
            self.service.tokens.close(pending.token)

    def _check_stop(self, scope: Scope) -> None:
        stop = self.record.stop_request
        if stop is not None:
            raise ExecutionAbortError("ABORTED", stop[0], stop[1])  # type: ignore[arg-type]

    def _handler(self, step: TaskStep, effective: Json, scope: Scope) -> Any:
        function = step.function
        if function is None and isinstance(effective, dict):
            name = effective.get("FunctionName")
            function = invoked_function(name) if isinstance(name, str) else None
        return scope.run.handlers.get(function or "") or scope.run.handlers.get(step.resource)


def _timeout_error(pending: Pending) -> str:
    heartbeat_first = not pending.queued and pending.beat + pending.heartbeat < pending.deadline
    return "States.HeartbeatTimeout" if heartbeat_first else "States.Timeout"


def _outcome(outcome: tuple[Any, ...]) -> Json:
    if outcome[0] == "success":
        return outcome[1]
    raise StateError(outcome[1], outcome[2])


def _token_of(context: Json) -> str | None:
    task = context.get("Task") if isinstance(context, dict) else None
    token = task.get("Token") if isinstance(task, dict) else None
    return token if isinstance(token, str) else None


def _limit_fields(limits: Limits) -> dict[str, int]:
    fields: dict[str, int] = {}
    if limits.timeout < NO_TIMEOUT:
        fields["timeoutInSeconds"] = int(limits.timeout)
    if limits.heartbeat < NO_TIMEOUT:
        fields["heartbeatInSeconds"] = int(limits.heartbeat)
    return fields


def _no_endpoint(step: TaskStep) -> StateError:
    """The one-line reason an integration cannot run here, naming the state and the ways to fix it."""
    handler = " or bind a handler (--handlers module:function=Name)," if step.style in _LAMBDA_STYLES else ""
    return StateError(
        "States.Runtime",
        f"state '{step.name}' calls '{step.resource}', which needs an AWS endpoint: start flowdsl serve "
        f"with --aws-endpoint URL (or set AWS_ENDPOINT_URL) to call it for real,{handler} or mock the "
        "state (--mock FILE)",
    )
