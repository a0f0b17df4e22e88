"""The 18 intrinsic functions: results and AWS-style failures (`States.Runtime`)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.intrinsics import parse

DATA: dict[str, Any] = {
    "obj": {"Arg1": 1, "Arg2": [], "s": "x"},
    "list": [1, 2, 3, 4, 5],
    "text": "Data to encode",
    "half": 2.5,
    "big": 1e20,
    "nested": {"a": {"a1": 1}, "b": 2},
}
CONTEXT = {"Execution": {"Name": "run-1-2"}}
VARIABLES = {"greeting": "hello"}

RESULTS: list[tuple[str, str, Any]] = [
    ("format-values", "States.Format('{} {} {} {} {}', 1, 1.1, null, true, 'x')", "1 1.1 null true x"),
    ("format-object-java-style", "States.Format('{}', $.obj)", "{Arg1=1, Arg2=[], s=x}"),
    ("format-array-java-style", "States.Format('{}', $.list)", "[1, 2, 3, 4, 5]"),
    ("format-large-double", "States.Format('{}', $.big)", "1.0E20"),
    ("format-escaped-braces", r"States.Format('\{\} {} \'q\' \\', 7)", "{} 7 'q' \\"),
    ("format-variable-and-context", "States.Format('{} {}', $greeting, $$.Execution.Name)", "hello run-1-2"),
    ("string-to-json", "States.StringToJson('{\"a\": [1, 2]}')", {"a": [1, 2]}),
    ("string-to-json-blank", "States.StringToJson(' ')", None),
    ("json-to-string-compact", "States.JsonToString($.obj)", '{"Arg1":1,"Arg2":[],"s":"x"}'),
    ("json-to-string-unicode", "States.JsonToString('é')", '"é"'),
    ("json-to-java-doubles", "States.JsonToString(States.Array($.big, 1e-4, 2.5))", "[1.0E20,1.0E-4,2.5]"),
    ("array", "States.Array(1, 'a', $.obj.Arg2)", [1, "a", []]),
    ("array-empty", "States.Array()", []),
    ("array-partition", "States.ArrayPartition($.list, 2)", [[1, 2], [3, 4], [5]]),
    ("array-contains", "States.ArrayContains($.list, 3)", True),
    ("array-contains-bool-is-not-int", "States.ArrayContains(States.Array(1), true)", False),
    ("array-contains-object", "States.ArrayContains(States.Array($.obj), $.obj)", True),
    ("array-range", "States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
    ("array-range-descending", "States.ArrayRange(5, 1, -2)", [5, 3, 1]),
    ("array-get-item", "States.ArrayGetItem($.list, 4)", 5),
    ("array-length", "States.ArrayLength($.list)", 5),
    ("array-unique", "States.ArrayUnique(States.Array(1, 1, true, '1', null, null))", [1, True, "1", None]),
    ("base64-encode", "States.Base64Encode($.text)", "RGF0YSB0byBlbmNvZGU="),
    ("base64-decode", "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "Data to encode"),
    ("hash-md5", "States.Hash('input data', 'MD5')", "812f45842bc6d66ee14572ce20db8e86"),
    ("hash-sha1", "States.Hash('input data', 'SHA-1')", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
    (
        "json-merge-shallow",
        'States.JsonMerge($.nested, States.StringToJson(\'{"a": {"a2": 2}}\'), false)',
        {"a": {"a2": 2}, "b": 2},
    ),
    ("math-add-rounds-each-half-up", "States.MathAdd($.half, -1.5)", 2),
    ("math-add", "States.MathAdd(-9, 3)", -6),
    ("math-random-seeded", "States.MathRandom(1, 2, 7)", 1),
    ("string-split-any-delimiter", "States.StringSplit('a.b+c,,d', '.+,')", ["a", "b", "c", "d"]),
    ("string-split-context", "States.StringSplit($$.Execution.Name, '-')", ["run", "1", "2"]),
    (
        "nested-calls",
        "States.ArrayGetItem(States.StringSplit($$.Execution.Name, '-'), "
        "States.MathAdd(States.ArrayLength(States.StringSplit($$.Execution.Name, '-')), -1))",
        "2",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in RESULTS], ids=[c[0] for c in RESULTS])
def test_evaluate(text: str, expected: Any) -> None:
    result = parse(text).evaluate(DATA, CONTEXT, VARIABLES)
    assert result == expected
    assert type(result) is type(expected)


def test_uuid_is_a_version_4_uuid() -> None:
    value = parse("States.UUID()").evaluate(DATA)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", value)


def test_math_random_stays_in_range() -> None:
    call = parse("States.MathRandom(10, 13)")
    assert {call.evaluate(DATA) for _ in range(200)} <= {10, 11, 12}


FAILURES = [
    (
        "path-value-of-wrong-type",
        "States.ArrayLength($.text)",
        "argument 1 of 'States.ArrayLength' must be array",
    ),
    ("format-too-few-args", "States.Format('{} {}', 1)", "the template has 2 placeholders but 1 arguments"),
    ("format-too-many-args", "States.Format('{}', 1, 2)", "the template has 1 placeholders but 2 arguments"),
    ("string-to-json-invalid", "States.StringToJson('{oops')", "is not valid JSON"),
    ("string-to-json-nan", "States.StringToJson('NaN')", "is not valid JSON"),
    ("partition-size-zero", "States.ArrayPartition($.list, 0)", "chunk size must be greater than 0"),
    ("range-step-zero", "States.ArrayRange(1, 5, 0)", "the step must not be 0"),
    ("range-too-long", "States.ArrayRange(0, 2000, 1)", "more than the 1000 allowed"),
    ("get-item-out-of-bounds", "States.ArrayGetItem($.list, 5)", "index 5 is out of bounds"),
    ("base64-decode-invalid", "States.Base64Decode('@@@')", "not valid base64"),
    ("hash-unknown-algorithm", "States.Hash('x', 'SHA-3')", "unsupported hash algorithm 'SHA-3'"),
    ("json-merge-deep", "States.JsonMerge($.nested, $.nested, true)", "deep merge is not supported"),
    ("math-random-empty-range", "States.MathRandom(5, 5)", "must be greater than the start"),
    ("math-add-overflow", "States.MathAdd(2147483648, 1)", "outside the 32-bit integer range"),
    ("path-not-found", "States.Array($.missing)", "Invalid path '$.missing'"),
]


@pytest.mark.parametrize(("text", "fragment"), [c[1:] for c in FAILURES], ids=[c[0] for c in FAILURES])
def test_failures_are_states_runtime(text: str, fragment: str) -> None:
    with pytest.raises(AslRuntimeError) as caught:
        parse(text).evaluate(DATA, CONTEXT, VARIABLES)
    assert caught.value.error == "States.Runtime"
    assert fragment in caught.value.cause
