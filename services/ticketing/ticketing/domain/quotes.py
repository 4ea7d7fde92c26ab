"""Following billing's quote (TK-6, BL-2): billing owns the price and records the customer's
answer; the ticket learns of each change by event and decides only whether work may start.

Each event names the quote, its version and ``quote_revision``, billing's change counter for
that quote, so a late or repeated event is recognised and changes nothing. The customer's
answer is a fact: when the ticket cannot move for it (say it is waiting for parts), the answer
is still kept, so work is allowed or refused as the customer decided.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from .errors import TransitionRefused
from .state_machine import apply
from .ticket import ActionContext, HistoryEntry, QuoteStatus, TicketAction, TicketSnapshot, Transition


class QuoteChange(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REVISED = "revised"


ACTION_FOR = {QuoteChange.SENT: TicketAction.SEND_QUOTE, QuoteChange.ACCEPTED: TicketAction.ACCEPT_QUOTE,
              QuoteChange.DECLINED: TicketAction.DECLINE_QUOTE, QuoteChange.REVISED: TicketAction.QUOTE_REVISED}
STATUS_AFTER = {QuoteChange.SENT: QuoteStatus.SENT, QuoteChange.ACCEPTED: QuoteStatus.ACCEPTED,
                QuoteChange.DECLINED: QuoteStatus.DECLINED, QuoteChange.REVISED: QuoteStatus.REVISED}


@dataclass(frozen=True)
class QuoteFact:
    """One change of billing's quote for this ticket."""

    change: QuoteChange
    quote_id: str
    version: int
    revision: int
    total_fen: int


def ignore_reason(snapshot: TicketSnapshot, tracked: Mapping[str, Any] | None, fact: QuoteFact,
                  under_warranty: bool) -> str | None:
    """Why this fact changes nothing on the ticket, or None to follow it.

    ``tracked`` is the quote the ticket follows (``id``, ``revision``, ``status``) or None.
    """
    if not snapshot.state.is_open:
        return f"the ticket is {snapshot.state}"
    if not snapshot.kind.is_repair:
        return f"only a repair is quoted; this is a {snapshot.kind}"
    if under_warranty:
        return "a warranty rework is free (TK-7); billing will record it at zero whatever was quoted"
    if tracked and tracked["id"] != fact.quote_id and tracked["status"] != QuoteStatus.DECLINED:
        return f"the ticket follows quote {tracked['id']}"
    if tracked and tracked["id"] == fact.quote_id and fact.revision <= tracked["revision"]:
        return f"late or repeated: revision {fact.revision} of the quote is already known"
    return None


def follow_quote(snapshot: TicketSnapshot, fact: QuoteFact, ctx: ActionContext) -> Transition:
    """The ticket after the quote change: moved by the state machine where it can move, else the
    answer recorded in place."""
    action = ACTION_FOR[fact.change]
    ctx = replace(ctx, price_fen=fact.total_fen)
    try:
        return apply(snapshot, action, ctx)
    except TransitionRefused:
        after = replace(snapshot, quote_status=STATUS_AFTER[fact.change], updated_at=ctx.at,
                        quoted_price_fen=fact.total_fen, paid_repair=snapshot.paid_repair or fact.total_fen > 0)
        return Transition(after, HistoryEntry(ctx.at, ctx.actor.strip(), action, snapshot.state, snapshot.state,
                                              ctx.note.strip()))
