"""Transactional outbox: the event is inserted in the same transaction as the state change."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from pymongo.client_session import ClientSession
from pymongo.database import Database

from .. import tracing
from ..store import IndexSpec, after_commit
from . import contracts
from .envelope import Event

OUTBOX = "outbox"
PUBLISHED_RETENTION_SECONDS = 7 * 24 * 3600

OUTBOX_INDEXES = [
    # The relay's claim query: pending events whose retry time has come, oldest first.
    IndexSpec(OUTBOX, [("status", 1), ("available_at", 1)], tenant_scoped=False, name="outbox_pending"),
    # Published events are kept a week for tracing, then expire.
    IndexSpec(OUTBOX, [("published_at", 1)], tenant_scoped=False, name="outbox_published_ttl",
              expire_after_seconds=PUBLISHED_RETENTION_SECONDS),
]


# This process's publish-on-commit path (direct.py installs it), or None: the relay publishes.
_publisher = None


def use_publisher(publisher) -> None:
    global _publisher
    _publisher = publisher


def add_to_outbox(db: Database, event: Event, session: ClientSession, *, contract_check: bool = True) -> None:
    """Record `event` for publication; call inside the transaction that makes the change.

    With KEFU_VALIDATE_EVENTS on (the tests) an event its schema refuses raises ContractViolation
    and the change is rolled back: every event any test makes a service emit is checked here.
    `contract_check=False` is only for tests that publish a deliberately broken or made-up event.
    """
    traceparent = tracing.current_traceparent()  # None when tracing is off: the envelope is as before
    if traceparent and not event.traceparent:
        event = dataclasses.replace(event, traceparent=traceparent)
    if contract_check and contracts.validation_enabled():
        contracts.check(event)
    now = datetime.now(UTC)
    doc = {
        "_id": event.id,
        "routing_key": event.type,
        "tenant_id": event.tenant_id,
        "envelope": event.to_dict(),
        "status": "pending",
        "attempts": 0,
        "created_at": now,
        "available_at": now,
    }
    db[OUTBOX].insert_one(doc, session=session)
    publisher = _publisher
    if publisher is not None:  # published the moment the change commits; the relay is the safety net
        after_commit(session, lambda: publisher.publish_committed(db, [doc]))
