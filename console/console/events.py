"""Live updates: one RabbitMQ queue per console process bound to every event, fanned out in memory to
the Server-Sent-Event streams of this process's browsers, each filtered by visibility.py.

The queue is exclusive and auto-deleted: it exists to push what happens *now* to open pages, not to
keep a durable record (each service's own consumers do that). A page that reconnects reloads its data,
so an event missed while nobody listened loses nothing.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field

import pika

from .visibility import Viewer, for_browser, visible

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Subscriber:
    viewer: Viewer
    inbox: queue.Queue = field(default_factory=lambda: queue.Queue(maxsize=500))
    overflowed: bool = False


class EventHub:
    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers: set[Subscriber] = set()

    def subscribe(self, viewer: Viewer) -> Subscriber:
        subscriber = Subscriber(viewer)
        with self._lock:
            self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(subscriber)

    def publish(self, event: dict) -> None:
        with self._lock:
            targets = [s for s in self._subscribers if visible(event, s.viewer)]
        for subscriber in targets:
            try:
                subscriber.inbox.put_nowait(for_browser(event))
            except queue.Full:
                subscriber.overflowed = True  # the stream ends; the page reconnects and reloads


class AmqpListener(threading.Thread):
    """Consumes the event exchange into the hub, reconnecting with backoff; `bound` is set once listening."""

    def __init__(self, hub: EventHub, amqp_url: str, exchange: str, queue_expires_ms: int | None = None):
        super().__init__(name="console-events", daemon=True)
        self.hub, self.amqp_url, self.exchange = hub, amqp_url, exchange
        self.queue_name = f"{exchange}.console.{os.getpid()}.{uuid.uuid4().hex[:8]}"
        self.queue_expires_ms = queue_expires_ms
        self.bound = threading.Event()

    def run(self) -> None:
        delay = 0.5
        while True:
            try:
                self._consume()
            except Exception as error:  # broker down or restarted: keep trying, never kill the web process
                self.bound.clear()
                log.warning("console event listener lost its connection", extra={"error": str(error)})
                time.sleep(delay)
                delay = min(delay * 2, 15)

    def _consume(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self.amqp_url))
        channel = connection.channel()
        channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)
        arguments = {"x-expires": self.queue_expires_ms} if self.queue_expires_ms else None
        channel.queue_declare(self.queue_name, exclusive=True, auto_delete=True, arguments=arguments)
        channel.queue_bind(self.queue_name, self.exchange, routing_key="#")
        channel.basic_consume(self.queue_name, self._on_message, auto_ack=True)
        self.bound.set()
        channel.start_consuming()

    def _on_message(self, _channel, _method, _properties, body: bytes) -> None:
        try:
            event = json.loads(body)
        except ValueError:
            return
        if isinstance(event, dict):
            self.hub.publish(event)


def sse_lines(event: dict) -> str:
    return f"id: {event.get('id') or ''}\nevent: kefu\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"
