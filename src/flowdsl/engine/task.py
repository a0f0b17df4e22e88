"""Task states: Lambda handlers run in-process, mocks stand in for every other service."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flowdsl.engine import lambda_
from flowdsl.engine.dataflow import MISSING, Leaving
from flowdsl.engine.errors import StateError, UnboundTaskError
from flowdsl.engine.mocks import MockError, Return, Throw, response_for
from flowdsl.engine.recovery import RecoveringStep
from flowdsl.engine.runtime import Scope
from flowdsl.engine.weight import weight_of, weight_of_text
from flowdsl.engine.worker import INTERRUPTS, HandlerTimeout
from flowdsl.model import TaskState
from flowdsl.model.integrations.call import parse_call
from flowdsl.model.resources import invoked_function, lambda_function_name, parse_arn, task_resource_names

Json = Any
NO_TIMEOUT = 99_999_999.0  # AWS's default TimeoutSeconds for a Task: effectively none
_INVOKE_METADATA = 1024  # more than the Invoke API response around a payload adds (invoke_response)


UNHANDLED: Any = object()
"""What a `Run.task_hook` returns for a task it leaves to the engine's handlers and mocks."""
TIMEOUTS = frozenset({"States.Timeout", "States.HeartbeatTimeout"})


class Limits:
    """A task attempt's TimeoutSeconds and HeartbeatSeconds (`NO_TIMEOUT` when unset).

    - `first`: the limit a call that sends no heartbeat meets first;
    - `error`: the error of a call running past `first`: "States.HeartbeatTimeout" is what AWS
      names a missed heartbeat (AWS docs, "Error names"), "States.Timeout" a task's TimeoutSeconds.

    Worked out once: a Task with constant limits keeps one Limits for every call.
    """

    __slots__ = ("error", "first", "heartbeat", "timeout")

    def __init__(self, timeout: float, heartbeat: float) -> None:
        self.timeout = timeout
        self.heartbeat = heartbeat
        self.first = min(timeout, heartbeat)
        self.error = "States.HeartbeatTimeout" if heartbeat < timeout else "States.Timeout"


