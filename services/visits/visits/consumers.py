"""Events visits reacts to. Each handler runs inside the consumer's inbox transaction."""
from __future__ import annotations

from kefulib.messaging import Consumer, Event
from pymongo.database import Database

from .handlers import interviews, return_visits

RETURN_VISITS_CONSUMER = "visits.return-visits"
CUSTOMERS_CONSUMER = "visits.customers"


def on_ticket_created(db: Database):
    """Record a pending return-visit placeholder (回访) for a newly received ticket."""
    def handle(event: Event, session) -> None:
        return_visits.record_placeholder(db, event, session)
    return handle


def on_ticket_done(db: Database):
    """A repair completed or a complaint resolved: schedule its return visit (one per ticket and round)."""
    def handle(event: Event, session) -> None:
        return_visits.schedule_from_event(db, event, session)
    return handle


def on_survey_answered(db: Database):
    """The customer answered the return visit's survey by message: complete the visit as a call would."""
    def handle(event: Event, session) -> None:
        return_visits.complete_from_survey(db, event, session)
    return handle


def on_customer_classified(db: Database):
    def handle(event: Event, session) -> None:
        interviews.on_customer_classified(db, event, session)
    return handle


def on_unit_created(db: Database):
    def handle(event: Event, session) -> None:
        interviews.on_unit_created(db, event, session)
    return handle


def build_consumers(db: Database, settings) -> list[Consumer]:
    return [
        Consumer(RETURN_VISITS_CONSUMER, db, settings.amqp_url, settings.topology, {
            "ticketing.ticket.created": on_ticket_created(db),
            "ticketing.repair.completed": on_ticket_done(db),
            "ticketing.complaint.resolved": on_ticket_done(db),
            "notifications.survey.answered": on_survey_answered(db),
        }),
        Consumer(CUSTOMERS_CONSUMER, db, settings.amqp_url, settings.topology, {
            "identity.customer.classified": on_customer_classified(db),
            "identity.unit.created": on_unit_created(db),
        }),
    ]
