"""Billing's quote events on the ticket (TK-6): the ticket keeps a reference to billing's quote
(id, version, status, and the accepted version's lines and total as billing sent them) and
lets its state machine allow or stop work. Runs inside the consumer's inbox transaction."""
from __future__ import annotations

import logging

from kefulib.messaging import Event
from kefulib.store import TenantCollection
from pymongo.database import Database

from ..domain import (
    ActionContext,
    QuoteChange,
    QuoteFact,
    follow_quote,
    ignore_reason,
    snapshot_from_document,
    snapshot_to_document,
)
from ..domain.events import QUOTE_FOLLOWED
from ..store import TICKETS
from .common import history_line, now, save_ticket
from .sla import sla_fields

log = logging.getLogger(__name__)

QUOTE_EVENTS = {"billing.quote.sent": QuoteChange.SENT, "billing.quote.accepted": QuoteChange.ACCEPTED,
                "billing.quote.declined": QuoteChange.DECLINED, "billing.quote.revised": QuoteChange.REVISED}


def _fact(event: Event) -> QuoteFact:
    data = event.data
    return QuoteFact(QUOTE_EVENTS[event.type], data["quote_id"], data["version"], data["quote_revision"],
                     data.get("total_fen") or 0)


def _tracked(fact: QuoteFact, previous: dict | None, data: dict, at) -> dict:
    """The ticket's reference to billing's quote after this change."""
    kept = previous if previous and previous.get("id") == fact.quote_id else {}  # a new quote starts afresh
    quote = {"id": fact.quote_id, "version": fact.version, "status": str(fact.change), "revision": fact.revision,
             "total_fen": fact.total_fen, "updated_at": at,
             "accepted_version": kept.get("accepted_version"), "lines": kept.get("lines", [])}
    if fact.change is QuoteChange.ACCEPTED:
        quote.update(accepted_version=fact.version, lines=data.get("lines", []), recorded_via=data.get("recorded_via"))
    elif fact.change is QuoteChange.REVISED:
        quote.update(accepted_version=None, lines=[])  # the accepted version is superseded: nothing agreed now
    return quote


def follow_billing_quote(db: Database, event: Event, session) -> None:
    data, at = event.data, now()
    doc = TenantCollection(db[TICKETS], event.tenant_id).find_one({"_id": data.get("ticket_id")}, session=session)
    if doc is None:
        log.info("quote for an unknown ticket ignored", extra={"record_id": data.get("quote_id")})
        return  # billing takes any ticket id; a quote for a ticket this project does not have moves nothing
    fact = _fact(event)
    snapshot = snapshot_from_document(doc["snapshot"])
    tracked = doc.get("quote") if "revision" in (doc.get("quote") or {}) else None  # else priced by old ticketing
    reason = ignore_reason(snapshot, tracked, fact, bool(doc.get("under_warranty")))
    if reason:
        log.info("quote event ignored: %s", reason, extra={"ticket_id": doc["_id"], "quote_id": fact.quote_id})
        return
    note = f"billing quote {fact.quote_id} v{fact.version} {fact.change} ({fact.total_fen} fen)"
    ctx = ActionContext(actor=event.actor or "billing", at=max(at, snapshot.updated_at or at), note=note)
    transition = follow_quote(snapshot, fact, ctx)
    after = transition.snapshot
    sla, unset = sla_fields(doc["sla"], after)
    followed = Event(QUOTE_FOLLOWED, event.tenant_id, actor=event.actor or "billing", data={
        "ticket_id": doc["_id"], "quote_id": fact.quote_id, "version": fact.version, "quote_status": str(fact.change),
        "from_state": str(snapshot.state), "to_state": str(after.state), "at": transition.entry.at.isoformat()})
    save_ticket(db, doc, {**sla, "snapshot": snapshot_to_document(after), "status": str(after.state),
                          "quote": _tracked(fact, doc.get("quote"), data, at)},
                session, unset=unset, history=[history_line(transition.entry)], events=[followed])
