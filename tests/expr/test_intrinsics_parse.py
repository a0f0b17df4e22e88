"""Parsing intrinsic calls: the argument kinds, escapes, nesting and the checked syntax errors."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.expr.intrinsics import (
    SIGNATURES,
    ArgType,
    Call,
    IntrinsicSyntaxError,
    Literal,
    PathArg,
    is_call,
    parse,
)


def _shape(arg: Any) -> Any:
    """A plain view of an argument tree, to compare against expectations."""
    if isinstance(arg, Call):
        return (arg.name, [_shape(a) for a in arg.args])
    if isinstance(arg, PathArg):
        return ("path", arg.path.text)
    assert isinstance(arg, Literal)
    return arg.value


PARSED = [
    ("no-arguments", "States.UUID()", ("States.UUID", [])),
    ("string", "States.StringToJson('{\"a\": 1}')", ("States.StringToJson", ['{"a": 1}'])),
    ("escaped-quote", r"States.Array('it\'s')", ("States.Array", ["it's"])),
    ("escaped-braces", r"States.Array('\{\}')", ("States.Array", ["{}"])),
    ("escaped-backslash", r"States.Array('a\\b')", ("States.Array", ["a\\b"])),
    ("numbers", "States.Array(1, -2, 3.5, 1e3)", ("States.Array", [1, -2, 3.5, 1000.0])),
    ("keywords", "States.Array(true, false, null)", ("States.Array", [True, False, None])),
    (
        "paths",
        "States.Array($, $.a, $$.Execution.Id, $v.x)",
        ("States.Array", [("path", "$"), ("path", "$.a"), ("path", "$$.Execution.Id"), ("path", "$v.x")]),
    ),
    (
        "path-with-comma-in-brackets",
        "States.Array($['a,b'], $.c[0,1])",
        ("States.Array", [("path", "$['a,b']"), ("path", "$.c[0,1]")]),
    ),
    (
        "path-with-filter",
        "States.Array($.c[?(@.x == 'a)')])",
        ("States.Array", [("path", "$.c[?(@.x == 'a)')]")]),
    ),
    (
        "nested",
        "States.ArrayGetItem(States.StringSplit($.s, ','), States.MathAdd(1, -1))",
        (
            "States.ArrayGetItem",
            [("States.StringSplit", [("path", "$.s"), ","]), ("States.MathAdd", [1, -1])],
        ),
    ),
    ("spaces", "  States.Array ( 1 ,  $.a )  ", ("States.Array", [1, ("path", "$.a")])),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in PARSED], ids=[c[0] for c in PARSED])
def test_parse(text: str, expected: Any) -> None:
    assert _shape(parse(text)) == expected


def test_string_literal_keeps_its_raw_text_for_format() -> None:
    literal = parse(r"States.Format('\{}{}', 1)").args[0]
    assert isinstance(literal, Literal)
    assert (literal.value, literal.raw) == ("{}{}", r"\{}{}")


def test_parse_is_cached() -> None:
    assert parse("States.UUID()") is parse("States.UUID()")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("States.Format('x')", True), ("  States.UUID()", True), ("$.a", False), ("States", False)],
    ids=["call", "leading-space", "path", "bare-word"],
)
def test_is_call(text: str, expected: bool) -> None:
    assert is_call(text) is expected


ERRORS = [
    (
        "unknown-function",
        "States.Formt('x')",
        "unknown intrinsic function 'States.Formt' (did you mean 'States.Format'?)",
        0,
    ),
    ("not-a-call", "Foo.Bar()", "expected a function name such as 'States.Format'", 0),
    ("missing-paren", "States.UUID", "expected '(' but found the end", 11),
    ("unterminated-string", "States.Array('abc", "unterminated string literal", 13),
    (
        "bad-escape",
        r"States.Array('a\nb')",
        "only \\', \\{, \\} and \\\\ are escapes in a string literal",
        16,
    ),
    ("missing-comma", "States.Array(1 2)", "expected ',' but found '2'", 15),
    ("trailing-text", "States.UUID() x", "unexpected text after the call", 14),
    (
        "bad-argument",
        "States.Array(foo)",
        "expected an argument (a string, number, true, false, null, path or call)",
        13,
    ),
    ("too-few", "States.ArrayGetItem($.a)", "'States.ArrayGetItem' takes 2 arguments, got 1", 0),
    ("too-many", "States.UUID(1)", "'States.UUID' takes 0 arguments, got 1", 0),
    ("format-without-template", "States.Format()", "'States.Format' takes at least 1 argument, got 0", 0),
    ("random-range", "States.MathRandom(1)", "'States.MathRandom' takes 2 to 3 arguments, got 1", 0),
    ("literal-type", "States.ArrayLength('abc')", "argument 1 of 'States.ArrayLength' must be array", 0),
    (
        "integer-literal",
        "States.ArrayGetItem($.a, 1.5)",
        "argument 2 of 'States.ArrayGetItem' must be integer",
        0,
    ),
    ("bad-path", "States.Array($.a[)", "unexpected token in bracketed selection 'TOKEN_RPAREN'", 17),
    ("nested-error-position", "States.Array(States.UUID(1))", "'States.UUID' takes 0 arguments, got 1", 13),
]


@pytest.mark.parametrize(("text", "message", "position"), [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_syntax_errors(text: str, message: str, position: int) -> None:
    with pytest.raises(IntrinsicSyntaxError) as caught:
        parse(text)
    assert (caught.value.message, caught.value.position) == (message, position)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("States.Nope()", "unknown-intrinsic"),
        ("States.UUID(1)", "intrinsic-arity"),
        ("States.ArrayLength('x')", "intrinsic-argument-type"),
        ("States.Array(", "invalid-intrinsic"),
    ],
    ids=["unknown", "arity", "argument-type", "syntax"],
)
def test_syntax_error_codes(text: str, code: str) -> None:
    with pytest.raises(IntrinsicSyntaxError) as caught:
        parse(text)
    assert caught.value.code == code


def test_signatures_cover_all_18_functions() -> None:
    assert len(SIGNATURES) == 18
    assert SIGNATURES["States.Format"].max_args is None
    assert SIGNATURES["States.MathRandom"].max_args == 3
    assert SIGNATURES["States.ArrayPartition"].params == (ArgType.ARRAY, ArgType.INTEGER)
