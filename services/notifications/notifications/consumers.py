"""Events notifications reacts to. Each handler runs inside the consumer's inbox transaction."""
from __future__ import annotations

from kefulib.messaging import Consumer
from pymongo.database import Database

from .config import survey_links, with_survey_links
from .handlers.campaign_surveys import DESK_ANSWERED, SURVEY_SAMPLED, on_desk_answered, on_survey_sampled
from .handlers.customer_notices import customer_handlers
from .handlers.directory import ROLE_GRANTED, ROLE_REMOVED, SHIFT_HANDED_OVER, on_role_changed, on_shift_handed_over
from .handlers.escalations import (
    NON_CONFORMANCE_OPENED,
    REVIEW_OVERDUE,
    SLA_BREACHED,
    on_non_conformance_opened,
    on_review_overdue,
    on_sla_breached,
)
from .handlers.households import NOTICE_PUBLISHED, PARCEL_RECEIVED, on_notice_published, on_parcel_received
from .handlers.surveys import (
    RETURN_VISIT_COMPLETED,
    RETURN_VISIT_SCHEDULED,
    on_return_visit_completed,
    on_return_visit_scheduled,
)

DIRECTORY_CONSUMER = "notifications.directory"      # who holds which role (identity), who is on duty (ticketing)
ESCALATIONS_CONSUMER = "notifications.escalations"  # matters that must reach people (ticketing, renovation)
CUSTOMERS_CONSUMER = "notifications.customers"      # progress the customer is told of (ticketing, billing)
SURVEYS_CONSUMER = "notifications.surveys"          # return visits to survey by message (from visits)
CAMPAIGN_SURVEYS_CONSUMER = "notifications.campaign-surveys"  # desk's sampled households and desk-entered answers
HOUSEHOLDS_CONSUMER = "notifications.households"    # notices and parcels the desk tells households of


def build_consumers(db: Database, settings) -> list[Consumer]:
    links = survey_links(with_survey_links(settings))
    return [
        Consumer(DIRECTORY_CONSUMER, db, settings.amqp_url, settings.topology, {
            ROLE_GRANTED: on_role_changed(db, active=True),
            ROLE_REMOVED: on_role_changed(db, active=False),
            SHIFT_HANDED_OVER: on_shift_handed_over(db),
        }),
        Consumer(ESCALATIONS_CONSUMER, db, settings.amqp_url, settings.topology, {
            SLA_BREACHED: on_sla_breached(db),
            NON_CONFORMANCE_OPENED: on_non_conformance_opened(db),
            REVIEW_OVERDUE: on_review_overdue(db),
        }),
        Consumer(CUSTOMERS_CONSUMER, db, settings.amqp_url, settings.topology, customer_handlers(db)),
        Consumer(SURVEYS_CONSUMER, db, settings.amqp_url, settings.topology, {
            RETURN_VISIT_SCHEDULED: on_return_visit_scheduled(db, links),
            RETURN_VISIT_COMPLETED: on_return_visit_completed(db),
        }),
        Consumer(CAMPAIGN_SURVEYS_CONSUMER, db, settings.amqp_url, settings.topology, {
            SURVEY_SAMPLED: on_survey_sampled(db, links),
            DESK_ANSWERED: on_desk_answered(db),
        }),
        Consumer(HOUSEHOLDS_CONSUMER, db, settings.amqp_url, settings.topology, {
            NOTICE_PUBLISHED: on_notice_published(db),
            PARCEL_RECEIVED: on_parcel_received(db),
        }),
    ]
