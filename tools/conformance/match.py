"""Scoring recorded cases whose expected values hold placeholders for AWS-made values.

The execution cases were recorded by LocalStack's snapshot tests, which replace values AWS
makes up (ARN parts, execution names, request ids, timestamps, the caller's role ARN)
before storing them. Such a case is marked `skip` in the data; this module lets the runner
score it anyway, without editing the data and without changing the engine:

- a `<name>` placeholder inside an expected string matches any non-empty run of text, and
  one name stands for one value throughout a case (`<ArnPart_0idx>` is the machine name
  wherever it appears);
- a whole expected string that is one of LocalStack's stand-ins (`start-time`,
  `entered-time`, `snf_role_arn`) matches a value of the shape it replaced;
- everything else compares exactly, as `json_equal` does.

The runner gives these cases a fixed context (`FIXED_CONTEXT`): the recordings show the
account id as `111111111111`, LocalStack's stand-in for it, and the engine's default
account differs. Everything else in the context is the engine's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flowdsl.engine.mocks import Throw
from flowdsl.engine.runner import DEFAULT_MACHINE_NAME, DEFAULT_REGION

Json = Any

PLACEHOLDER_SKIP = "expected output holds placeholders"
"""How the data's `skip` reason starts for the cases this module scores."""

RECORDED_ACCOUNT = "111111111111"
FIXED_CONTEXT: dict[str, Json] = {
    "StateMachine": {
        "Id": f"arn:aws:states:{DEFAULT_REGION}:{RECORDED_ACCOUNT}:stateMachine:{DEFAULT_MACHINE_NAME}",
        "Name": DEFAULT_MACHINE_NAME,
    }
}

PLACEHOLDER = re.compile(r"<([A-Za-z_][A-Za-z0-9_-]*)>")
# LocalStack's PATTERN_ISO8601 shape, loosened to any calendar digits: the engine's own
# timestamps are checked elsewhere; here only "a timestamp stood here" is being matched.
_ISO8601 = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})"
STAND_INS: dict[str, str] = {
    "start-time": _ISO8601,  # $$.Execution.StartTime
    "entered-time": _ISO8601,  # $$.State.EnteredTime
    "snf_role_arn": r"arn:aws[a-z-]*:iam::\d{12}:role/[^\x00]+",  # the role the test created
}
# Joins every (expected, actual) string pair into one regex, so backtracking finds one
# binding per placeholder that fits them all; wildcards never cross it.
_SEPARATOR = "\x00"


def holds_placeholders(value: Json) -> bool:
    """Whether an expected JSON value has a placeholder or a stand-in anywhere in it."""
    if isinstance(value, str):
        return value in STAND_INS or PLACEHOLDER.search(value) is not None
    if isinstance(value, dict):
        return any(holds_placeholders(item) for item in value.values())
    if isinstance(value, list):
        return any(holds_placeholders(item) for item in value)
    return False


def json_equal(a: Json, b: Json) -> bool:
    """Equality as JSON values: object key order ignored, but `true` is not `1` and `1` is `1.0`."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def placeholder_equal(expected: Json, actual: Json) -> bool:
    """`json_equal`, except that placeholders in `expected` match as the module docstring says.

    An actual string holding the separator character cannot be told apart from two strings,
    so it never matches a placeholder (no recorded value holds one).
    """
    pairs: list[tuple[str, str]] = []
    if not _same_shape(expected, actual, pairs):
        return False
    if not pairs:
        return True
    if any(_SEPARATOR in text for _, text in pairs):
        return False
    pattern = _pattern([template for template, _ in pairs])
    return pattern.fullmatch(_SEPARATOR.join(text for _, text in pairs)) is not None


def recorded_error_mocks(
    definition: Mapping[str, Json], expected: Mapping[str, Json]
) -> dict[str, Throw] | None:
    """Mocks replaying the recorded service errors, or None when a mock would prove nothing.

    A case that calls another AWS service (DynamoDB, S3, Secrets Manager) can only be run
    locally with a mock, and the mocked error is taken from the recording itself, so the
    service's behaviour is not under test. It is worth running only when the machine
    handles that error: each Task must be top level, catch it into `$.<field>`, and the
    recorded output must hold `{"Error", "Cause"}` there; what is then tested is Catch
    matching, ResultPath merging and the rest of the machine. An uncaught error (the
    recording's FAILED status) would only echo the mock, so such cases stay skipped.
    Placeholders in the recorded cause are filled with `mock-<name>`.
    """
    states: Mapping[str, Json] = definition.get("States", {})
    if _has_branches(states):
        return None
    mocks: dict[str, Throw] = {}
    for name, state in states.items():
        if state.get("Type") != "Task":
            continue
        caught = _caught_error(state, expected)
        if caught is None:
            return None
        error, cause = caught
        mocks[name] = Throw(error, PLACEHOLDER.sub(lambda m: f"mock-{m[1]}", cause))
    return mocks


def _same_shape(expected: Json, actual: Json, pairs: list[tuple[str, str]]) -> bool:
    """Compare everything but placeholder strings, which are collected into `pairs`."""
    if isinstance(expected, str) and holds_placeholders(expected):
        pairs.append((expected, actual))
        return isinstance(actual, str)
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _same_shape(expected[key], actual[key], pairs) for key in expected
        )
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            _same_shape(x, y, pairs) for x, y in zip(expected, actual, strict=True)
        )
    return json_equal(expected, actual)


def _pattern(templates: list[str]) -> re.Pattern[str]:
    """One regex for all templates: a placeholder's first use captures, later ones repeat it."""
    groups: dict[str, str] = {}
    parts = [_template_pattern(template, groups) for template in templates]
    return re.compile(re.escape(_SEPARATOR).join(parts))


def _template_pattern(template: str, groups: dict[str, str]) -> str:
    if template in STAND_INS:
        return f"(?:{STAND_INS[template]})"
    out, last = [], 0
    for found in PLACEHOLDER.finditer(template):
        out.append(re.escape(template[last : found.start()]))
        name = found[1]
        if name in groups:
            out.append(f"(?P={groups[name]})")
        else:
            groups[name] = f"p{len(groups)}"
            out.append(f"(?P<{groups[name]}>[^{_SEPARATOR}]+?)")
        last = found.end()
    out.append(re.escape(template[last:]))
    return "".join(out)


def _has_branches(states: Mapping[str, Json]) -> bool:
    """Whether the machine has Parallel or Map states (the mocks here cover top-level Tasks only)."""
    return any(state.get("Type") in ("Parallel", "Map") for state in states.values())


def _caught_error(state: Mapping[str, Json], expected: Mapping[str, Json]) -> tuple[str, str] | None:
    """The recorded `(Error, Cause)` a Task's Catch put at `$.<field>` of the output, if any."""
    output = expected.get("output")
    for catcher in state.get("Catch", []):
        path = catcher.get("ResultPath", "$")
        field = path[2:] if isinstance(path, str) and path.startswith("$.") else None
        caught = output.get(field) if field and isinstance(output, dict) else None
        if isinstance(caught, dict) and isinstance(caught.get("Error"), str):
            return caught["Error"], str(caught.get("Cause", ""))
    return None
