"""Desk charges: paid catalogue services that are not repairs (洗车, 复印, …), charged and paid
at the service centre (BL-1, BL-6).

A desk charge is priced only from the project's catalogue: the clerk names codes and
quantities, never prices, so the catalogue stays the one owner of what a service costs.
Repairs are not sold here (they are quoted and charged through their ticket) and free
services are never charged.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .errors import BillingError
from .lines import PricedLine
from .payments import CENTRE_ROLES, TECHNICIAN

DESK_ROLES = CENTRE_ROLES | {"project_manager"}


def desk_charge_refusal(role: str) -> str | None:
    if role == TECHNICIAN:
        return "technicians_never_take_money"
    if role not in DESK_ROLES:
        return "desk_staff_only"
    return None


def price_desk_lines(requested: Sequence[Mapping[str, Any]],
                     catalogue: Mapping[str, Mapping[str, Any]]) -> tuple[PricedLine, ...]:
    """Lines at the catalogue's price; ``catalogue`` maps code -> stored item of this project.

    Errors name the line (``lines.1.catalogue_code``); nothing is priced unless every line is.
    """
    if not requested:
        raise BillingError("no_lines", "at least one line is needed", "lines")
    return tuple(_line(raw, catalogue.get(raw.get("catalogue_code")), f"lines.{index}")
                 for index, raw in enumerate(requested))


def _line(raw: Mapping[str, Any], item: Mapping[str, Any] | None, where: str) -> PricedLine:
    code = raw.get("catalogue_code")
    if item is None or not item.get("active", True):
        raise BillingError("unknown_catalogue_code", f"{code} is not in this project's catalogue",
                           f"{where}.catalogue_code")
    if item["kind"] != "paid":
        what = "a repair is quoted and charged through its ticket" if item["kind"] == "repair" else "a free service"
        raise BillingError("not_a_desk_service", f"{code}: {what}", f"{where}.catalogue_code")
    if item.get("price_fen") is None:
        raise BillingError("item_not_priced", f"{code} has no price in this project yet", f"{where}.catalogue_code")
    materials = raw.get("materials_fen", 0)
    if materials and not item.get("materials_billed_separately"):
        raise BillingError("no_materials_for_item", f"{code} includes its materials", f"{where}.materials_fen")
    try:
        return PricedLine(code, item["name_zh"], raw.get("quantity"), item["price_fen"], materials)
    except BillingError as error:
        raise BillingError(error.reason, error.detail, f"{where}.{error.field}") from None
