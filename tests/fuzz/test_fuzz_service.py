"""Property: the in-process Step Functions service answers anything with a response or an
`SfnError` (AWS's error shape), never a crash, and every execution it starts finishes.

Two kinds of call: `create_state_machine` + `start_execution` with the mutated working
definitions the API fuzz test uses (one left waiting on a callback is
stopped, and must then finish), and any served action with arbitrary parameters (names
from the API, values arbitrary JSON), as a careless or hostile SDK caller would send them.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from flowdsl.service import Client
from flowdsl.service.client import OPERATIONS
from flowdsl.service.errors import SfnError
from tests.fuzz.test_fuzz_api import FINISHED, FUZZ, JSON, mutated

ROLE = "arn:aws:iam::123456789012:role/fuzz"
PARAMETERS = st.sampled_from(
    [
        "name", "definition", "roleArn", "type", "stateMachineArn", "executionArn", "input", "taskToken",
        "output", "error", "cause", "activityArn", "workerName", "maxResults", "nextToken", "statusFilter",
        "reverseOrder", "includeExecutionData", "resourceArn", "tags", "tagKeys", "loggingConfiguration",
        "tracingConfiguration", "inspectionLevel", "revealSecrets", "variables", "stateName", "mapRunArn",
        "publish", "versionDescription", "revisionId", "description", "routingConfiguration",
        "stateMachineVersionArn", "stateMachineAliasArn", "clientToken", "redriveFilter",
    ]
)  # fmt: skip


def _client() -> Client:
    return Client()


@FUZZ
@given(mutated(), JSON)
def test_mutated_definitions_are_created_and_run_or_refused(definition: Any, payload: Any) -> None:
    sfn = _client()
    try:
        arn = sfn.create_state_machine(name="fuzz", definition=json.dumps(definition), roleArn=ROLE)
        run = sfn.start_execution(stateMachineArn=arn["stateMachineArn"], input=json.dumps(payload))
    except SfnError as exc:
        assert exc.response["Error"]["Code"]
        return
    described = sfn.wait(run["executionArn"], timeout=10)
    if described["status"] == "RUNNING":  # waiting on a callback or an activity: stop ends it
        sfn.stop_execution(executionArn=run["executionArn"])
        described = sfn.wait(run["executionArn"], timeout=10)
    assert described["status"] in FINISHED
    history = sfn.get_execution_history(executionArn=run["executionArn"])
    assert history["events"]


@FUZZ
@given(st.sampled_from(sorted(OPERATIONS)), st.dictionaries(PARAMETERS, JSON, max_size=4))
def test_any_action_with_any_parameters_answers_in_aws_shape(operation: str, parameters: Any) -> None:
    sfn = _client()
    try:
        response = getattr(sfn, operation)(**parameters)
    except SfnError as exc:
        assert exc.response["Error"]["Code"] and "\n" not in str(exc.response["Error"]["Message"])
        return
    assert isinstance(response, dict)
