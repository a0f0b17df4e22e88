"""Models the type-check tests share."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from typing_extensions import TypedDict


class Line(TypedDict):
    sku: str
    qty: int


class Order(BaseModel):
    id: str
    lines: list[Line]
    rush: bool
    note: str | None = None
    total_cents: int = Field(alias="totalCents")


class Priced(BaseModel):
    sku: str
    price: float


class Ship(BaseModel):
    order_id: str
    count: int


def price(event: Line, context: Any) -> Priced:
    return Priced(sku=event["sku"], price=1.5)


def ship(event: Ship, context: Any) -> Ship:
    return event
