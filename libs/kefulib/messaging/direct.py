"""Publish on commit: the process that committed an event publishes it right away and marks its outbox row
published, so a consumer hears of a change within milliseconds and the relay need not poll hard.

The outbox row is still written in the change's transaction and stays `pending` until the broker confirms
the message: if this process cannot publish (broker away, the process dies between commit and publish), the
relay publishes the row later. At-least-once, as before; consumers' inboxes make a repeat harmless.

Turned on per process by `install(settings)` (create_service_app and build_service_worker call it) when
`KEFU_PUBLISH_ON_COMMIT` is on — the default. The in-process tests turn it off (root conftest) so that they
drive the relay themselves; the platform's processes in the end-to-end tests and `make run` have it on.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime

from pika.exceptions import AMQPError
from pymongo.database import Database
from pymongo.errors import PyMongoError

from .. import tracing
from . import outbox
from .outbox import OUTBOX
from .topology import Topology, close_quietly, message_of, open_channel

log = logging.getLogger(__name__)

SETTING = "KEFU_PUBLISH_ON_COMMIT"


def enabled() -> bool:
    return os.environ.get(SETTING, "1").strip().lower() not in ("0", "false", "no", "off")


class DirectPublisher:
    """One confirmed channel per process, shared by its threads under a lock (pika is not thread-safe)."""

    def __init__(self, amqp_url: str, topology: Topology):
        self.amqp_url, self.topology = amqp_url, topology
        self._lock = threading.Lock()
        self._connection = self._channel = None
        self._pid = None

    def _ensure_channel(self):
        # A forked worker (gunicorn) must not use its parent's socket: one connection per process.
        if self._channel is None or self._channel.is_closed or self._pid != os.getpid():
            self._connection, self._channel = open_channel(self.amqp_url, confirms=True)
            self._pid = os.getpid()
            self.topology.declare_exchange(self._channel)
        return self._channel

    def publish_committed(self, db: Database, docs: list[dict]) -> None:
        """Publish rows that have just committed and mark each published; on any trouble leave the rest to
        the relay (they are still pending) and never fail the request that committed them."""
        for doc in docs:
            try:
                with self._lock, tracing.publishing(doc) as trace_headers:
                    self._ensure_channel().basic_publish(self.topology.exchange, *message_of(doc, trace_headers))
            except AMQPError as error:
                with self._lock:
                    close_quietly(self._connection)
                    self._connection = self._channel = None
                log.warning("publish on commit failed; the relay will publish", extra={
                    "event_id": doc["_id"], "error": type(error).__name__})
                return
            try:
                db[OUTBOX].update_one({"_id": doc["_id"], "tenant_id": doc["tenant_id"], "status": "pending"}, {
                    "$set": {"status": "published", "published_at": datetime.now(UTC)}})
            except PyMongoError as error:  # published but not marked: the relay publishes it once more
                log.warning("published on commit but not marked", extra={
                    "event_id": doc["_id"], "error": type(error).__name__})


def install(amqp_url: str, topology: Topology) -> None:
    """Publish on commit in this process (if the setting allows); else the relay publishes everything."""
    outbox.use_publisher(DirectPublisher(amqp_url, topology) if enabled() else None)
