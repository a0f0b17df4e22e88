"""The base of every ASL model: frozen, strict, unknown fields forbidden, PascalCase on the wire."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_pascal

# Payload templates, Result, Assign values and JSONata outputs are arbitrary JSON: this is
# the one edge where the model is deliberately loosely typed.
Json = Any


def asl_name(field: str) -> str:
    """The ASL spelling of a model field (`timeout_seconds_path` -> `TimeoutSecondsPath`).

    The model's alias generator, so the DSL's keyword options (named as the model's fields)
    map to the same ASL names the model parses and writes. A trailing underscore keeps a field
    off a Python keyword (`and_` -> `And`); ASL spells CSV in capitals (`CSVHeaders`).
    """
    return to_pascal(field.rstrip("_")).replace("Csv", "CSV")


class AslModel(BaseModel):
    """Base for all ASL objects.

    Absent and explicit `null` differ in ASL (`"ResultPath": null` discards the result), so
    serialisation keeps exactly the fields that were set (`exclude_unset`), and fields whose
    absence means a default carry that default (`result_path == "$"`).
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        strict=True,
        populate_by_name=True,
        alias_generator=asl_name,
        validate_default=False,
    )

    def model_post_init(self, context: Any, /) -> None:
        # Discriminators (`Type`) always serialise, even when left to their default.
        if "type" in type(self).model_fields:
            self.__pydantic_fields_set__.add("type")

    def to_json_obj(self) -> dict[str, Json]:
        """The ASL JSON object, with the fields that were set, in declaration order."""
        dumped: dict[str, Json] = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return dumped
