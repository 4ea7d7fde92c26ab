"""Charges from completed repairs (BL-3, TK-6/TK-7).

Ticketing publishes ``ticketing.repair.completed`` (docs/events.md) once the owner has signed the slip;
its ``data`` is the payload read here::

    {"ticket_id": "T-1", "unit_id": "U-3-1201",
     "lines": [{"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 1,
                "unit_price_fen": 3000, "materials_fen": 6000}],
     "warranty_rework_of": null}

A rework under warranty keeps its lines (what the work would have cost, for reporting)
but charges 0 (因修理质量引起的返修不得再收费用). The ticket id is the idempotency key:
one completed ticket yields at most one charge however often the event arrives.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import BillingError, require_text
from .lines import PricedLine, lines_total_fen, parse_lines
from .quotes import Quote

WARRANTY_REWORK = "warranty_rework"
# The event names no unit (docs/events.md, missing optional fields): the charge is kept, held for a
# person to put on the right unit, rather than dropped, dead-lettered or put on a made-up unit.
MISSING_UNIT = "missing_unit_id"


@dataclass(frozen=True)
class Charge:
    ticket_id: str
    unit_id: str | None  # None: the ticket named no unit; such a charge is held (MISSING_UNIT)
    lines: tuple[PricedLine, ...]
    amount_fen: int
    zero_reason: str | None = None
    warranty_rework_of: str | None = None

    @property
    def idempotency_key(self) -> str:
        return self.ticket_id

    @property
    def priced_total_fen(self) -> int:
        """What the lines are worth, even when the charge is waived."""
        return lines_total_fen(self.lines)


def charge_from_completed_repair(
    payload: Mapping[str, Any], accepted_quote: Quote | None = None
) -> Charge | None:
    """The charge for a completed repair, or None when the ticket carries nothing to bill.
    Without a unit the charge is still built (unit_id None); the caller holds it (MISSING_UNIT).

    When the ticket was quoted, pass its quote: the amount must be the accepted total
    (BL-2), otherwise the charge is refused until the customer accepts a new version.
    """
    if not isinstance(payload, Mapping):
        raise BillingError("required", "payload must be an object", "data")
    ticket_id = require_text(payload.get("ticket_id"), "ticket_id")
    unit = payload.get("unit_id")
    # Null, absent and blank all mean "no unit" (the events' one rule); never guessed.
    unit_id = unit.strip() if isinstance(unit, str) and unit.strip() else None
    rework_of = payload.get("warranty_rework_of")
    if rework_of is not None:
        rework_of = require_text(rework_of, "warranty_rework_of")
    if payload.get("lines") in (None, [], ()):
        return None
    lines = parse_lines(payload.get("lines"), "lines")
    if rework_of is not None:
        return Charge(ticket_id, unit_id, lines, 0, WARRANTY_REWORK, rework_of)
    amount = lines_total_fen(lines)
    if accepted_quote is not None:
        _require_matches_quote(ticket_id, amount, accepted_quote)
    return Charge(ticket_id, unit_id, lines, amount)


def _require_matches_quote(ticket_id: str, amount_fen: int, quote: Quote) -> None:
    if quote.ticket_id != ticket_id:
        raise BillingError("quote_for_other_ticket", quote.quote_id, "ticket_id")
    chargeable = quote.chargeable_fen  # raises no_accepted_quote
    if amount_fen != chargeable:
        raise BillingError(
            "charge_differs_from_accepted_quote",
            f"lines total {amount_fen} fen, accepted quote {chargeable} fen",
            "lines",
        )
