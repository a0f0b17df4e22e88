"""Every diagnostic code the checker can emit, with its severity and a one-line summary.

Codes are stable: tests, `--ignore` and users' CI configurations refer to them. A rule
reports through `report()`, which refuses codes missing here, so this table is complete.
"""

from __future__ import annotations

import re

from flowdsl.diagnostics import Diagnostic, Severity

E, W = Severity.ERROR, Severity.WARNING

# code -> (severity, summary). Grouped as in docs/validation.md.
CODES: dict[str, tuple[Severity, str]] = {
    # structure (reported by the model's strict parse, see model.structure_diagnostics)
    "unknown-field": (E, "a field ASL does not define for this object or state type"),
    "missing-field": (E, "a required field is absent"),
    "invalid-type": (E, "a field holds the wrong JSON type"),
    "invalid-value": (E, "a field holds a value outside its enumeration"),
    "invalid-state-type": (E, "'Type' is not one of the eight state types"),
    "not-an-object": (E, "the document is not a JSON object"),
    "nesting-too-deep": (E, "the document nests objects or arrays too deeply to check"),
    "lone-surrogate": (E, "a string holds a lone UTF-16 surrogate, which is not Unicode text"),
    "definition-too-large": (E, "the definition exceeds Step Functions' 1 MB quota"),
    # structure (rules)
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
    # graph
    "unknown-start-at": (E, "'StartAt' names no state of its scope"),
    "unknown-target": (E, "a transition names no state"),
    "transition-out-of-scope": (E, "a transition leaves its Parallel branch or Map processor"),
    "unreachable-state": (E, "a state cannot be reached from 'StartAt'"),
    "no-terminal-path": (E, "a state has no path to a terminal state (a loop with no exit)"),
    "duplicate-state-name": (E, "a state name is used twice in the machine"),
    "invalid-state-name": (E, "a state name is empty, longer than 80 characters or has control characters"),
    "deep-nesting": (W, "Parallel/Map states nested deeper than is readable"),
    # choice
    "empty-choices": (E, "a Choice state has no rules"),
    "invalid-choice-rule": (E, "a Choice rule has no comparison or more than one"),
    "missing-choice-next": (E, "a top-level Choice rule has no 'Next'"),
    "nested-choice-next": (E, "a nested Choice rule (inside And/Or/Not) has a 'Next'"),
    "missing-choice-variable": (E, "a JSONPath comparison has no 'Variable'"),
    "missing-default": (W, "a Choice state has no 'Default': no match fails with States.NoChoiceMatched"),
    # errors
    "empty-error-equals": (E, "'ErrorEquals' is empty"),
    "misplaced-states-all": (E, "'States.ALL' is not alone or not in the last retrier/catcher"),
    "unknown-error-name": (W, "a 'States.*' error name Step Functions does not define"),
    # timeouts
    "heartbeat-not-below-timeout": (E, "'HeartbeatSeconds' is not smaller than 'TimeoutSeconds'"),
    # paths and payload templates
    "invalid-path": (E, "a path field is not valid JSONPath"),
    "not-reference-path": (E, "a field that needs a reference path holds filters, wildcards or functions"),
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
    # JSONata and variables
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
    # resources
    "invalid-resource": (E, "a Lambda or 'arn:aws:states:::' ARN is malformed"),
    "resource-not-uri": (E, "a Task 'Resource' is not a URI (a bare name such as 'my-function')"),
    "resource-not-arn": (W, "a Task 'Resource' is neither an ARN nor a '${Name}' placeholder"),
}


# Added to messages about a '{% %}' string in a JSONPath state: the usual cause.
JSONATA_HINT = 'a JSONata \'{% %}\' expression needs "QueryLanguage": "JSONata" on the state or machine'

# Control characters (a state name may hold any) would break the one-line output.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char, f"\\x{ord(char):02x}")


def report(code: str, message: str, pointer: str) -> Diagnostic:
    """A diagnostic with the catalogued severity; unknown codes are a programming error."""
    severity, _ = CODES[code]
    # One line always: quoted user text (a JSONata error, a state name) may hold line breaks.
    flat = message.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    where = _CONTROL.sub(_escape, pointer)
    return Diagnostic(code, severity, flat, where)
