"""Parsing: syntax errors carry JSONata's message and position; compiled expressions are cached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.expr.jsonata import JsonataSyntaxError, is_expression, parse


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        pytest.param("10 + * 2", "S0201", 8, id="operator-without-operand"),
        pytest.param("$sum($states.input.items", "S0203", 24, id="unclosed-paren"),
        pytest.param("$.a[?(@.b < 1)]", "S0211", 5, id="jsonpath-filter"),
        pytest.param("'abc", "S0101", 4, id="unterminated-string"),
        pytest.param("", "S0207", 0, id="empty"),
    ],
)
def test_syntax_errors_carry_code_and_position(text: str, code: str, position: int) -> None:
    with pytest.raises(JsonataSyntaxError) as caught:
        parse(text)
    assert (caught.value.code, caught.value.position) == (code, position)
    assert caught.value.message


def test_parse_accepts_the_surround_and_caches() -> None:
    first = parse("{% $states.input.a + 1 %}")
    assert first.text == "$states.input.a + 1"
    assert parse("{% $states.input.a + 1 %}") is first


def _asl_validator_syntax_fixtures(conformance_dir: Path) -> list[Path]:
    folder = conformance_dir / "validation" / "asl-validator"
    return sorted(folder.glob("*jsonata-syntax*"))


def _expressions(value: object) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _expressions(item)]
    if isinstance(value, list):
        return [text for item in value for text in _expressions(item)]
    return [value] if isinstance(value, str) and is_expression(value) else []


def _parses(text: str) -> bool:
    try:
        parse(text)
    except JsonataSyntaxError:
        return False
    return True


def test_asl_validator_syntax_fixtures(conformance_dir: Path) -> None:
    fixtures = _asl_validator_syntax_fixtures(conformance_dir)
    assert len(fixtures) >= 5, "the asl-validator JSONata syntax fixtures moved"
    for path in fixtures:
        texts = _expressions(json.loads(path.read_text())["States"])
        assert texts, path.name
        assert all(map(_parses, texts)) is path.name.startswith("valid-"), path.name