class TaskStep(RecoveringStep):
    """A Task: resolves what it calls (mock, handler), runs it, and records the task events."""

    __slots__ = ("function", "heartbeat", "limits", "recorder", "resource", "style", "timeout", "wait_token")

    def __init__(self, name: str, state: TaskState, flow: Any, uses_context: bool) -> None:
        super().__init__(name, state, flow, uses_context)
        self.resource = _resource_text(state.resource)
        self.wait_token = self.resource.endswith(".waitForTaskToken")
        call = parse_call(self.resource)  # any partition, with or without a region and account
        invokes = call is not None and call.is_lambda_invoke and call.pattern != ".sync:2"
        self.style = "invoke" if invokes else "service"
        self.function = None if self.style == "invoke" else lambda_function_name(self.resource)
        if self.function is not None:
            self.style = "lambda"
        self.timeout = flow.dynamic(state.timeout_seconds, state.timeout_seconds_path)
        self.heartbeat = flow.dynamic(state.heartbeat_seconds, state.heartbeat_seconds_path)
        # Worked out once when neither limit is a path or expression (the usual Task), else per attempt.
        self.limits = _constant_limits(self.timeout, self.heartbeat)
        # A Lambda ARN's events depend on the Resource alone; an integration's also on the run's region.
        self.recorder = _LambdaEvents(self.resource) if self.style == "lambda" else None

    def attempt(self, raw: Json, scope: Scope, context: Json) -> Leaving:
        if self.wait_token and context is not None:
            context = {**context, "Task": {"Token": scope.run.new_id()}}
        effective = self.flow.enter(raw, context, scope)
        limits = self.limits or self._limits(raw, effective, context, scope)
        result = self.call(effective, scope, limits, context)
        return self.flow.leave(raw, result, context, scope)

    def _limits(self, raw: Json, effective: Json, context: Json, scope: Scope) -> Limits:
        data = self.flow.subject(raw, effective)
        return Limits(
            self._seconds(self.timeout, "TimeoutSeconds", data, context, scope),
            self._seconds(self.heartbeat, "HeartbeatSeconds", data, context, scope),
        )

    def call(self, effective: Json, scope: Scope, limits: Limits, context: Json = None) -> Json:
        """The task's raw result, from its mock or its handler, with the task's history events.

        A `Run.task_hook` (set by `flowdsl.service` for callbacks, activities and real
        integrations) is asked first for every unmocked task; it returns `UNHANDLED` to leave
        the task to the handlers.
        """
        hook = scope.run.task_hook
        if hook is not None and self.name not in scope.run.mocks:
            outcome = hook(self, effective, scope, limits, context)
            if outcome is not UNHANDLED:
                return outcome
        return self.recorded(scope, effective, self._produce, effective, scope, limits)

    def recorded(self, scope: Scope, request: Json, produce: Callable[..., Json], *args: Any) -> Json:
        """`produce(*args)`'s result, between the Task's scheduled and succeeded (or failed) events."""
        events = self.events(scope)
        events.scheduled(scope, request)
        try:
            result = produce(*args)
        except StateError as failure:
            events.failed(scope, failure)
            raise
        events.succeeded(scope, result)
        return result

    def events(self, scope: Scope) -> _TaskEvents | _LambdaEvents:
        """The recorder of this task's history events (Lambda ARN or service integration style)."""
        return self.recorder or _TaskEvents(self.resource, scope.run.region)

    def _produce(self, effective: Json, scope: Scope, limits: Limits) -> Json:
        run = scope.run
        limit = limits.first
        if self.name in run.mocks:
            return self._mocked(effective, scope, limits)
        function = self.function if self.style == "lambda" else self._invoked_function(effective)
        handler = run.handlers.get(function or "") or run.handlers.get(self.resource)
        if handler is None:
            raise self._unbound(function)
        request_id = run.new_id()
        timeout = lambda_.timeout_ms(limit if limit < NO_TIMEOUT else None)
        context = lambda_.LambdaContext(
            function or self.resource, run.region, account_of(run), request_id, timeout
        )
        event = effective
        if self.style == "invoke":
            event = effective.get("Payload", {}) if isinstance(effective, dict) else {}
        # LocalStack's AWS-validated snapshots (error_handling/test_task_lambda and
        # test_task_service_lambda) show the two styles differ: a too-large result's cause names
        # a Lambda ARN Resource but the `lambda` service for the integration, and the
        # integration writes a function error's JSON compactly.
        named = "lambda" if self.style == "invoke" else self.resource
        try:
            result, size = lambda_.invoke(handler, event, context, named, limit)
            scope.result_weight = max(size, 2)
        except StateError as failure:
            if self.style != "invoke":
                raise
            raise lambda_.compacted(failure) from None
        except HandlerTimeout:
            # Still running at TimeoutSeconds of wall-clock time: AWS fails the Task with
            # States.Timeout. On the virtual clock the task then took its whole timeout.
            if not run.clock.real:
                context.elapsed = max(context.elapsed, limit)
            raise StateError("States.Timeout", None) from None
        finally:
            _spend(scope, context.elapsed, limits)
        if self.style == "invoke" and not self.wait_token:
            scope.result_weight += _INVOKE_METADATA
            return lambda_.invoke_response(result, request_id)
        return result

    def _mocked(self, effective: Json, scope: Scope, limits: Limits) -> Json:
        run = scope.run
        call = run.next_call(self.name)
        response = response_for(run.mocks[self.name], call)
        if response is None:
            raise StateError(
                "States.Runtime", f"the mock for state '{self.name}' has no response for call {call + 1}"
            )
        if isinstance(response, Return | Throw):
            _spend(scope, response.seconds, limits)
            if isinstance(response, Throw):
                raise StateError(response.error, response.cause)
            scope.result_weight = weight_of(response.value)
            return response.value
        try:
            result = response(lambda_.private(effective))
        except MockError as exc:
            raise StateError(exc.error, exc.cause) from None
        except INTERRUPTS:
            raise
        except BaseException as exc:  # reported as a handler's would be (lambda_failure)
            raise lambda_.lambda_failure(exc) from None
        copy, text = lambda_.marshalled(result)
        scope.result_weight = weight_of_text(text)
        return copy

    def _invoked_function(self, effective: Json) -> str | None:
        name = effective.get("FunctionName") if isinstance(effective, dict) else None
        if not isinstance(name, str):
            return None
        return invoked_function(name)

    def _unbound(self, function: str | None) -> Exception:
        # One hint for both audiences: the CLI flags and the Python API keywords.
        mock = f"mock the state (CLI: --mock FILE; API: mocks={{'{self.name}': Return(...)}})"
        how = mock
        if function:
            bind = f"CLI: --handlers module:function={function}; API: handlers={{'{function}': fn}}"
            how = f"bind a handler to Lambda function '{function}' ({bind}) or {mock}"
        return UnboundTaskError(
            self.name, f"state '{self.name}' calls '{self.resource}' but nothing is bound to it: {how}"
        )

    def _seconds(
        self, spec: tuple[Json, str | None], name: str, data: Json, context: Json, scope: Scope
    ) -> float:
        """TimeoutSeconds or HeartbeatSeconds (`name`): a positive integer, or no limit when unset."""
        constant, source = spec
        value = constant if source is None else self.flow.evaluate(source, data, context, scope, name)
        if value is MISSING or (value is None and (source is None or self.flow.lenient)):
            return NO_TIMEOUT
        if not _positive_int(value):
            cause = f"The {name} value {value!r} is not a positive integer."
            raise self.flow.unexpected(value, source, name, "positive integer", cause)
        return float(value)


