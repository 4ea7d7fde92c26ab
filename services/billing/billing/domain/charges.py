"""Charges from completed repairs (BL-3, TK-6/TK-7).

Ticketing publishes ``ticketing.repair.completed`` (docs/events.md) once the owner has signed the slip;
its ``data`` is the payload read here::

    {"ticket_id": "T-1", "unit_id": "U-3-1201", "quote_id": "Q-1", "quote_version": 2,
     "lines": [{"catalogue_code": "REP-02", "description": "更换水龙头", "quantity": 1,
                "unit_price_fen": 3000, "materials_fen": 6000}],
     "warranty_rework_of": null}

Billing owns the price: a quoted repair is charged exactly the lines of the quote version the
customer accepted, as billing stored it. The event's lines are ticketing's copy of that version;
when they disagree, or the version is unknown or not accepted, the charge is *held* for a person
(``decide_repair_charge``) rather than guessed. A rework under warranty is recorded at 0
(因修理质量引起的返修不得再收费用), with its lines when it has any, so the unit's statement shows it.
The ticket id and round are the idempotency key: one completed round yields at most one charge.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import BillingError, require_text
from .lines import PricedLine, lines_total_fen, parse_lines
from .quotes import Quote, QuoteStatus, QuoteVersion

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
    quote_version: int | None = None  # the accepted version charged, for a quoted repair

    @property
    def idempotency_key(self) -> str:
        return self.ticket_id

    @property
    def priced_total_fen(self) -> int:
        """What the lines are worth, even when the charge is waived."""
        return lines_total_fen(self.lines)


@dataclass(frozen=True)
class RepairChargeDecision:
    """What a completed repair becomes: a charge (or nothing to bill), held with a reason or not."""

    charge: Charge | None
    hold_reason: str | None = None

    @property
    def held(self) -> bool:
        return self.hold_reason is not None


def decide_repair_charge(payload: Mapping[str, Any], quote: Quote | None = None,
                         charged_versions: frozenset[int] = frozenset()) -> RepairChargeDecision:
    """The charge for a completed repair (BL-2/BL-3/TK-7).

    ``quote`` is billing's stored quote named by ``payload["quote_id"]`` (None when billing does
    not know it); ``charged_versions`` are the versions of that quote already charged on an earlier
    round, which are never charged twice. A charge without a unit is held (``MISSING_UNIT``) for a
    person to name the unit. A malformed payload raises ``BillingError``.
    """
    decision = _decide(payload, quote, charged_versions)
    if decision.charge is not None and decision.charge.unit_id is None and not decision.held:
        return RepairChargeDecision(decision.charge, MISSING_UNIT)
    return decision


def _decide(payload: Mapping[str, Any], quote: Quote | None, charged_versions: frozenset[int]) -> RepairChargeDecision:
    ticket_id, unit_id, rework_of = _identity(payload)
    lines = parse_lines(payload["lines"], "lines") if payload.get("lines") not in (None, [], ()) else ()
    if rework_of is not None:
        return RepairChargeDecision(Charge(ticket_id, unit_id, lines, 0, WARRANTY_REWORK, rework_of))
    if payload.get("quote_id") is None:
        return RepairChargeDecision(Charge(ticket_id, unit_id, lines, lines_total_fen(lines)) if lines else None)
    as_reported = Charge(ticket_id, unit_id, lines, lines_total_fen(lines))
    if quote is None:
        return RepairChargeDecision(as_reported, "unknown_quote")
    if quote.ticket_id != ticket_id:
        return RepairChargeDecision(as_reported, "quote_for_other_ticket")
    named = payload.get("quote_version")
    version = quote.accepted if named is None else _version(quote, named)
    if version is None:
        return RepairChargeDecision(as_reported, "no_accepted_quote")
    if version.status is not QuoteStatus.ACCEPTED:
        return RepairChargeDecision(as_reported, "quote_version_not_accepted")
    if version.number in charged_versions:
        return RepairChargeDecision(None)  # a reopened round of work already paid for: never charged twice
    if lines and lines_total_fen(lines) != version.total_fen:
        return RepairChargeDecision(as_reported, "charge_differs_from_accepted_quote")
    return RepairChargeDecision(Charge(ticket_id, unit_id, version.lines, version.total_fen,
                                       quote_version=version.number))


def charge_from_completed_repair(
    payload: Mapping[str, Any], accepted_quote: Quote | None = None
) -> Charge | None:
    """The charge for a completed repair, or None when the ticket carries nothing to bill.
    Without a unit the charge is still built (unit_id None); the caller holds it (MISSING_UNIT).

    When the ticket was quoted, pass its quote: the amount must be the accepted total
    (BL-2); a disagreement raises the reason ``decide_repair_charge`` would hold the charge for.
    """
    if accepted_quote is not None and isinstance(payload, Mapping) and payload.get("quote_id") is None:
        payload = {**payload, "quote_id": accepted_quote.quote_id}
    decision = decide_repair_charge(payload, accepted_quote)
    if decision.held and decision.hold_reason != MISSING_UNIT:
        raise BillingError(decision.hold_reason, f"ticket {payload.get('ticket_id')}", "lines")
    return decision.charge


def _identity(payload: Mapping[str, Any]) -> tuple[str, str | None, str | None]:
    if not isinstance(payload, Mapping):
        raise BillingError("required", "payload must be an object", "data")
    ticket_id = require_text(payload.get("ticket_id"), "ticket_id")
    unit = payload.get("unit_id")
    # Null, absent and blank all mean "no unit" (the events' one rule); never guessed.
    unit_id = unit.strip() if isinstance(unit, str) and unit.strip() else None
    rework_of = payload.get("warranty_rework_of")
    if rework_of is not None:
        rework_of = require_text(rework_of, "warranty_rework_of")
    return ticket_id, unit_id, rework_of


def _version(quote: Quote, number: object) -> QuoteVersion | None:
    if type(number) is not int or number < 1:
        raise BillingError("invalid_quote_version", repr(number), "quote_version")
    return next((v for v in quote.versions if v.number == number), None)
