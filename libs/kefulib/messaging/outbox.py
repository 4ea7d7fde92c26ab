"""Transactional outbox: the event is inserted in the same transaction as the state change."""
from __future__ import annotations

from datetime import UTC, datetime

from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..store import IndexSpec
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


def add_to_outbox(db: Database, event: Event, session: ClientSession) -> None:
    """Record `event` for publication; call inside the transaction that makes the change."""
    now = datetime.now(UTC)
    db[OUTBOX].insert_one({
        "_id": event.id,
        "routing_key": event.type,
        "tenant_id": event.tenant_id,
        "envelope": event.to_dict(),
        "status": "pending",
        "attempts": 0,
        "created_at": now,
        "available_at": now,
    }, session=session)
