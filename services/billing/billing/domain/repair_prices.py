"""The repair price list (维修项目收费标准): labour per unit, materials billed separately.

No seed contains the list itself, so the packaged file is clearly marked sample data; a
project replaces it with its own approved list. Pricing a repair from the list gives a
quote line (BL-2), which the customer accepts before work starts (TK-6).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalogue import read_data_file
from .errors import BillingError, require_positive_int, require_text
from .lines import PricedLine
from .money import require_fen

REPAIR_PRICE_LIST_FILE = "repair_price_list.json"
MATERIALS_BASES = ("actual", "none")


@dataclass(frozen=True)
class RepairPriceItem:
    code: str
    name_zh: str
    name_en: str
    catalogue_code: str | None
    unit: str
    labour_fen: int
    materials_basis: str  # 'actual': 材料费另计 at actual cost; 'none': no parts normally used
    reference_materials_fen: int | None

    def __post_init__(self) -> None:
        require_text(self.code, "code")
        require_fen(self.labour_fen, "labour_fen")
        if self.materials_basis not in MATERIALS_BASES:
            raise BillingError("invalid_materials_basis", self.materials_basis, "materials_basis")
        if self.reference_materials_fen is not None:
            require_fen(self.reference_materials_fen, "reference_materials_fen")

    def quote_line(self, quantity: int, materials_fen: int = 0) -> PricedLine:
        """A priced line for `quantity` units; `materials_fen` is the actual parts total."""
        require_positive_int(quantity, "quantity")
        if self.materials_basis == "none" and materials_fen:
            raise BillingError("no_materials_for_item", self.code, "materials_fen")
        return PricedLine(
            catalogue_code=self.code,
            description=self.name_zh,
            quantity=quantity,
            unit_price_fen=self.labour_fen,
            materials_fen=materials_fen,
        )


@dataclass(frozen=True)
class RepairPriceList:
    is_sample: bool
    notice: str
    items: tuple[RepairPriceItem, ...]

    def item(self, code: str) -> RepairPriceItem:
        for candidate in self.items:
            if candidate.code == code:
                return candidate
        raise BillingError("unknown_repair_code", code, "catalogue_code")


def load_repair_price_list() -> RepairPriceList:
    """The packaged repair price list (sample data; `is_sample` says so)."""
    raw = read_data_file(REPAIR_PRICE_LIST_FILE)
    return RepairPriceList(
        is_sample=bool(raw.get("sample")),
        notice=raw.get("notice", ""),
        items=tuple(_repair_item(entry) for entry in raw["items"]),
    )


def _repair_item(raw: dict[str, Any]) -> RepairPriceItem:
    return RepairPriceItem(**{field: raw[field] for field in RepairPriceItem.__dataclass_fields__})
