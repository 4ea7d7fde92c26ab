"""Publishes outbox events to RabbitMQ with publisher confirms.

Several relays may run at once: each claims a batch by stamping a lease on it, so an event is
published by one relay at a time, and a crashed relay's lease simply runs out. Delivery is
at-least-once; consumers' inboxes make repeats harmless.
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pika
from pika.exceptions import AMQPError
from pymongo.database import Database
from pymongo.errors import PyMongoError
from tenacity import Retrying, retry_if_exception_type, wait_exponential

from .outbox import OUTBOX
from .topology import Topology, close_quietly, open_channel

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
                 idle_sleep: float = 0.05):
        self.db = db
        self.amqp_url = amqp_url
        self.topology = topology
        self.batch_size = batch_size
        self.idle_sleep = idle_sleep
        self.relay_id = str(uuid.uuid4())
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

    def _claim(self) -> list[dict]:
        now = datetime.now(UTC)
        outbox = self.db[OUTBOX]
        candidates = [d["_id"] for d in outbox.find(
            {"status": "pending", "available_at": {"$lte": now}}, {"_id": 1},
        ).sort("available_at", 1).limit(self.batch_size)]
        if not candidates:
            return []
        claim_token = f"{self.relay_id}:{uuid.uuid4()}"
        outbox.update_many(
            {"_id": {"$in": candidates}, "status": "pending",
             "$or": [{"lease_until": {"$exists": False}}, {"lease_until": {"$lt": now}}]},
            {"$set": {"claimed_by": claim_token, "lease_until": now + LEASE}},
        )
        return list(outbox.find({"claimed_by": claim_token, "status": "pending"}).sort("created_at", 1))

    def run_once(self) -> int:
        """Publish one claimed batch; returns how many events the broker confirmed."""
        batch = self._claim()
        published = 0
        for doc in batch:
            try:
                self._publish(doc)
            except AMQPError:
                self._release_after_failure(batch[published:])
                self.close()
                raise
            self.db[OUTBOX].update_one({"_id": doc["_id"]}, {
                "$set": {"status": "published", "published_at": datetime.now(UTC)},
                "$unset": {"lease_until": "", "claimed_by": ""},
            })
            published += 1
        return published

    def _publish(self, doc: dict) -> None:
        envelope = doc["envelope"]
        self._ensure_channel().basic_publish(
            exchange=self.topology.exchange,
            routing_key=doc["routing_key"],
            body=json.dumps(envelope, ensure_ascii=False, default=str).encode(),
            properties=pika.BasicProperties(
                content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent,
                message_id=envelope["id"], type=envelope["type"],
                headers={"tenant_id": envelope["tenant_id"]},
            ),
        )

    def _release_after_failure(self, unpublished: list[dict]) -> None:
        now = datetime.now(UTC)
        for doc in unpublished:
            attempts = doc.get("attempts", 0) + 1
            self.db[OUTBOX].update_one({"_id": doc["_id"], "status": "pending"}, {
                "$set": {"attempts": attempts, "available_at": now + retry_delay(attempts)},
                "$unset": {"lease_until": "", "claimed_by": ""},
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
