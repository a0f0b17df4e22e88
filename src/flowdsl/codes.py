"""Every diagnostic code flowdsl can emit: where it comes from, its severity, what it means.

Codes are stable: tests, `flowdsl validate --ignore` and users' CI configurations refer to
them, and messages may be reworded while codes are not. Each code is listed under every stage
that reports it (`duplicate-state-name` from the compiler is the checker's rule, at the Python
line), with the severity that stage gives it. A `Diagnostic` refuses a code missing here, so
this table is complete; `docs/diagnostics.md` has one table per stage and a test keeps each
equal to the stage's entries here.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is: errors fail `flowdsl validate`, warnings never do."""

    ERROR = "error"
    WARNING = "warning"


E, W = Severity.ERROR, Severity.WARNING

# stage -> code -> (severity, one-line meaning), in the order of docs/diagnostics.md.
STAGES: dict[str, dict[str, tuple[Severity, str]]] = {
    # Writing the DSL: raised at the offending call (DslError)
    "dsl": {
        "already-chained": (
            E,
            "a state already continues to one state (or a Choice already has a default) and is chained to "
            "a second",
        ),
        "ambiguous-comparison": (
            E,
            "`S.a == S.b` with neither path typed: string, number, boolean or timestamp equality cannot be"
            " told apart",
        ),
        "chain-after-end": (
            E,
            "`>>` after a `Succeed`/`Fail` state, after a `Choice` (which has no single end), or after a "
            "chain with no open end",
        ),
        "condition-as-bool": (
            E,
            "a condition used as a Python bool: `and`, `or`, `not`, `1 < S.x < 3`, `S.x in (...)`",
        ),
        "invalid-branches": (E, "`Parallel(branches=...)` is not a list"),
        "invalid-catch": (E, "`catch=` is a lone `Catch` or holds something else"),
        "invalid-chain": (
            E,
            "something other than a state or chain is chained, e.g. a state's name as a str",
        ),
        "invalid-condition": (
            E,
            "a rule or comparison that is not a condition: a bare path, `None` (use `is_null`), a NaN, a "
            "boolean ordered with `<`, a typed path compared with another type",
        ),
        "invalid-error-equals": (E, "error names given to `Retry`/`Catch`/`.retry`/`.catch` are not strings"),
        "invalid-path": (
            E,
            "a path step is neither a str nor an int (`S[1.5]`), or `numeric()`/`string()`/... got "
            "something that is not a path",
        ),
        "invalid-retry": (E, "`retry=` is a lone `Retry` or holds something else"),
        "invalid-state-name": (E, "a state name that is not a str"),
        "invalid-workflow": (E, "a `Workflow` without a non-empty str name"),
        "jsonata-path": (
            E,
            "a path that JSONata cannot name (not starting with `$`, a step it cannot spell, a field name "
            "with a backquote)",
        ),
        "jsonata-syntax": (E, '`expr("...")` holds JSONata that does not parse, or is not a str'),
        "map-processor": (E, "a `Map` given neither or both of `processor=` and `iterator=`"),
        "naive-datetime": (E, "a `datetime` without a time zone compared with a path (RFC 3339 needs one)"),
        "not-json": (
            E,
            "an option value JSON cannot hold: a set, bytes, NaN, an object with non-str keys, a condition",
        ),
        "path-misuse": (
            E,
            "a path iterated (`for x in S.items`), tested with `in`, or called (`S.name.upper()`)",
        ),
        "task-target": (
            E,
            "a `Task` without exactly one of `resource=`/`function_name=`, a `handler=` without "
            "`function_name=`, or a handler that cannot be called as `handler(event, context)`",
        ),
        "wait-duration": (
            E,
            "a `Wait` without exactly one of `seconds`, `seconds_path`, `timestamp`, `timestamp_path`",
        ),
    },
    # Loading a workflow file (.py)
    "loader": {
        "file-not-found": (E, "no such file"),
        "unreadable-file": (E, "Python cannot import the file"),
        "python-syntax-error": (E, "the file is not valid Python"),
        "python-error": (
            E,
            "importing the file raised an exception (at the line in your file that raised it, with a hint "
            "for DSL misuse)",
        ),
        "no-workflow": (
            E,
            "no `Workflow` at module level (one inside a function or under `if __name__` is not seen)",
        ),
        "several-workflows": (E, "the file defines more than one `Workflow`"),
        "unknown-workflow": (E, "`--name` names no workflow of the file"),
        "unused-state": (
            W,
            "a module-level state (or chain) no workflow reaches, so it is left out of the output",
        ),
    },
    # Compiling a workflow to ASL
    "compile": {
        "duplicate-state-name": (E, "two different state objects share a name (both lines are named)"),
        "state-in-two-scopes": (
            E,
            "one state is reached from two scopes (the workflow and a Parallel branch, two branches, a Map"
            " processor)",
        ),
        "conflicting-handlers": (E, "one Lambda `function_name` given two different handlers"),
        "jsonata-condition": (E, "a Choice rule given a JSONata string in a JSONPath state"),
        "jsonata-path": (E, "a path used in a JSONata field cannot be written in JSONata"),
        "path-not-evaluated": (
            E,
            "a path given where JSONPath would keep it as the text `$.x` (not a payload template member, "
            "not a field with a `*Path` form)",
        ),
        "unused-resource-binding": (
            W,
            "a `--resource NAME=ARN` (or `ResourceScheme` binding) matches no task's `function_name`",
        ),
        "handler-not-packageable": (
            W,
            "a handler is a lambda expression or defined inside a function: it runs locally, but `flowdsl "
            "deploy` cannot package it",
        ),
    },
    # Reading ASL files
    "file": {
        "file-not-found": (E, "no such file"),
        "unreadable-file": (E, "a directory, or permission denied"),
        "file-too-large": (E, "over 8 MiB, refused unread"),
        "not-utf8": (E, "not UTF-8 text (the offset of the bad byte is named)"),
        "empty-file": (E, "empty or only whitespace"),
        "yaml-not-json": (E, "the file is not JSON and looks like YAML"),
        "invalid-json": (
            E,
            "a JSON syntax error (at `file:LINE:COLUMN`), nesting too deep, or a number with too many "
            "digits; from `flowdsl.validate(dict)`, a value JSON cannot hold (a set, NaN, a non-str key)",
        ),
        "duplicate-key": (
            E,
            "a key appears twice in one object (both lines named); JSON parsers silently keep only the last",
        ),
        "not-an-object": (E, "the document is an array, a string, a number..."),
        "validate-target-type": (
            E,
            "`flowdsl.validate` was given a Python object that is neither a definition nor JSON data "
            "(raised as `FlowdslError`; a decoded array, number or null is `not-an-object`)",
        ),
    },
    # Checking ASL: every rule of the checker (reported through checks.catalogue.report)
    "check": {
        "unknown-field": (E, "a field ASL does not define for this object or state type"),
        "missing-field": (E, "a required field is absent"),
        "invalid-type": (E, "a field holds the wrong JSON type"),
        "invalid-value": (E, "a field holds a value outside its enumeration"),
        "invalid-state-type": (E, "'Type' is not one of the eight state types"),
        "not-an-object": (E, "the document is not a JSON object"),
        "nesting-too-deep": (E, "the document nests objects or arrays too deeply to check"),
        "lone-surrogate": (E, "a string holds a lone UTF-16 surrogate, which is not Unicode text"),
        "definition-too-large": (E, "the definition exceeds Step Functions' 1 MB quota"),
        "explicit-null": (E, "a field that may be omitted but never null is null"),
        "mutually-exclusive-fields": (E, "two fields that exclude each other are both set"),
        "missing-transition": (E, "a state has neither 'Next' nor 'End'"),
        "next-and-end": (E, "a state has both 'Next' and 'End'"),
        "missing-wait-time": (E, "a Wait state has none of Seconds/Timestamp/SecondsPath/TimestampPath"),
        "missing-item-processor": (E, "a Map state has neither 'ItemProcessor' nor 'Iterator'"),
        "empty-branches": (E, "a Parallel state has no branches"),
        "empty-states": (E, "a machine, branch or processor has no states"),
        "value-out-of-range": (E, "a number is outside the range ASL allows"),
        "invalid-timestamp": (E, "a timestamp literal is not RFC 3339"),
        "distributed-only-field": (E, "an INLINE Map sets a Distributed Map field (ItemReader, Label...)"),
        "invalid-label": (E, "a Map 'Label' is too long or has characters a Map Run ARN cannot hold"),
        "unknown-start-at": (E, "'StartAt' names no state of its scope"),
        "unknown-target": (E, "a transition names no state"),
        "transition-out-of-scope": (E, "a transition leaves its Parallel branch or Map processor"),
        "unreachable-state": (E, "a state cannot be reached from 'StartAt'"),
        "no-terminal-path": (E, "a state has no path to a terminal state (a loop with no exit)"),
        "duplicate-state-name": (E, "a state name is used twice in the machine"),
        "invalid-state-name": (
            E,
            "a state name is empty, longer than 80 characters or has control characters",
        ),
        "spoofable-state-name": (W, "a state name has bidi or invisible format characters that disguise it"),
        "deep-nesting": (W, "Parallel/Map states nested deeper than is readable"),
        "empty-choices": (E, "a Choice state has no rules"),
        "invalid-choice-rule": (E, "a Choice rule has no comparison or more than one"),
        "missing-choice-next": (E, "a top-level Choice rule has no 'Next'"),
        "nested-choice-next": (E, "a nested Choice rule (inside And/Or/Not) has a 'Next'"),
        "missing-choice-variable": (E, "a JSONPath comparison has no 'Variable'"),
        "missing-default": (W, "a Choice state has no 'Default': no match fails with States.NoChoiceMatched"),
        "empty-error-equals": (E, "'ErrorEquals' is empty"),
        "misplaced-states-all": (E, "'States.ALL' is not alone or not in the last retrier/catcher"),
        "unknown-error-name": (W, "a 'States.*' error name Step Functions does not define"),
        "heartbeat-not-below-timeout": (E, "'HeartbeatSeconds' is not smaller than 'TimeoutSeconds'"),
        "invalid-path": (E, "a path field is not valid JSONPath"),
        "not-reference-path": (
            E,
            "a field that needs a reference path holds filters, wildcards or functions",
        ),
        "invalid-result-path": (E, "'ResultPath' refers to a variable or the context object"),
        "invalid-payload-path": (E, "a '.$' key holds neither a path nor an intrinsic function call"),
        "duplicate-payload-key": (E, "'key' and 'key.$' are both in one payload object"),
        "invalid-intrinsic": (E, "an intrinsic function call does not parse"),
        "unknown-intrinsic": (E, "an intrinsic function name Step Functions does not define"),
        "intrinsic-arity": (E, "an intrinsic function gets the wrong number of arguments"),
        "intrinsic-argument-type": (E, "an intrinsic function argument has the wrong type"),
        "intrinsics-nested-too-deep": (E, "intrinsic calls nested more than 10 deep in one field"),
        "fail-path-not-string": (
            E,
            "a Fail 'ErrorPath'/'CausePath' calls an intrinsic that never returns a string",
        ),
        "no-dollar": (W, "NO_DOLLAR: a value looks like a path or intrinsic but its key lacks '.$'"),
        "no-path": (W, "NO_PATH: a value looks like a path but the field name does not end in 'Path'"),
        "pass-result-is-static": (W, "PASS_RESULT_IS_STATIC: a Pass 'Result' holds a path, used literally"),
        "jsonpath-only-field": (E, "a JSONPath-only field in a JSONata state"),
        "jsonata-only-field": (E, "a JSONata-only field in a JSONPath state"),
        "query-language-conflict": (E, "a JSONPath state in a machine whose QueryLanguage is JSONata"),
        "invalid-jsonata": (E, "a '{% %}' expression does not parse, or its delimiters are unbalanced"),
        "invalid-number-field": (E, "a numeric field of a JSONata state holds a non-expression string"),
        "states-result-not-allowed": (E, "'$states.result' or '$states.errorOutput' where it is undefined"),
        "unknown-states-field": (W, "'$states.x' where x is not input, result, errorOutput or context"),
        "invalid-variable-name": (E, "an 'Assign' key is not a valid variable name"),
        "undefined-variable": (E, "a variable is read before it is assigned on some path"),
        "shadowed-variable": (E, "a branch or processor assigns a variable an enclosing scope assigns"),
        "unknown-jsonata-function": (W, "a JSONata expression calls a function nobody defines"),
        "invalid-resource": (E, "a Lambda or 'arn:aws:states:::' ARN is malformed"),
        "resource-not-uri": (E, "a Task 'Resource' is not a URI (a bare name such as 'my-function')"),
        "resource-not-arn": (W, "a Task 'Resource' is neither an ARN nor a '${Name}' placeholder"),
        "path-not-in-input": (E, "a path names a field that the declared models say cannot exist"),
        "choice-type-mismatch": (E, "a Choice comparison's family does not fit the field's declared type"),
        "task-input-mismatch": (E, "what reaches a Task does not satisfy its input_model"),
        "execution-input-mismatch": (E, "the workflow's input_model does not satisfy the first Task's"),
        "items-not-array": (E, "a Map's ItemsPath (or Items) selects a value that is never an array"),
        "field-on-some-paths": (
            W,
            "where branches meet, a path reads a field that only some of them set (not tested with "
            "IsPresent)",
        ),
        "unknown-integration": (E, "a Task calls an integration service or action AWS does not have"),
        "unsupported-pattern": (
            E,
            "a Task uses '.sync', '.sync:2' or '.waitForTaskToken' where the integration does not support it",
        ),
        "unknown-parameter": (E, "a Task payload names a parameter the integration's API does not have"),
        "missing-parameter": (E, "an optimized integration's payload lacks a parameter its API requires"),
        "missing-sdk-parameter": (
            W,
            "an aws-sdk call's payload lacks a parameter the API model marks required",
        ),
        "invalid-parameter-type": (
            E,
            "a literal parameter has a JSON type the API cannot take (a word for a number, an object for a"
            " list)",
        ),
        "missing-task-token": (W, "a '.waitForTaskToken' Task whose payload never passes the task token"),
        "task-without-timeout": (
            W,
            "a '.sync' or callback Task with neither 'TimeoutSeconds' nor 'HeartbeatSeconds'",
        ),
    },
    # Asking AWS (`validate --aws`)
    "aws": {
        "aws-diagnostic": (
            E,
            "a ValidateStateMachineDefinition diagnostic with no flowdsl code of its own (AWS's code in "
            "parentheses; a warning when AWS says warning)",
        ),
        "aws-diagnostics-truncated": (W, "AWS returned only the first of its diagnostics"),
    },
    # Running locally (flowdsl run, flowdsl.run)
    "run": {
        "run-definition-type": (E, "`flowdsl.run` was given something it cannot run"),
        "invalid-definition": (E, "an ASL dict the model rejects with no error the checks can name"),
        "input-not-json": (
            E,
            "`--input` or `--input-file` is not JSON (its line and column named), or the `input` given to "
            "`flowdsl.run` holds a value JSON cannot",
        ),
        "input-unreadable": (E, "the `--input-file` cannot be read"),
        "input-too-large": (E, "the execution input is over Step Functions' 262144 byte (256 KiB) limit"),
        "report-without-machine": (
            E,
            "`Execution.report()` on an Execution built by hand, not returned by `flowdsl.run`/`execute`",
        ),
        "handler-binding-invalid": (E, "a `--handlers` value is not `module:function=FunctionName`"),
        "handler-not-found": (
            E,
            "the module has no such function, or `lambdas/<module>.py` defines neither `handler` nor "
            "`lambda_handler`",
        ),
        "handler-import-failed": (E, "a handler module or file cannot be imported (its exception is named)"),
        "handler-unused": (E, "a `--handlers` binding names a function no Task calls"),
        "handler-missing": (E, "a Task's Lambda function has no handler"),
        "unbound-task": (
            E,
            "the run reached a Task with neither handler nor mock, e.g. a service integration "
            "(`arn:aws:states:::sqs:sendMessage`) that runs only on AWS",
        ),
        "unsupported-item-reader": (
            E,
            "a Map reads its items with `ItemReader` (S3), which `flowdsl run` cannot read",
        ),
        "mock-state-unknown": (E, "`mocks=` (or the mock file's test case) names no state of the machine"),
        "mock-file-unreadable": (E, "the `--mock` file cannot be read"),
        "mock-file-not-json": (E, "the `--mock` file is not JSON (at `file:LINE:COLUMN`)"),
        "mock-config-invalid": (
            E,
            "the mock file is JSON but not a Step Functions Local `MockConfigFile` (at `file:/json/pointer`)",
        ),
        "mock-machine-unknown": (E, "the mock file defines no state machines, or none of the name given"),
        "mock-machine-ambiguous": (E, "the mock file defines several state machines and none was picked"),
        "mock-test-case-required": (E, "the machine has several test cases and none was picked"),
        "mock-test-case-unknown": (E, "`--test-case` names no test case of the machine"),
    },
    # Serving
    "serve": {
        "service-error": (
            E,
            "a Step Functions API call of the in-process client failed; the message starts with AWS's "
            "error name (`ExecutionAlreadyExists: ...`), which is also the exception class "
            "(`client.exceptions.ExecutionAlreadyExists`)",
        ),
        "serve-address-unavailable": (
            E,
            "`flowdsl serve` cannot listen on the host and port (in use, or not an address of this machine)",
        ),
    },
    # Writing output files
    "output": {
        "stale-output": (E, "with `--check`: OUT is missing or differs from a fresh compile/diagram"),
        "output-is-source": (
            E,
            "`-o` names the source file itself (even through a link; `--force` does not lift this)",
        ),
        "output-not-asl": (E, "`compile -o` names an existing file that is not an ASL definition"),
        "output-not-diagram": (
            E,
            "`diagram -o` (or `run --diagram`) names an existing file that is not a flowdsl Mermaid "
            "diagram (an empty file is not one)",
        ),
        "output-not-page": (
            E,
            "`diagram --format html -o` or `run --report` names an existing file that is not a page "
            "flowdsl wrote",
        ),
        "output-not-template": (
            E,
            "`template -o` names an existing file that is not a template flowdsl wrote",
        ),
        "output-not-package": (
            E,
            "`template -o` would write a function's zip over a file that is not a deployment package "
            "flowdsl wrote",
        ),
        "output-not-history": (E, "`run --history` names an existing file that is not an execution history"),
        "output-is-link": (
            E,
            "the output path is a symbolic link (dangling or not): writing would follow it out of place",
        ),
        "output-not-regular": (E, "the output path is a directory, FIFO, device or socket"),
        "output-unwritable": (
            E,
            "the write failed (read-only folder, full disk, file-size limit); the old file is left intact",
        ),
        "diagram-over-mermaid-limit": (
            W,
            "the diagram has more than 500 edges or 50,000 characters, Mermaid's default "
            "`maxEdges`/`maxTextSize`, which a diagram cannot raise itself (both are in Mermaid's `secure`"
            " settings)",
        ),
        "diagram-untyped": (W, "`diagram --types` on a workflow that declares no model: no edge is labelled"),
    },
    # Importing ASL (`flowdsl import`)
    "import": {
        "import-unsupported": (
            E,
            "a field or construct of the definition has no DSL spelling (named, with its JSON Pointer), or"
            " the DSL refuses the definition (an unreachable state, a Wait with two durations)",
        ),
        "import-mismatch": (
            E,
            "the generated code would compile to a different definition at the named JSON Pointer",
        ),
        "import-not-json": (E, "the definition given to `import_asl` is not a JSON object"),
        "import-no-state-machine": (
            E,
            "the file is neither an ASL definition nor a template with an "
            "`AWS::StepFunctions::StateMachine` / `AWS::Serverless::StateMachine`",
        ),
        "import-bad-template": (
            E,
            "the template cannot be read (not JSON or YAML), or a state machine's definition cannot be "
            "found in it (`DefinitionS3Location`, an S3 `DefinitionUri`, an intrinsic other than "
            "`Fn::Sub`/`Fn::Join` of text)",
        ),
        "import-several-machines": (E, "`-o` is given for a template with several state machines"),
        "import-unknown-machine": (E, "`--machine` names no state machine of the template"),
        "import-bad-arn": (E, "`--arn` is not a state machine ARN"),
        "output-exists": (E, "the file `flowdsl import` would write exists"),
    },
    # Deploying (deploy, destroy, template, run --remote)
    "deploy": {
        "aws-missing-boto3": (E, "boto3 is not installed"),
        "aws-profile-not-found": (E, "`--profile` names no configured profile"),
        "aws-no-region": (E, "no region from `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile"),
        "aws-no-credentials": (E, "no AWS credentials found"),
        "aws-access-denied": (E, "AWS denied a call (the action and AWS's error code are named)"),
        "aws-unreachable": (E, "the AWS endpoint cannot be reached"),
        "aws-error": (E, "AWS refused a call for another reason (its error code and message are named)"),
        "invalid-stack-name": (
            E,
            "`--stack` is not letters, digits, `-` and `_`, or makes a Lambda function name over 64 "
            "characters",
        ),
        "unresolved-placeholder": (
            E,
            "a `${NameArn}` placeholder names no Lambda function with a handler (an ASL file has none)",
        ),
        "handler-not-packageable": (
            E,
            "a handler deploy cannot import by name: a lambda expression, one defined inside a function or"
            " not in a Python file",
        ),
        "template-id-collision": (E, "two Lambda function names give the same template logical id"),
        "resource-not-ours": (
            E,
            "a role, function or state machine of that name exists but is not tagged as part of this stack",
        ),
        "stack-holds-other-workflow": (
            E,
            "the stack was deployed from another workflow (its `flowdsl:workflow` tag: name, project and "
            "file differ), e.g. two projects' `Main`",
        ),
        "deploy-conflict": (
            E,
            "another deploy of the same stack created a resource while this one ran (two first deploys "
            "racing)",
        ),
        "state-machine-not-active": (E, "the state machine is still being deleted (an interrupted destroy)"),
        "deploy-incomplete": (E, "deploy stopped part-way; the message lists what was created"),
        "express-unsupported-pattern": (
            E,
            "`--type EXPRESS` for a machine with a `.sync` or `.waitForTaskToken` Task, which EXPRESS "
            "state machines do not support",
        ),
        "log-group-required": (E, "`deploy --log-level` without `--log-group`"),
        "invalid-policy": (
            E,
            "the `--policy` file is not JSON, or holds neither a list of IAM statements nor a policy "
            "document",
        ),
        "state-machine-type-changed": (
            E,
            "deploy with another `--type` than the deployed state machine's; AWS cannot change it",
        ),
        "not-deployed": (E, "`run --remote` finds no state machine for the stack in that region"),
        "remote-timeout": (E, "a remote execution is still running when `run --remote` stops waiting"),
    },
}

ALL_CODES = frozenset(code for codes in STAGES.values() for code in codes)
# What `flowdsl validate` can report, so what `--ignore` may name.
VALIDATE_STAGES = ("dsl", "loader", "compile", "file", "check", "aws")


def stage_codes(*stages: str) -> frozenset[str]:
    """The codes the given stages report."""
    return frozenset(code for stage in stages for code in STAGES[stage])
