"""Names and declarations of the exchange, consumer queues and their dead-letter queues."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pika
from pika.exceptions import AMQPError

QUORUM = {"x-queue-type": "quorum"}
DEFAULT_DELIVERY_LIMIT = 100  # far above a database election's requeues (one a second): a backstop, not a retry policy


@dataclass(frozen=True)
class Topology:
    """One topic exchange for all events; a durable quorum queue per consumer with its own (quorum) DLQ.

    Quorum queues are replicated over a cluster's nodes (a majority must confirm each message) and carry a
    delivery limit. A classic queue of the same name cannot be redeclared as quorum (PRECONDITION_FAILED): on
    upgrade an operator drains and deletes the old queues first (README, "RabbitMQ cluster").

    Queue names are prefixed with the exchange name so test runs (each with its own exchange)
    never share queues with each other or with a running platform.
    """

    exchange: str
    queue_expires_ms: int | None = None  # tests set this so abandoned queues clean themselves up
    # Quorum queues count deliveries: a message handed out this many times without an ack (a requeue, a consumer
    # that died holding it) goes to the DLQ instead of looping forever. QUEUE_DELIVERY_LIMIT.
    delivery_limit: int = DEFAULT_DELIVERY_LIMIT

    @property
    def dead_letter_exchange(self) -> str:
        return f"{self.exchange}.dlx"

    def queue_name(self, consumer_name: str) -> str:
        return f"{self.exchange}.{consumer_name}"

    def dead_letter_queue(self, consumer_name: str) -> str:
        return f"{self.queue_name(consumer_name)}.dlq"

    def declare_exchange(self, channel) -> None:
        channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)

    def declare_consumer(self, channel, consumer_name: str, routing_keys: list[str]) -> str:
        queue = self.queue_name(consumer_name)
        dlq = self.dead_letter_queue(consumer_name)
        self.declare_exchange(channel)
        channel.exchange_declare(self.dead_letter_exchange, exchange_type="direct", durable=True)
        channel.queue_declare(dlq, durable=True, arguments=self.dead_letter_queue_arguments())
        channel.queue_bind(dlq, self.dead_letter_exchange, routing_key=queue)
        channel.queue_declare(queue, durable=True, arguments=self.consumer_queue_arguments(consumer_name))
        for key in routing_keys:
            channel.queue_bind(queue, self.exchange, routing_key=key)
        return queue

    def _expiry(self) -> dict:
        return {"x-expires": self.queue_expires_ms} if self.queue_expires_ms else {}

    def dead_letter_queue_arguments(self) -> dict:
        return {**QUORUM, **self._expiry()}

    def consumer_queue_arguments(self, consumer_name: str) -> dict:
        return {**QUORUM, "x-delivery-limit": self.delivery_limit,
                "x-dead-letter-exchange": self.dead_letter_exchange,
                "x-dead-letter-routing-key": self.queue_name(consumer_name), **self._expiry()}


def message_of(doc: dict, trace_headers: dict | None = None) -> tuple[str, bytes, pika.BasicProperties]:
    """An outbox row as the broker gets it: routing key, body and properties (the relay's and the
    publish-on-commit path's one format); `trace_headers` from kefulib.tracing.publishing."""
    envelope = doc["envelope"]
    return doc["routing_key"], json.dumps(envelope, ensure_ascii=False, default=str).encode(), pika.BasicProperties(
        content_type="application/json", delivery_mode=pika.DeliveryMode.Persistent,
        message_id=envelope["id"], type=envelope["type"], headers={"tenant_id": envelope["tenant_id"], **(trace_headers or {})})


def open_channel(amqp_url: str, *, confirms: bool = False, attempts: int = 3):
    """A connection and channel. A broker busy enough to miss one handshake (CI saw a 15 s AMQP handshake
    timeout once, mid-suite) is tried again a second later; probes pass `attempts=1` to answer at once."""
    params = pika.URLParameters(amqp_url)
    params.heartbeat = 30
    params.blocked_connection_timeout = 30
    params.connection_attempts = attempts
    params.retry_delay = 1
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    if confirms:
        channel.confirm_delivery()
    return connection, channel


def close_quietly(connection) -> None:
    """Close a connection that may already be gone (closing a dead one raises)."""
    try:
        if connection is not None and connection.is_open:
            connection.close()
    except AMQPError:
        pass
