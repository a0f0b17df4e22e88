"""Which strings are JSONata expressions: AWS's `{% <expression> %}` surround."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.expr.jsonata import expression_text, is_expression, surround_error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{% 10 %}", True, id="number"),
        pytest.param("{% $states.input.a %}", True, id="path"),
        pytest.param("{%  1 + 2  %}", True, id="extra-inner-spaces"),
        pytest.param("{% %}", False, id="empty"),
        pytest.param("{%10%}", True, id="no-spaces"),
        pytest.param("{%$lowercase('A') %}", True, id="space-on-one-side"),
        pytest.param("{% 10 %", False, id="no-close"),
        pytest.param("10 %}", False, id="no-open"),
        pytest.param("{% \n10 %}", True, id="newline"),
        pytest.param("{%   %}", False, id="blank"),
        pytest.param(" {% 10 %}", False, id="leading-space"),
        pytest.param("{% 10 %} ", False, id="trailing-space"),
        pytest.param("plain", False, id="literal"),
        pytest.param(10, False, id="not-a-string"),
    ],
)
def test_is_expression(text: object, expected: bool) -> None:
    assert is_expression(text) is expected


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        pytest.param("{% 10 %}", False, id="well-formed"),
        pytest.param("hello", False, id="literal"),
        pytest.param("100%", False, id="percent-literal"),
        pytest.param("{%10%}", False, id="no-spaces"),
        pytest.param("{% %}", True, id="empty"),
        pytest.param("{% 10 %", True, id="no-close"),
        pytest.param("10 %}", True, id="no-open"),
    ],
)
def test_surround_error_flags_only_attempted_expressions(text: str, flagged: bool) -> None:
    assert (surround_error(text) is not None) is flagged


def test_expression_text_strips_the_delimiters_only() -> None:
    assert expression_text("{% $a & ' %} ' %}") == "$a & ' %} '"
    assert expression_text("$a") == "$a"


def _surround_fixtures(conformance_dir: Path) -> list[tuple[str, str]]:
    folder = conformance_dir / "validation" / "asl-validator"
    names = sorted(folder.glob("*surround-syntax*"))
    return [(path.name, json.loads(path.read_text())["States"]["X"]["Output"]) for path in names]


def test_asl_validator_surround_fixtures(conformance_dir: Path) -> None:
    fixtures = _surround_fixtures(conformance_dir)
    assert len(fixtures) >= 5, "the asl-validator surround fixtures moved"
    verdicts = {name: is_expression(output) for name, output in fixtures}
    expected = {name: name.startswith("valid-") for name, _ in fixtures}
    # Deliberate difference: AWS requires no spaces inside the delimiters (see _SURROUND).
    expected["invalid-jsonata-surround-syntax-no-spaces.json"] = True
    expected["invalid-json-surround-syntax-extra-spaces.json"] = True
    assert verdicts == expected
