"""Idempotent consumers: an inbox entry and the handler's effect are committed together.

The inbox key is (consumer, event id) under a unique index, so a repeated delivery finds its
entry already there and does nothing. Messages that are not events, and handlers that keep
failing for reasons other than the database being unreachable, go to the consumer's
dead-letter queue for an operator to inspect and replay.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from pika.exceptions import AMQPError
from pymongo.client_session import ClientSession
from pymongo.database import Database
from pymongo.errors import ConnectionFailure, DuplicateKeyError, PyMongoError

from .. import metrics, tracing
from ..audit import Actor, acting_as
from ..store import IndexSpec, run_in_transaction
from .envelope import Event, MalformedEvent
from .topology import Topology, close_quietly, open_channel

log = logging.getLogger(__name__)

INBOX = "inbox"
INBOX_INDEXES = [
    IndexSpec(INBOX, [("received_at", 1)], tenant_scoped=False, name="inbox_received_at"),
]
HANDLER_ATTEMPTS = 3

Handler = Callable[[Event, ClientSession], None]


class Consumer:
    """Consumes the events named in `handlers` (routing key -> handler) from its own queue."""

    def __init__(self, name: str, db: Database, amqp_url: str, topology: Topology,
                 handlers: dict[str, Handler], *, prefetch: int = 50):
        self.name = name
        self.db = db
        self.amqp_url = amqp_url
        self.topology = topology
        self.handlers = handlers
        self.prefetch = prefetch
        self.queue = topology.queue_name(name)

    def declare(self) -> None:
        connection, channel = open_channel(self.amqp_url)
        try:
            self.topology.declare_consumer(channel, self.name, list(self.handlers))
        finally:
            connection.close()

    def handle(self, event: Event) -> bool:
        """Apply `event` once; returns False when it had already been handled."""
        handler = self.handler_for(event.type)
        if handler is None:
            raise MalformedEvent(f"no handler for {event.type}")

        # With the tenant: the inbox is sharded by it, so the entry and the effect commit on one shard.
        inbox_key = {"_id": f"{self.name}:{event.id}", "tenant_id": event.tenant_id}

        def work(session: ClientSession) -> bool:
            # Look first: a failed insert would abort the whole transaction on MongoDB.
            if self.db[INBOX].find_one(inbox_key, session=session) is not None:
                return False
            self.db[INBOX].insert_one({
                **inbox_key, "consumer": self.name, "event_type": event.type, "received_at": datetime.now(UTC),
            }, session=session)
            # The consumer's writes are the event's consequences: the trail names the event and its actor.
            with acting_as(Actor(event.actor, (), f"event {event.type} {event.id}")):
                handler(event, session)
            return True

        try:
            return run_in_transaction(self.db, work)
        except DuplicateKeyError:
            # A concurrent delivery of the same event committed first: that is the one effect.
            if self.db[INBOX].find_one(inbox_key) is not None:
                return False
            raise

    def handler_for(self, event_type: str) -> Handler | None:
        """The handler bound to `event_type`, exactly or through a topic pattern ('*' one word, '#' any)."""
        if event_type in self.handlers:
            return self.handlers[event_type]
        for pattern, handler in self.handlers.items():
            if topic_matches(pattern, event_type):
                return handler
        return None

    def _on_message(self, channel, method, properties, body) -> None:
        # From the AMQP properties, so that even a message that is not an envelope is logged with its id.
        fields = {"queue": self.queue, "event_id": properties.message_id, "event_type": properties.type}
        if method.redelivered:
            metrics.count(metrics.CONSUMER_REDELIVERED, self.queue)
        try:
            event = Event.from_bytes(body)
            with tracing.consuming(self.queue, event, properties.headers):
                applied = self._handle_with_retries(event)
        except Exception as exc:
            if database_unavailable(exc):
                # Not the message's fault: put it back and slow down until the database returns. The queue's
                # delivery limit still counts it: an outage longer than that many requeues dead-letters it.
                log.warning("database unreachable; message requeued", extra=fields)
                metrics.count(metrics.CONSUMER_MESSAGES, self.queue, "requeued")
                channel.basic_nack(method.delivery_tag, requeue=True)
                time.sleep(1.0)
            else:
                log.exception("event dead-lettered", extra=fields)
                metrics.count(metrics.CONSUMER_MESSAGES, self.queue, "failed")
                channel.basic_reject(method.delivery_tag, requeue=False)
            return
        channel.basic_ack(method.delivery_tag)
        metrics.count(metrics.CONSUMER_MESSAGES, self.queue, "handled" if applied else "duplicate")

    def _handle_with_retries(self, event: Event) -> bool:
        for attempt in range(1, HANDLER_ATTEMPTS + 1):
            try:
                return self.handle(event)
            except MalformedEvent:
                raise
            except Exception as exc:
                if attempt == HANDLER_ATTEMPTS or database_unavailable(exc):
                    raise
                time.sleep(0.1 * 2 ** attempt)

    def drain(self, max_seconds: float = 5.0, idle_seconds: float = 0.5) -> int:
        """Process messages until the queue stays empty for `idle_seconds` (used by tests and tools)."""
        connection, channel = open_channel(self.amqp_url)
        handled = 0
        deadline = time.monotonic() + max_seconds
        try:
            channel.basic_qos(prefetch_count=self.prefetch)
            for method, properties, body in channel.consume(self.queue, inactivity_timeout=idle_seconds):
                if method is None or time.monotonic() > deadline:
                    break
                self._on_message(channel, method, properties, body)
                handled += 1
            channel.cancel()
        finally:
            connection.close()
        return handled

    def run_forever(self, stop: threading.Event) -> None:
        """Consume until `stop` is set, reconnecting with capped backoff when the broker goes away."""
        delay = 0.5
        while not stop.is_set():
            connection = None
            try:
                self.declare()
                connection, channel = open_channel(self.amqp_url)
                channel.basic_qos(prefetch_count=self.prefetch)
                delay = 0.5
                # The timeout only bounds how long a stop waits; an idle consumer costs a wake-up every 2 s.
                for method, properties, body in channel.consume(self.queue, inactivity_timeout=2.0):
                    if stop.is_set():
                        break
                    if method is not None:
                        self._on_message(channel, method, properties, body)
            except AMQPError as exc:
                log.warning("broker unavailable, consumer reconnecting", extra={"queue": self.queue, "error": str(exc)})
                stop.wait(delay)
                delay = min(delay * 2, 30.0)
            finally:
                # Closing hands any unacked message back to the queue for the next connection.
                close_quietly(connection)


def database_unavailable(exc: BaseException) -> bool:
    """True when `exc` says the database could not be reached or is failing over, not that the event is bad."""
    if isinstance(exc, ConnectionFailure):
        return True
    return isinstance(exc, PyMongoError) and (exc.has_error_label("TransientTransactionError")
                                              or exc.has_error_label("RetryableWriteError"))


def topic_matches(pattern: str, routing_key: str) -> bool:
    """RabbitMQ topic matching: '*' is exactly one word, '#' is zero or more words."""
    def match(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        if p[0] == "#":
            return any(match(p[1:], k[i:]) for i in range(len(k) + 1))
        return bool(k) and (p[0] == "*" or p[0] == k[0]) and match(p[1:], k[1:])
    return match(pattern.split("."), routing_key.split("."))
