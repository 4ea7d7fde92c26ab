"""Events desk reacts to, each handler inside the consumer's inbox transaction: identity's units (the households
surveys are sampled from), notifications' survey answers and notice progress, and ticketing's tickets and
hand-overs (the reports)."""
from __future__ import annotations

from kefulib.messaging import Consumer
from pymongo.database import Database

from .handlers.notices import NOTICE_PROGRESS, on_progress
from .handlers.reports import ticket_handlers
from .handlers.surveys import IDENTITY_UNIT_CREATED, LINK_ANSWERED, on_link_answered, on_unit_created

SURVEYS_CONSUMER = "desk.surveys"   # units to sample and answers given through links
REPORTS_CONSUMER = "desk.reports"   # ticketing's intake, finished work and hand-overs, for the daily report
NOTICES_CONSUMER = "desk.notices"   # notifications' counts of a notice's deliveries and reads


def build_consumers(db: Database, settings) -> list[Consumer]:
    return [
        Consumer(SURVEYS_CONSUMER, db, settings.amqp_url, settings.topology, {
            IDENTITY_UNIT_CREATED: on_unit_created(db),
            LINK_ANSWERED: on_link_answered(db),
        }),
        Consumer(REPORTS_CONSUMER, db, settings.amqp_url, settings.topology, ticket_handlers(db)),
        Consumer(NOTICES_CONSUMER, db, settings.amqp_url, settings.topology, {NOTICE_PROGRESS: on_progress(db)}),
    ]
