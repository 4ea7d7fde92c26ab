"""Priced lines shared by quotes (BL-2) and charges (BL-3)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import BillingError, require_positive_int, require_text
from .money import require_fen


@dataclass(frozen=True)
class PricedLine:
    """One priced line: labour is quantity × unit price; materials are the line's parts total.

    Materials are a total rather than a unit price because parts are bought per job
    (材料费另计, at actual cost), not per unit of labour.
    """

    catalogue_code: str | None  # None for an off-catalogue repair priced on site (TK-4)
    description: str
    quantity: int
    unit_price_fen: int
    materials_fen: int = 0

    def __post_init__(self) -> None:
        if self.catalogue_code is not None:
            require_text(self.catalogue_code, "catalogue_code")
        require_text(self.description, "description")
        require_positive_int(self.quantity, "quantity")
        require_fen(self.unit_price_fen, "unit_price_fen")
        require_fen(self.materials_fen, "materials_fen")

    @property
    def labour_fen(self) -> int:
        return self.quantity * self.unit_price_fen

    @property
    def total_fen(self) -> int:
        return self.labour_fen + self.materials_fen


def lines_total_fen(lines: Sequence[PricedLine]) -> int:
    return sum(line.total_fen for line in lines)


def parse_lines(raw_lines: object, field: str = "lines") -> tuple[PricedLine, ...]:
    """Build lines from plain mappings (an event payload or request body).

    Errors name the exact input, e.g. ``lines[2].quantity``, and nothing is built
    unless every line is valid.
    """
    if not isinstance(raw_lines, Sequence) or isinstance(raw_lines, (str, bytes)):
        raise BillingError("required", "must be a list of lines", field)
    if not raw_lines:
        raise BillingError("no_lines", "at least one line is needed", field)
    return tuple(_parse_line(raw, f"{field}[{index}]") for index, raw in enumerate(raw_lines))


def _parse_line(raw: Any, field: str) -> PricedLine:
    if not isinstance(raw, Mapping):
        raise BillingError("required", "each line must be an object", field)
    try:
        return PricedLine(
            catalogue_code=raw.get("catalogue_code"),
            description=raw.get("description"),  # type: ignore[arg-type]
            quantity=raw.get("quantity"),  # type: ignore[arg-type]
            unit_price_fen=raw.get("unit_price_fen"),  # type: ignore[arg-type]
            materials_fen=raw.get("materials_fen", 0),
        )
    except BillingError as error:
        raise BillingError(error.reason, error.detail, f"{field}.{error.field}") from None
