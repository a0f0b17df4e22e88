"""State names that display as other text (bidi overrides, invisible characters) are warned about."""

from __future__ import annotations

import pytest

from flowdsl.checks import check_document


def _named(name: str) -> dict[str, object]:
    return {"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}}


@pytest.mark.parametrize(
    "name",
    ["Pay \u202eetadpu", "Appro\u200bve", "Ship\u2066 it\u2069", "\ufeffStart"],
    ids=["right-to-left-override", "zero-width-space", "isolate", "byte-order-mark"],
)
def test_format_characters_in_a_name_are_a_warning_with_the_name_escaped(name: str) -> None:
    (diagnostic,) = check_document(_named(name))
    assert diagnostic.code == "spoofable-state-name"
    assert diagnostic.severity.value == "warning"
    shown = diagnostic.format()
    assert all(ch not in shown for ch in "\u202e\u200b\u2066\u2069\ufeff")
    assert "\\u" in shown


@pytest.mark.parametrize("name", ["Zahlung prüfen", "注文を確認", "مرحبا", "Emoji 🚀"])
def test_ordinary_unicode_names_are_fine(name: str) -> None:
    assert check_document(_named(name)) == []