class _TaskEvents:
    """History events of a service integration task (TaskScheduled, TaskStarted, ...)."""

    def __init__(self, resource: str, region: str) -> None:
        self.kind, self.name = task_resource_names(resource)
        self.region = region

    def scheduled(self, scope: Scope, parameters: Json) -> None:
        add = scope.run.history.add
        details = {
            "resourceType": self.kind,
            "resource": self.name,
            "region": self.region,
            "parameters": parameters,
        }
        add(scope.lane, "TaskScheduled", "taskScheduledEventDetails", details)
        add(
            scope.lane,
            "TaskStarted",
            "taskStartedEventDetails",
            {"resourceType": self.kind, "resource": self.name},
        )

    def succeeded(self, scope: Scope, output: Json) -> None:
        details = {"resourceType": self.kind, "resource": self.name, "output": output}
        scope.run.history.add(scope.lane, "TaskSucceeded", "taskSucceededEventDetails", details)

    def failed(self, scope: Scope, failure: StateError) -> None:
        kind = "TaskTimedOut" if failure.error in TIMEOUTS else "TaskFailed"
        details = {
            "resourceType": self.kind,
            "resource": self.name,
            "error": failure.error,
            "cause": failure.cause,
        }
        scope.run.history.add(scope.lane, kind, f"{kind[0].lower()}{kind[1:]}EventDetails", details)


class _LambdaEvents:
    """History events of a Task whose Resource is a Lambda ARN (LambdaFunctionScheduled, ...)."""

    def __init__(self, resource: str) -> None:
        self.resource = resource

    def scheduled(self, scope: Scope, event: Json) -> None:
        add = scope.run.history.add
        add(
            scope.lane,
            "LambdaFunctionScheduled",
            "lambdaFunctionScheduledEventDetails",
            {"resource": self.resource, "input": event},
        )
        add(scope.lane, "LambdaFunctionStarted")

    def succeeded(self, scope: Scope, output: Json) -> None:
        scope.run.history.add(
            scope.lane, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", {"output": output}
        )

    def failed(self, scope: Scope, failure: StateError) -> None:
        kind = "LambdaFunctionTimedOut" if failure.error in TIMEOUTS else "LambdaFunctionFailed"
        details = {"error": failure.error, "cause": failure.cause}
        scope.run.history.add(scope.lane, kind, f"{kind[0].lower()}{kind[1:]}EventDetails", details)


def _constant_limits(timeout: tuple[Json, str | None], heartbeat: tuple[Json, str | None]) -> Limits | None:
    """The limits of a Task whose TimeoutSeconds and HeartbeatSeconds are both constants (or
    unset) and valid; None when either must be evaluated, or refused, at run time (`_seconds`)."""
    seconds, heartbeat_seconds = _constant_seconds(*timeout), _constant_seconds(*heartbeat)
    if seconds is None or heartbeat_seconds is None:
        return None
    return Limits(seconds, heartbeat_seconds)


def _constant_seconds(value: Json, source: str | None) -> float | None:
    if source is not None:
        return None
    if value is MISSING or value is None:
        return NO_TIMEOUT
    return float(value) if _positive_int(value) else None


def _positive_int(value: Json) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _spend(scope: Scope, seconds: float, limits: Limits) -> None:
    """Let a call take `seconds` of the lane's time; past the task's timeout it is States.Timeout,
    past its HeartbeatSeconds (a call that sends no heartbeat) States.HeartbeatTimeout."""
    limit = limits.first
    if seconds >= limit:
        scope.run.sleep(scope.lane, limit)
        raise StateError(limits.error, None)
    scope.run.sleep(scope.lane, seconds)


def _resource_text(resource: str | dict[str, Json]) -> str:
    """A Resource as text; a CloudFormation `Fn::GetAtt`/`Ref` names its logical id."""
    if isinstance(resource, str):
        return resource
    target = resource.get("Fn::GetAtt") or resource.get("Ref") or ""
    return str(target[0] if isinstance(target, list) and target else target)


def account_of(run: Any) -> str:
    """The account of the running state machine's ARN (`$$.StateMachine.Id`), or the default."""
    return _account_in(run.machine["Id"])


@lru_cache(maxsize=256)
def _account_in(machine_arn: str) -> str:
    # Remembered: every Task call asks, and a run's machine ARN is usually the default one.
    arn = parse_arn(machine_arn)
    return arn.account if arn is not None and arn.account else "123456789012"
