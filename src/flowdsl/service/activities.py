"""Activities, task tokens and tags: the Step Functions actions that are not about executions."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Mapping
from typing import Any, TypeVar

from flowdsl.service.errors import SfnError, fail
from flowdsl.service.paging import page, when
from flowdsl.service.tokens import Activity, Tokens

Json = Any
T = TypeVar("T")
# AWS: 1-80 characters, none of whitespace, brackets, wildcards, `"#%\\^|~`$&,;:/` or controls.
_NAME = re.compile(r"^[^\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]{1,80}\Z")


class ActivityActions:
    """The activity, task token and tag actions of `Service` (same conventions as core.py)."""

    tokens: Tokens
    lock: threading.RLock
    poll_seconds: float
    tags: dict[str, dict[str, str]]

    def _arn(self, kind: str, *names: str) -> str:
        raise NotImplementedError

    def activity(self, arn: str) -> Activity | None:
        return self.tokens.activities.get(arn)

    # -- task tokens and activities ---------------------------------------------------------------

    def send_task_success(self, **params: Any) -> dict[str, Json]:
        output = required(params, "output")
        try:
            value = json.loads(output)
        except ValueError:
            raise fail("InvalidOutput", "Invalid Output: the output is not JSON") from None
        self.tokens.answer(required(params, "taskToken"), ("success", value))
        return {}

    def send_task_failure(self, **params: Any) -> dict[str, Json]:
        self.tokens.answer(
            required(params, "taskToken"), ("failure", params.get("error"), params.get("cause"))
        )
        return {}

    def send_task_heartbeat(self, **params: Any) -> dict[str, Json]:
        self.tokens.answer(required(params, "taskToken"), None)
        return {}

    def create_activity(self, **params: Any) -> dict[str, Json]:
        name = required(params, "name")
        check_name(name)
        arn = self._arn("activity", name)
        with self.lock:
            activity = self.tokens.activities.setdefault(arn, Activity(arn, name, round(time.time(), 3)))
        return {"activityArn": arn, "creationDate": when(activity.created)}

    def describe_activity(self, **params: Any) -> dict[str, Json]:
        activity = self._activity(required(params, "activityArn"))
        return {"activityArn": activity.arn, "name": activity.name, "creationDate": when(activity.created)}

    def delete_activity(self, **params: Any) -> dict[str, Json]:
        arn = required(params, "activityArn")
        check_arn(arn, "activity")
        with self.lock:
            self.tokens.activities.pop(arn, None)
        return {}

    def list_activities(self, **params: Any) -> dict[str, Json]:
        with self.lock:
            activities = sorted(self.tokens.activities.values(), key=lambda a: a.name)
        items, token = page(activities, params.get("maxResults"), params.get("nextToken"))
        listed = [{"activityArn": a.arn, "name": a.name, "creationDate": when(a.created)} for a in items]
        return with_token({"activities": listed}, token)

    def get_activity_task(self, **params: Any) -> dict[str, Json]:
        """Long poll: a task of the activity, or `{}` after `poll_seconds` (AWS: 60) without one."""
        activity = self._activity(required(params, "activityArn"))
        pending = activity.take(params.get("workerName"), self.poll_seconds)
        if pending is None:
            return {}
        return {"taskToken": pending.token, "input": pending.input}

    def _activity(self, arn: str) -> Activity:
        return lookup(self.lock, self.tokens.activities, arn, "activity", "ActivityDoesNotExist")

    def tag_resource(self, **params: Any) -> dict[str, Json]:
        arn = required(params, "resourceArn")
        tags = self.tags.setdefault(arn, {})
        tags.update({tag["key"]: tag["value"] for tag in params.get("tags", [])})
        return {}

    def untag_resource(self, **params: Any) -> dict[str, Json]:
        tags = self.tags.get(required(params, "resourceArn"), {})
        for key in params.get("tagKeys", []):
            tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, **params: Any) -> dict[str, Json]:
        tags = self.tags.get(required(params, "resourceArn"), {})
        return {"tags": [{"key": key, "value": value} for key, value in tags.items()]}


def required(params: Mapping[str, Any], key: str) -> Any:
    """A required request member, or AWS's ValidationException when it is missing."""
    value = params.get(key)
    if value is None:
        raise missing(key)
    return value


def missing(key: str) -> SfnError:
    """AWS's ValidationException for a required member that is absent (or null)."""
    constraint = "Member must not be null"
    return fail("ValidationException", f"1 validation error detected: Value null at '{key}': {constraint}")


def check_name(name: Any) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("InvalidName", f"Invalid Name: '{name}'")


def check_arn(arn: Any, kind: str) -> None:
    if not isinstance(arn, str) or f":{kind}:" not in arn or not arn.startswith("arn:"):
        raise fail("InvalidArn", f"Invalid Arn: '{arn}'")


def lookup(lock: threading.RLock, table: Mapping[str, T], arn: Any, kind: str, error: str) -> T:
    """What `arn` (an ARN of `kind`) names in `table`; else InvalidArn, or `error` worded as AWS
    words it (`StateMachineDoesNotExist` -> "State Machine Does Not Exist: '<arn>'")."""
    check_arn(arn, kind)
    with lock:
        found = table.get(arn)
    if found is None:
        raise fail(error, f"{re.sub(r'(?<!^)(?=[A-Z])', ' ', error)}: '{arn}'")
    return found


def with_token(response: dict[str, Json], token: str | None) -> dict[str, Json]:
    if token is not None:
        response["nextToken"] = token
    return response
