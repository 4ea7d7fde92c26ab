"""Events ticketing reacts to. Each handler runs inside the consumer's inbox transaction."""
from __future__ import annotations

import logging

from kefulib.messaging import Consumer, Event
from kefulib.store import TenantCollection
from pymongo.database import Database

from .domain import TicketAction
from .handlers.common import now
from .handlers.escalations import ESCALATION_NOTIFIED, on_escalation_notified
from .handlers.quotes import QUOTE_EVENTS, follow_billing_quote
from .handlers.tickets import perform
from .store import TICKETS

log = logging.getLogger(__name__)

CLOSED_LOOP_CONSUMER = "ticketing.closed-loop"
ESCALATIONS_CONSUMER = "ticketing.escalations"
QUOTES_CONSUMER = "ticketing.quotes"
RETURN_VISIT_COMPLETED = "visits.return_visit.completed"


def on_return_visit_completed(db: Database):
    """TK-10: a happy return visit closes the ticket; an unhappy one (or the problem came back) reopens it.

    Only the visit of the ticket's current round counts: a late event about an earlier round,
    or one for a ticket that is not awaiting its return visit, changes nothing.
    """
    def handle(event: Event, session) -> None:
        data = event.data
        doc = TenantCollection(db[TICKETS], event.tenant_id).find_one({"_id": data["ticket_id"]}, session=session)
        if doc is None or doc["status"] != "awaiting_return_visit" or data.get("round", 1) != doc.get("round", 1):
            log.info("return visit ignored", extra={"record_id": data.get("ticket_id")})
            return
        unhappy = bool(data.get("unhappy") or data.get("problem_came_back"))
        action = TicketAction.RETURN_VISIT_UNHAPPY if unhappy else TicketAction.RETURN_VISIT_HAPPY
        note = "return visit: " + ("problem came back" if data.get("problem_came_back") else
                                   "customer unhappy" if unhappy else "customer satisfied")
        perform(db, doc, action, {"note": note, "satisfaction": data.get("satisfaction"),
                                  "return_visit_id": data.get("return_visit_id")},
                event.actor or "visits", now(), session)
    return handle


def on_quote_changed(db: Database):
    """TK-6: billing's quote was sent, accepted, declined or revised; work is allowed or stopped accordingly."""
    def handle(event: Event, session) -> None:
        follow_billing_quote(db, event, session)
    return handle


def build_consumers(db: Database, settings) -> list[Consumer]:
    return [Consumer(CLOSED_LOOP_CONSUMER, db, settings.amqp_url, settings.topology, {
        RETURN_VISIT_COMPLETED: on_return_visit_completed(db),
    }), Consumer(ESCALATIONS_CONSUMER, db, settings.amqp_url, settings.topology, {
        ESCALATION_NOTIFIED: on_escalation_notified(db),  # who was told at each level (TK-4)
    }), Consumer(QUOTES_CONSUMER, db, settings.amqp_url, settings.topology,
                 {event_type: on_quote_changed(db) for event_type in QUOTE_EVENTS})]
