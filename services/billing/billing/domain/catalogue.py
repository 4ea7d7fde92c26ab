"""The service catalogue seeded from handbook 001 (BL-1): 28 free and 60 paid services.

How the 28/60 were counted (details in data/catalogue_seed001.json, key "counting"): both
numbered lists of 《业户服务项目一览表》 run 1..28 and 1..60 without gaps or repeats. Each
opens with a column-heading line (编号项目内容备注) that is not a service, and paid item 38
is wrapped over two lines (接送小孩小 / 学(村内)); the fragment belongs to item 38. Entries
that name several things joined by 、 are one service, as the handbook numbers them once.

The handbook prices nothing ("随行就市" — published at the market rate), so paid items start
with ``price_fen`` None and each project sets its own price with `with_project_price`.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from importlib import resources
from typing import Any

from .errors import BillingError, require_text
from .money import format_yuan, require_fen

SEED_CATALOGUE_FILE = "catalogue_seed001.json"


class ServiceKind(StrEnum):
    FREE = "free"  # 无偿服务
    PAID = "paid"  # 有偿服务


@dataclass(frozen=True)
class CatalogueItem:
    """One service a project offers (业户服务项目); prices in fen, None until set."""

    code: str
    kind: ServiceKind
    handbook_number: int
    category: str
    name_zh: str
    price_text: str
    price_fen: int | None
    unit: str | None
    materials_billed_separately: bool
    pricing_note: str | None = None

    def __post_init__(self) -> None:
        require_text(self.code, "code")
        require_text(self.name_zh, "name_zh")
        if self.price_fen is not None:
            require_fen(self.price_fen, "price_fen")
        if self.kind is ServiceKind.FREE and self.price_fen != 0:
            raise BillingError("free_service_has_price", self.code, "price_fen")

    def with_project_price(self, price_fen: int, unit: str, note: str | None = None) -> CatalogueItem:
        """This item as a project sells it: a fixed price per unit such as 元/次 or 元/小时."""
        if self.kind is ServiceKind.FREE:
            raise BillingError("free_service_has_price", f"{self.code} is free", "price_fen")
        return replace(
            self,
            price_fen=require_fen(price_fen, "price_fen"),
            unit=require_text(unit, "unit"),
            price_text=f"{format_yuan(price_fen)}{unit}",
            pricing_note=note,
        )


def catalogue_item_from_dict(raw: dict[str, Any]) -> CatalogueItem:
    return CatalogueItem(
        code=raw["code"],
        kind=ServiceKind(raw["kind"]),
        handbook_number=raw["handbook_number"],
        category=raw["category"],
        name_zh=raw["name_zh"],
        price_text=raw["price_text"],
        price_fen=raw["price_fen"],
        unit=raw["unit"],
        materials_billed_separately=raw["materials_billed_separately"],
        pricing_note=raw.get("pricing_note"),
    )


def read_data_file(name: str) -> dict[str, Any]:
    """Read one JSON file packaged in ``billing/data`` (the only I/O this layer does)."""
    text = resources.files("billing").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


def load_seed_catalogue() -> list[CatalogueItem]:
    """The 88 services of handbook 001, free ones first, each list in handbook order."""
    raw_items = read_data_file(SEED_CATALOGUE_FILE)["items"]
    return [catalogue_item_from_dict(raw) for raw in raw_items]


def find_item(items: Iterable[CatalogueItem], code: str) -> CatalogueItem:
    """The item with `code`, or a BillingError naming the unknown code."""
    for item in items:
        if item.code == code:
            return item
    raise BillingError("unknown_catalogue_code", code, "catalogue_code")
