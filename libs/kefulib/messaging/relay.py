"""Publishes outbox events to RabbitMQ with publisher confirms.

Several relays may run at once: each claims one row at a time by moving its `available_at` past a lease
(one small indexed update, never a scan of pending rows under the writers' feet), so an event is published by
one relay at a time, and a crashed relay's lease simply runs out. Delivery is at-least-once; consumers'
inboxes make repeats harmless.

Where the committing process publishes on commit (direct.py), the worker's relay is a safety net: it takes
only rows older than `grace` and polls slowly when idle, so an idle platform costs almost nothing.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from pika.exceptions import AMQPError
from pymongo.database import Database
from pymongo.errors import PyMongoError
from tenacity import Retrying, retry_if_exception_type, wait_exponential

from .. import metrics, tracing
from ..claims import DueRows
from .outbox import OUTBOX
from .topology import Topology, close_quietly, message_of, open_channel

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=30)
MAX_BACKOFF_SECONDS = 30
# Either server going away is waited out; an outbox row stays pending until the broker confirms it.
OUTAGES = (AMQPError, PyMongoError)


def retry_delay(attempts: int) -> timedelta:
    """Capped exponential backoff for an event the broker refused: 1 s, 2 s, 4 s … 30 s."""
    return timedelta(seconds=min(2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


class OutboxRelay:
    def __init__(self, db: Database, amqp_url: str, topology: Topology, *, batch_size: int = 200,
                 idle_sleep: float = 0.05, grace: timedelta = timedelta(0), service: str = ""):
        self.db = db
        self.service = service or db.name
        self.amqp_url = amqp_url
        self.topology = topology
        self.batch_size = batch_size
        self.idle_sleep = idle_sleep
        self.grace = grace  # leave younger rows to the process that committed them
        self.relay_id = str(uuid.uuid4())
        self._due = DueRows(db[OUTBOX], sort=[("available_at", 1)], page_size=batch_size)
        self._connection = None
        self._channel = None

    def _ensure_channel(self):
        if self._channel is None or self._channel.is_closed:
            self.close()
            self._connection, self._channel = open_channel(self.amqp_url, confirms=True)
            self.topology.declare_exchange(self._channel)
        return self._channel

    def close(self) -> None:
        close_quietly(self._connection)
        self._connection = self._channel = None

    def _claim_one(self) -> dict | None:
        """The oldest due pending row, leased to this relay (its `available_at` moved past the lease)."""
        now = datetime.now(UTC)
        return self._due.next({"status": "pending", "available_at": {"$lte": now - self.grace}},
                              {"$set": {"available_at": now + LEASE, "claimed_by": self.relay_id}})

    def run_once(self) -> int:
        """Publish up to `batch_size` due events, one claim at a time; how many the broker confirmed."""
        published = 0
        self._due.forget()  # one read of the due rows per round, not per row
        while published < self.batch_size:
            doc = self._claim_one()
            if doc is None:
                break
            try:
                self._publish(doc)
            except AMQPError:
                self._release_after_failure([doc])
                self.close()
                raise
            self.db[OUTBOX].update_one({"_id": doc["_id"], "tenant_id": doc["tenant_id"]}, {
                "$set": {"status": "published", "published_at": datetime.now(UTC)},
                "$unset": {"claimed_by": ""},
            })
            published += 1
        return published

    def _publish(self, doc: dict) -> None:
        channel = self._ensure_channel()
        metrics.count(metrics.RELAY_PUBLISHED, self.service)
        with tracing.publishing(doc) as trace_headers:  # returns once confirmed (or raises)
            channel.basic_publish(self.topology.exchange, *message_of(doc, trace_headers))
        metrics.count(metrics.RELAY_CONFIRMED, self.service)

    def _release_after_failure(self, unpublished: list[dict]) -> None:
        now = datetime.now(UTC)
        for doc in unpublished:
            attempts = doc.get("attempts", 0) + 1
            self.db[OUTBOX].update_one({"_id": doc["_id"], "tenant_id": doc["tenant_id"], "status": "pending"}, {
                "$set": {"attempts": attempts, "available_at": now + retry_delay(attempts)},
                "$unset": {"claimed_by": ""},
            })

    def pending_count(self) -> int:
        return self.db[OUTBOX].count_documents({"status": "pending"})

    def run_forever(self, stop: threading.Event) -> None:
        """Relay until `stop` is set; broker and database outages are waited out with capped backoff."""
        retrying = Retrying(
            retry=retry_if_exception_type(OUTAGES),
            wait=wait_exponential(multiplier=0.5, max=MAX_BACKOFF_SECONDS),
            before_sleep=lambda state: log.warning("broker or database unavailable, relay retrying",
                                                   extra={"error": str(state.outcome.exception())}),
            sleep=stop.wait,
            reraise=True,
        )
        while not stop.is_set():
            for attempt in retrying:
                with attempt:
                    if stop.is_set():
                        break
                    if self.run_once() == 0:
                        time.sleep(self.idle_sleep)
        self.close()
