"""Tokenizer and recursive-descent parser for intrinsic calls: `States.Name(arg, ...)`.

Arguments are nested calls, string literals in single quotes (the characters `'`, `{`, `}` and
`\\` are escaped with a backslash), numbers, `true`/`false`/`null`, and paths (`$.x`, `$$.x`,
`$name`). Arity and literal argument types are checked here, so a bad call fails before it runs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from flowdsl.diagnostics import did_you_mean
from flowdsl.expr.errors import ExpressionSyntaxError
from flowdsl.expr.intrinsics_ast import Arg, Call, Literal, PathArg
from flowdsl.expr.intrinsics_functions import bind
from flowdsl.expr.intrinsics_signatures import SIGNATURES
from flowdsl.expr.jsonpath import PathSyntaxError, compile_path

_NAME = re.compile(r"States\.[A-Za-z0-9]+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS = {"true": True, "false": False, "null": None}
_ESCAPABLE = "'{}\\"


class IntrinsicSyntaxError(ExpressionSyntaxError, ValueError):
    """A call that cannot be parsed or has the wrong arguments; `position` is 0-based in `text`.

    `code` names the kind of problem for diagnostics: `unknown-intrinsic`, `intrinsic-arity`,
    `intrinsic-argument-type` or `invalid-intrinsic` (any other syntax error).
    """

    language = "intrinsic function call"

    def __init__(self, message: str, text: str, position: int, code: str = "invalid-intrinsic") -> None:
        super().__init__(message, text, position, code)


@dataclass(slots=True)
class _Parser:
    text: str
    pos: int = 0

    def fail(
        self, message: str, position: int | None = None, code: str = "invalid-intrinsic"
    ) -> IntrinsicSyntaxError:
        return IntrinsicSyntaxError(message, self.text, self.pos if position is None else position, code)

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def expect(self, char: str) -> None:
        self.skip_spaces()
        if not self.text.startswith(char, self.pos):
            found = repr(self.text[self.pos]) if self.pos < len(self.text) else "the end"
            raise self.fail(f"expected '{char}' but found {found}")
        self.pos += 1

    def call(self) -> Call:
        self.skip_spaces()
        start = self.pos
        match = _NAME.match(self.text, self.pos)
        if match is None:
            raise self.fail("expected a function name such as 'States.Format'")
        name = match.group()
        if name not in SIGNATURES:
            suggestion = did_you_mean(name, list(SIGNATURES))
            raise self.fail(f"unknown intrinsic function '{name}'{suggestion}", code="unknown-intrinsic")
        self.pos = match.end()
        args = self.arguments()
        literal = [isinstance(arg, Literal) for arg in args]
        call = Call(name, tuple(args), self.text[start : self.pos], bind(name, literal))
        _check_arguments(call, self, start)
        return call

    def arguments(self) -> list[Arg]:
        self.expect("(")
        self.skip_spaces()
        args: list[Arg] = []
        if self.text.startswith(")", self.pos):
            self.pos += 1
            return args
        while True:
            args.append(self.argument())
            self.skip_spaces()
            if self.text.startswith(")", self.pos):
                self.pos += 1
                return args
            self.expect(",")

    def argument(self) -> Arg:
        self.skip_spaces()
        char = self.text[self.pos : self.pos + 1]
        if char == "'":
            return self.string()
        if char == "$":
            return self.path()
        if self.text.startswith("States.", self.pos):
            return self.call()
        if (number := _NUMBER.match(self.text, self.pos)) is not None:
            self.pos = number.end()
            return Literal(json.loads(number.group()))
        if (word := _WORD.match(self.text, self.pos)) is not None and word.group() in _KEYWORDS:
            self.pos = word.end()
            return Literal(_KEYWORDS[word.group()])
        raise self.fail("expected an argument (a string, number, true, false, null, path or call)")

    def string(self) -> Literal:
        start = self.pos
        self.pos += 1
        chars: list[str] = []
        while self.pos < len(self.text) and self.text[self.pos] != "'":
            if self.text[self.pos] == "\\":
                self.pos += 1
                if self.pos >= len(self.text) or self.text[self.pos] not in _ESCAPABLE:
                    raise self.fail("only \\', \\{, \\} and \\\\ are escapes in a string literal")
            chars.append(self.text[self.pos])
            self.pos += 1
        if self.pos >= len(self.text):
            raise self.fail("unterminated string literal", start)
        self.pos += 1
        return Literal("".join(chars), raw=self.text[start + 1 : self.pos - 1])

    def path(self) -> PathArg:
        start = self.pos
        self.pos = _path_end(self.text, start)
        text = self.text[start : self.pos].rstrip()
        try:
            return PathArg(compile_path(text))
        except PathSyntaxError as exc:
            raise self.fail(exc.message, start + exc.position) from None


def _path_end(text: str, pos: int) -> int:
    """Where a path argument ends: the first `,` or `)` outside brackets, parentheses and quotes."""
    depth = 0
    quote = ""
    while pos < len(text):
        char = text[pos]
        if quote:
            if char == "\\":
                pos += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])" and depth > 0:
            depth -= 1
        elif char in ",)" and depth == 0:
            return pos
        pos += 1
    return pos


def _check_arguments(call: Call, parser: _Parser, start: int) -> None:
    signature = SIGNATURES[call.name]
    count = len(call.args)
    maximum = signature.max_args
    if count < signature.min_args or (maximum is not None and count > maximum):
        wanted = _arity_text(signature.min_args, maximum)
        raise parser.fail(f"'{call.name}' takes {wanted}, got {count}", start, "intrinsic-arity")
    for index, arg in enumerate(call.args):
        expected = signature.param_type(index)
        if isinstance(arg, Literal) and not expected.accepts(arg.value):
            message = f"argument {index + 1} of '{call.name}' must be {expected.value}"
            raise parser.fail(message, start, "intrinsic-argument-type")


def _arity_text(minimum: int, maximum: int | None) -> str:
    if maximum is None:
        return f"at least {minimum} argument{'s' * (minimum != 1)}"
    if minimum == maximum:
        return f"{minimum} argument{'s' * (minimum != 1)}"
    return f"{minimum} to {maximum} arguments"


def parse_call(text: str) -> Call:
    """Parse one whole call; raises `IntrinsicSyntaxError`."""
    parser = _Parser(text)
    call = parser.call()
    parser.skip_spaces()
    if parser.pos != len(text):
        raise parser.fail("unexpected text after the call")
    return call
