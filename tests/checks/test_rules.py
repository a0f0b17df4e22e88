"""Rule behaviour beyond one-code cases: what must pass, and what must be caught together."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.checks import check_document

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:Work"


def machine(states: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states, **top}


def codes(doc: dict[str, Any]) -> list[str]:
    return sorted(d.code for d in check_document(doc))


def map_of(inner: dict[str, Any], **fields: Any) -> dict[str, Any]:
    processor = {"StartAt": next(iter(inner)), "States": inner, **fields.pop("processor", {})}
    return {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}


CLEAN: dict[str, dict[str, Any]] = {
    "placeholder-resource": machine({"A": {"Type": "Task", "Resource": "${WorkFunctionArn}", "End": True}}),
    "cfn-intrinsic-resource": machine(
        {"A": {"Type": "Task", "Resource": {"Fn::GetAtt": ["F", "Arn"]}, "End": True}}
    ),
    "sync-integration": machine(
        {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:states:::batch:submitJob.sync",
                "TimeoutSeconds": 3600,
                "End": True,
            }
        }
    ),
    "sdk-integration": machine(
        {"A": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2", "End": True}}
    ),
    "activity": machine(
        {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:x", "End": True}}
    ),
    "lambda-alias": machine({"A": {"Type": "Task", "Resource": LAMBDA + ":$LATEST", "End": True}}),
    "loop-with-exit": machine(
        {
            "Poll": {"Type": "Task", "Resource": LAMBDA, "Next": "Done?"},
            "Done?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.done", "BooleanEquals": True, "Next": "End"}],
                "Default": "Wait",
            },
            "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
            "End": {"Type": "Succeed"},
        }
    ),
    "intrinsics": machine(
        {
            "A": {
                "Type": "Pass",
                "Parameters": {
                    "f.$": "States.Format('{} {}', $.a, States.ArrayLength($.b))",
                    "u.$": "States.UUID()",
                    "ctx.$": "$$.Execution.Id",
                    "slice.$": "$.vals[3:]",
                    "filter.$": "$.items[?(@.k == Name)].v",
                },
                "End": True,
            }
        }
    ),
    "jsonata-result-in-output": machine(
        {
            "T": {
                "Type": "Task",
                "Resource": LAMBDA,
                "Output": "{% $states.result.Payload %}",
                "Catch": [
                    {"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "F"}
                ],
                "End": True,
            },
            "F": {"Type": "Fail"},
        },
        QueryLanguage="JSONata",
    ),
    "variable-assigned-on-every-path": machine(
        {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "IsPresent": True, "Assign": {"v": 1}, "Next": "Use"}],
                "Default": "Other",
            },
            "Other": {"Type": "Pass", "Assign": {"v": 2}, "Next": "Use"},
            "Use": {"Type": "Pass", "Parameters": {"v.$": "$v"}, "End": True},
        }
    ),
    "inner-scope-reads-outer-variable": machine(
        {
            "Init": {"Type": "Pass", "Assign": {"limit": 3}, "Next": "M"},
            "M": map_of(
                {"Use": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $limit %}", "End": True}}
            ),
        }
    ),
    "jsonata-local-bindings": machine(
        {
            "A": {
                "Type": "Pass",
                "Output": "{% ($f := function($v) { $v * 2 }; $map([1, 2], $f) ~> $sum()) %}",
                "End": True,
            }
        },
        QueryLanguage="JSONata",
    ),
    "parallel-own-assign-after-branches": machine(
        {
            "P": {
                "Type": "Parallel",
                "QueryLanguage": "JSONata",
                "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}],
                "Assign": {"all": "{% $states.result %}"},
                "Next": "Use",
            },
            "Use": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $all %}", "End": True},
        }
    ),
    "jsonata-root-and-context": machine(
        {"A": {"Type": "Pass", "Output": "{% $states.input.items[$.x > 1].($$.y) %}", "End": True}},
        QueryLanguage="JSONata",
    ),
    "string-path-comparison": machine(
        {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.a", "StringEqualsPath": "$.b", "Next": "D"}],
                "Default": "D",
            },
            "D": {"Type": "Succeed"},
        }
    ),
    "null-paths": machine({"A": {"Type": "Pass", "InputPath": None, "ResultPath": None, "End": True}}),
}


@pytest.mark.parametrize("doc", CLEAN.values(), ids=CLEAN.keys())
def test_valid_machines_have_no_diagnostics(doc: dict[str, Any]) -> None:
    assert codes(doc) == []


FOUND: dict[str, tuple[dict[str, Any], list[str]]] = {
    "structure-error-does-not-hide-graph-errors": (
        machine(
            {"A": {"Type": "Pass", "Bogus": 1, "Next": "Nowhere"}, "B": {"Type": "Pass", "End": True}},
        ),
        ["unknown-field", "unknown-target", "unreachable-state"],
    ),
    "invalid-state-type-keeps-its-transition": (
        machine({"A": {"Type": "Sleep", "Next": "B"}, "B": {"Type": "Succeed"}, "C": {"Type": "Succeed"}}),
        ["invalid-state-type", "unreachable-state"],
    ),
    "variable-assigned-on-one-branch-only": (
        machine(
            {
                "C": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.x", "IsPresent": True, "Assign": {"v": 1}, "Next": "Use"}],
                    "Default": "Use",
                },
                "Use": {"Type": "Pass", "Parameters": {"v.$": "$v"}, "End": True},
            }
        ),
        ["undefined-variable"],
    ),
    "variable-read-in-the-assigning-state": (
        machine({"A": {"Type": "Pass", "Assign": {"x": 1, "y.$": "$x"}, "End": True}}),
        ["undefined-variable"],
    ),
    "branch-variable-invisible-outside": (
        machine(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        {"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"x": 1}, "End": True}}}
                    ],
                    "Next": "Use",
                },
                "Use": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": True},
            }
        ),
        ["undefined-variable"],
    ),
    "distributed-map-cannot-read-parent-variables": (
        machine(
            {
                "Init": {"Type": "Pass", "Assign": {"limit": 3}, "Next": "M"},
                "M": map_of(
                    {"Use": {"Type": "Pass", "Parameters": {"l.$": "$limit"}, "End": True}},
                    processor={"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}},
                ),
            }
        ),
        ["undefined-variable"],
    ),
    "states-result-in-pass-output": (
        machine(
            {"A": {"Type": "Pass", "Output": "{% $states.result %}", "End": True}}, QueryLanguage="JSONata"
        ),
        ["states-result-not-allowed"],
    ),
    "error-output-outside-catch": (
        machine(
            {"A": {"Type": "Task", "Resource": LAMBDA, "Output": "{% $states.errorOutput %}", "End": True}},
            QueryLanguage="JSONata",
        ),
        ["states-result-not-allowed"],
    ),
    "jsonata-surround-unclosed": (
        machine({"A": {"Type": "Pass", "Output": "{% 10 %", "End": True}}, QueryLanguage="JSONata"),
        ["invalid-jsonata"],
    ),
    "states-all-not-alone": (
        machine(
            {
                "A": {
                    "Type": "Task",
                    "Resource": LAMBDA,
                    "Retry": [{"ErrorEquals": ["States.ALL", "X"]}],
                    "End": True,
                }
            }
        ),
        ["misplaced-states-all"],
    ),
    "filter-in-result-path": (
        machine({"A": {"Type": "Task", "Resource": LAMBDA, "ResultPath": "$.a[?(@.b)]", "End": True}}),
        ["not-reference-path"],
    ),
    "intrinsic-in-input-path": (
        machine({"A": {"Type": "Pass", "InputPath": "States.Array($.a)", "End": True}}),
        ["invalid-path"],
    ),
    "leading-space-before-intrinsic": (
        machine({"A": {"Type": "Pass", "Parameters": {"a.$": " States.Array($.a)"}, "End": True}}),
        ["invalid-payload-path"],
    ),
    "misspelt-target-does-not-also-orphan-its-state": (
        machine({"A": {"Type": "Pass", "Next": "Finsh"}, "Finish": {"Type": "Succeed"}}),
        ["unknown-target"],
    ),
    "leading-underscore-variable": (
        machine({"A": {"Type": "Pass", "Assign": {"_x": 1}, "End": True}}),
        ["invalid-variable-name"],
    ),
    "string-comparison-holding-a-path": (
        machine(
            {
                "C": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.a", "StringEquals": "$.b", "Next": "D"}],
                    "Default": "D",
                },
                "D": {"Type": "Succeed"},
            }
        ),
        ["no-path"],
    ),
    "distributed-map-without-execution-type": (
        machine(
            {
                "M": map_of(
                    {"B": {"Type": "Pass", "End": True}},
                    processor={"ProcessorConfig": {"Mode": "DISTRIBUTED"}},
                )
            }
        ),
        ["missing-field"],
    ),
    "variable-on-a-combinator": (
        machine(
            {
                "C": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.x", "And": [{"Variable": "$.y", "IsNull": True}], "Next": "D"}
                    ],
                    "Default": "D",
                },
                "D": {"Type": "Succeed"},
            }
        ),
        ["invalid-choice-rule"],
    ),
    "variable-in-result-path-is-one-error": (
        machine({"A": {"Type": "Task", "Resource": LAMBDA, "ResultPath": "$a.b", "End": True}}),
        ["invalid-result-path"],
    ),
    "bad-list-item-is-one-error": (
        machine({"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": [True]}], "End": True}}),
        ["invalid-type"],
    ),
    "missing-required-field-keeps-the-graph": (
        machine({"A": {"Type": "Task", "Next": "B"}, "B": {"Type": "Succeed"}, "C": {"Type": "Succeed"}}),
        ["missing-field", "unreachable-state"],
    ),
    "eval-is-not-available": (
        machine({"A": {"Type": "Pass", "Output": "{% $eval('1') %}", "End": True}}, QueryLanguage="JSONata"),
        ["unknown-jsonata-function"],
    ),
    "unclosed-placeholder": (
        machine({"A": {"Type": "Task", "Resource": "${WorkFunctionArn", "End": True}}),
        ["invalid-resource"],
    ),
}


@pytest.mark.parametrize(("doc", "expected"), FOUND.values(), ids=FOUND.keys())
def test_problems_are_found(doc: dict[str, Any], expected: list[str]) -> None:
    assert codes(doc) == expected


def test_messages_are_one_lower_case_line_with_names_quoted() -> None:
    doc = machine({"Open Case": {"Type": "Pass", "Next": "Asign Case"}, "Assign Case": {"Type": "Succeed"}})
    (found,) = check_document(doc)
    assert (
        found.message == "state 'Open Case' -> Next 'Asign Case' does not exist (did you mean 'Assign Case'?)"
    )
    assert found.location == "/States/Open Case/Next"


def test_not_an_object() -> None:
    assert [d.code for d in check_document([1, 2])] == ["not-an-object"]


def test_no_terminal_path_is_reported_once_per_loop() -> None:
    loop = {f"S{i}": {"Type": "Pass", "Next": f"S{(i + 1) % 3}"} for i in range(3)}
    found = check_document(machine(loop))
    assert [d.code for d in found] == ["no-terminal-path"]
    assert "'S0', 'S1', 'S2'" in found[0].message


VALID_RESOURCES = [
    "arn:aws:states:::lambda:invoke.waitForTaskToken",
    "arn:aws:states:::states:startExecution.sync:2",
    "arn:aws:states:::http:invoke",
    "arn:aws:states:::aws-sdk:dynamodb:getItem",
    "arn:aws:states:::ecs:runTask.sync",
    "arn:aws:states:::events:putEvents.waitForTaskToken",
    "arn:aws:states:::bedrock:invokeModel",
    "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:Work:7",
    "arn:aws-cn:states:::sqs:sendMessage",
    "arn:aws:lambda:us-east-1:123456789012:function:Work:prod",
    "${WorkFunctionArn}",
    "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Name}",
]


# Warnings about the waiting Task as a whole (no timeout, no token in an absent payload), not
# about its Resource; tests/checks/cases has a case for each.
WAITING_WARNINGS = {"task-without-timeout", "missing-task-token"}


@pytest.mark.parametrize("resource", VALID_RESOURCES)
def test_real_resources_are_accepted(resource: str) -> None:
    found = codes(machine({"A": {"Type": "Task", "Resource": resource, "End": True}}))
    assert [code for code in found if code not in WAITING_WARNINGS] == []


INVALID_RESOURCES = {
    "empty-alias": "arn:aws:lambda:us-east-1:123456789012:function:Work:",
    "bad-alias": "arn:aws:lambda:us-east-1:123456789012:function:Work:$*#",
    "no-function": "arn:aws:lambda:us-east-1:123456789012:Work",
    "state-machine-as-resource": "arn:aws:states:us-east-1:123456789012:stateMachine:Other",
    "unclosed": "${lambdaArn",
    # `$` in a Python regex also matches before a final newline; the name must end the ARN.
    "trailing-newline": "arn:aws:lambda:us-east-1:123456789012:function:Work\n",
}


@pytest.mark.parametrize("resource", INVALID_RESOURCES.values(), ids=INVALID_RESOURCES.keys())
def test_malformed_resources_are_errors(resource: str) -> None:
    assert codes(machine({"A": {"Type": "Task", "Resource": resource, "End": True}})) == ["invalid-resource"]


HINTS = {
    "field-of-another-state-type": (
        {"A": {"Type": "Choice", "Parameters": {}, "Choices": [], "Default": "B"}, "B": {"Type": "Succeed"}},
        "unknown field 'Parameters': a Choice state has no 'Parameters'",
    ),
    "misspelt-field": (
        {"A": {"Type": "Pass", "bugInputPath": "$", "End": True}},
        "unknown field 'bugInputPath' (did you mean 'InputPath'?)",
    ),
    "misspelt-retrier-field": (
        {
            "A": {
                "Type": "Task",
                "Resource": LAMBDA,
                "Retry": [{"ErrorEquals": ["X"], "MaxAttempt": 2}],
                "End": True,
            }
        },
        "unknown field 'MaxAttempt' (did you mean 'MaxAttempts'?)",
    ),
    "list-items-are-named-by-their-list": (
        {"A": {"Type": "Task", "Resource": LAMBDA, "Retry": [{"ErrorEquals": [True]}], "End": True}},
        "'ErrorEquals[0]': input should be a valid string",
    ),
    "terminal-state-with-a-misspelt-next": (
        {"A": {"Type": "Succeed", "Nxt": "A"}},
        "unknown field 'Nxt' (a misspelt 'Next'? a Succeed state has no 'Next' either)",
    ),
}


@pytest.mark.parametrize(("states", "message"), HINTS.values(), ids=HINTS.keys())
def test_structure_errors_come_with_a_hint(states: dict[str, Any], message: str) -> None:
    assert message in [d.message for d in check_document(machine(states))]
