"""Held charges: a person releases or cancels them, with a reason (BL-2, X-6).

A repair charge is held when the completed ticket and billing's quote disagree (see
``charges.decide_repair_charge``). Nothing is guessed: finance looks at the reason and either
releases the charge — at its recorded lines, or at a quote version the customer has since
accepted — so it gets its slip number and becomes payable, or cancels it, so it is never owed.
Either decision is final; only a held charge can take one.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import BillingError, require_text
from .lines import PricedLine
from .payments import REFUND_ROLES, TECHNICIAN
from .quotes import Quote, QuoteStatus


class HoldDecision(StrEnum):
    RELEASE = "release"
    CANCEL = "cancel"


STATUS_AFTER = {HoldDecision.RELEASE: "open", HoldDecision.CANCEL: "cancelled"}


@dataclass(frozen=True)
class Release:
    lines: tuple[PricedLine, ...]
    amount_fen: int
    quote_version: int | None


def release_unit(recorded: str | None, given: str | None) -> str:
    """The unit a released charge is owed by: the recorded one, or — for a charge held because the
    ticket named none — the one finance names. A recorded unit is never changed here."""
    if recorded is None:
        return require_text(given, "unit_id")
    if given is not None and given != recorded:
        raise BillingError("unit_already_recorded", f"the charge is owed by {recorded}", "unit_id")
    return recorded


def hold_decision_refusal(role: str) -> str | None:
    """Who may decide a held charge: the people who may lower what is owed (credit notes)."""
    if role == TECHNICIAN:
        return "technicians_never_take_money"
    if role not in REFUND_ROLES:
        return "finance_decides_held_charges"
    return None


def decide_hold(status: str, decision: HoldDecision | str, reason: object) -> str:
    """The charge's status after the decision; refused unless it is held and a reason is given."""
    decision = HoldDecision(decision)
    if status != "held":
        raise BillingError("charge_not_held", f"the charge is {status}")
    require_text(reason, "reason")
    return STATUS_AFTER[decision]


def release_terms(lines: tuple[PricedLine, ...], amount_fen: int, quote: Quote | None,
                  version: int | None, charged_versions: frozenset[int] = frozenset()) -> Release:
    """What a released charge is owed: as recorded, or the named quote version once accepted
    (and not already charged on another round)."""
    if version is None:
        return Release(lines, amount_fen, None)
    if quote is None:
        raise BillingError("charge_has_no_quote", "release it as recorded, without quote_version", "quote_version")
    chosen = next((v for v in quote.versions if v.number == version), None)
    if chosen is None or chosen.status is not QuoteStatus.ACCEPTED:
        raise BillingError("quote_version_not_accepted", f"version {version} of quote {quote.quote_id}",
                           "quote_version")
    if chosen.number in charged_versions:
        raise BillingError("quote_already_charged", f"version {version} of quote {quote.quote_id}", "quote_version")
    return Release(chosen.lines, chosen.total_fen, chosen.number)
