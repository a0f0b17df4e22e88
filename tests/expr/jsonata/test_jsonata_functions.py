"""AWS's JSONata functions: $partition, $range, $hash, $random, $uuid, $parse; no $eval."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from flowdsl.expr.errors import AslRuntimeError
from flowdsl.expr.jsonata import evaluate


def _eval(text: str, **variables: Any) -> Any:
    return evaluate(text, states={"input": {}}, variables=variables)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("$partition([1,2,3,4,5], 2)", [[1, 2], [3, 4], [5]], id="partition-remainder"),
        pytest.param("$partition([1,2,3], 3)", [[1, 2, 3]], id="partition-exact"),
        pytest.param("$partition([0], 5)", [[0]], id="partition-larger-than-array"),
        pytest.param("$range(0, 10, 2)", [0, 2, 4, 6, 8, 10], id="range-inclusive"),
        pytest.param("$range(0, 10, 3)", [0, 3, 6, 9], id="range-stops-before-end"),
        pytest.param("$range(5, 1, -2)", [5, 3, 1], id="range-descending"),
        pytest.param("$range(1, 9, 9)", 1, id="range-single-is-bare"),
        pytest.param("$hash('abc', 'MD5')", "900150983cd24fb0d6963f7d28e17f72", id="hash-md5"),
        pytest.param("$hash('abc', 'SHA-1')", "a9993e364706816aba3e25717850c26c9cd0d89d", id="hash-sha1"),
        pytest.param(
            "$hash('abc', 'SHA-256')",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            id="hash-sha256",
        ),
        pytest.param("$parse('{\"a\": [1, null]}')", {"a": [1, None]}, id="parse-object"),
        pytest.param("$parse('-0')", 0, id="parse-negative-zero"),
        pytest.param("$parse('\"s\"')", "s", id="parse-string"),
        pytest.param("$parse('null')", None, id="parse-null"),
    ],
)
def test_aws_functions(text: str, expected: Any) -> None:
    assert _eval("{% " + text + " %}") == expected


def test_random_is_a_fraction_and_seeded_random_is_stable() -> None:
    assert 0 <= _eval("{% $random() %}") < 1
    assert _eval("{% $random(42) %}") == _eval("{% $random(42) %}")
    assert _eval("{% $random(42) %}") != _eval("{% $random(43) %}")


def test_uuid_is_version_4() -> None:
    value = _eval("{% $uuid() %}")
    assert uuid.UUID(value).version == 4
    assert value != _eval("{% $uuid() %}")


def test_functions_apply_to_variables() -> None:
    assert _eval("{% $partition($xs, 2) %}", xs=[1, 2, 3]) == [[1, 2], [3]]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        pytest.param("$eval('1')", "T1006: Attempted to invoke a non-function", id="eval-removed"),
        pytest.param("$hash('abc', 'SHA-3')", "unsupported hash algorithm 'SHA-3'", id="hash-algorithm"),
        pytest.param("$parse('{oops')", "$parse could not read '{oops' as JSON", id="parse-invalid"),
        pytest.param(
            "$partition([1], 0)", "chunk size of $partition must be a positive integer", id="part-0"
        ),
        pytest.param("$range(1, 5, 0)", "step of $range must not be 0", id="range-step-0"),
        pytest.param("$partition('a', 'b')", "T0410", id="partition-signature"),
        pytest.param("$hash(1, 'MD5')", "T0410", id="hash-signature"),
    ],
)
def test_function_errors(text: str, detail: str) -> None:
    with pytest.raises(AslRuntimeError) as caught:
        _eval("{% " + text + " %}")
    assert caught.value.error == "States.QueryEvaluationError"
    assert detail in caught.value.cause
