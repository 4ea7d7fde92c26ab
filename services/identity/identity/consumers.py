"""Events identity reacts to, each handler inside the consumer's inbox transaction: the renovation service's steps
keep the unit's renovation checklist (RN-01…RN-12) in step (handlers/renovation_checklist.py)."""
from __future__ import annotations

from kefulib.messaging import Consumer, Event
from pymongo.database import Database

from .domain import RENOVATION_EVENT_TYPES
from .handlers.renovation_checklist import apply_renovation_event

RENOVATION_CONSUMER = "identity.renovation-checklist"


def on_renovation_step(db: Database):
    def handle(event: Event, session) -> None:
        apply_renovation_event(db, event, session)
    return handle


def build_consumers(db: Database, settings) -> list[Consumer]:
    return [Consumer(RENOVATION_CONSUMER, db, settings.amqp_url, settings.topology,
                     {event_type: on_renovation_step(db) for event_type in RENOVATION_EVENT_TYPES})]
