"""Prometheus metrics: one set of names for every web and worker process (prometheus-client).

Web apps answer `/metrics` themselves; under gunicorn (several worker processes) PROMETHEUS_MULTIPROC_DIR
names a directory the processes share, and `/metrics` aggregates it (deploy/gunicorn.conf.py's child_exit
marks a dead worker's files). A worker process serves `/metrics` on METRICS_PORT from a small HTTP thread;
its gauges that read state (outbox backlog and age, queue depth, dead letters) are computed at scrape time,
one indexed query or one passive queue declare each. METRICS_ENABLED=false turns all of it off.
"""
from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

# Set but empty means unset (prometheus-client would otherwise write its files into the working directory).
if os.environ.get("PROMETHEUS_MULTIPROC_DIR", None) == "":
    del os.environ["PROMETHEUS_MULTIPROC_DIR"]

from prometheus_client import (  # noqa: E402 (after the environment is settled)
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily  # noqa: E402

log = logging.getLogger(__name__)

HTTP_REQUESTS = Counter("kefu_http_requests_total", "HTTP requests answered, by route template and status",
                        ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram("kefu_http_request_duration_seconds", "HTTP request latency by route template",
                         ["service", "method", "route"],
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
RELAY_PUBLISHED = Counter("kefu_relay_published_total", "Outbox events the relay sent to the broker", ["service"])
RELAY_CONFIRMED = Counter("kefu_relay_confirmed_total", "Outbox events the broker confirmed to the relay", ["service"])
CONSUMER_MESSAGES = Counter("kefu_consumer_messages_total",
                            "Messages a consumer took, by outcome: handled, duplicate, failed (dead-lettered), "
                            "requeued (database down)", ["queue", "outcome"])
CONSUMER_REDELIVERED = Counter("kefu_consumer_redelivered_total", "Messages that came back redelivered", ["queue"])
SLA_BREACHES = Counter("kefu_sla_breaches_total", "SLA breaches reported by ticketing's scan, by escalation level",
                       ["level"])
SLA_SCAN_LAST_RUN = Gauge("kefu_sla_scan_last_run_timestamp_seconds", "When ticketing's breach scan last finished",
                          multiprocess_mode="max")
NOTIFICATIONS = Counter("kefu_notifications_total", "Notification send attempts by channel and outcome",
                        ["channel", "outcome"])

_enabled = True


def enabled() -> bool:
    return _enabled


def configure(on: bool) -> None:
    global _enabled
    _enabled = on


def registry() -> CollectorRegistry:
    """The registry to expose: the shared multiprocess directory's when there is one, else the default."""
    from prometheus_client import REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        aggregated = CollectorRegistry()
        multiprocess.MultiProcessCollector(aggregated)
        return aggregated
    return REGISTRY


def exposition(state: StateCollector | None = None) -> tuple[bytes, dict]:
    """The text format of this process's (or the gunicorn processes') metrics, then `state`'s gauges read now."""
    body = generate_latest(registry())
    if state is not None:
        own = CollectorRegistry(auto_describe=False)
        own.register(state)
        body += generate_latest(own)
    return body, {"Content-Type": CONTENT_TYPE_LATEST}


def observe_request(service: str, method: str, route: str, status: int, seconds: float) -> None:
    if _enabled:
        HTTP_REQUESTS.labels(service, method, route, str(status)).inc()
        HTTP_LATENCY.labels(service, method, route).observe(seconds)


def count(counter: Counter, *labels: str, amount: float = 1) -> None:
    if _enabled:
        (counter.labels(*labels) if labels else counter).inc(amount)


class StateCollector:
    """Gauges read at scrape time: the outbox's backlog and oldest pending age, each consumer queue's depth
    (its lag) and its DLQ's depth. A failing read drops that gauge from the scrape rather than the scrape."""

    def __init__(self, service: str, db, amqp_url: str | None, queues: list[str]):
        self.service, self.db, self.amqp_url, self.queues = service, db, amqp_url, queues

    def collect(self):
        from .messaging.outbox import OUTBOX
        backlog = GaugeMetricFamily("kefu_outbox_backlog", "Outbox events not yet published", labels=["service"])
        age = GaugeMetricFamily("kefu_outbox_oldest_pending_age_seconds",
                                "Age of the oldest unpublished outbox event (0 when none)", labels=["service"])
        try:
            pending = {"status": "pending"}
            backlog.add_metric([self.service], self.db[OUTBOX].count_documents(pending))
            # The least created_at, not the first by available_at: a row that keeps failing has its available_at
            # pushed on by the backoff, and it is exactly the stuck one the age must show.
            oldest = next(self.db[OUTBOX].aggregate([
                {"$match": pending}, {"$group": {"_id": None, "created_at": {"$min": "$created_at"}}}]), None)
            created = (oldest or {}).get("created_at")
            if created is not None and created.tzinfo is None:
                created = created.replace(tzinfo=UTC)
            age.add_metric([self.service], (datetime.now(UTC) - created).total_seconds() if created else 0.0)
            yield backlog
            yield age
        except Exception as exc:  # a scrape reports, it never raises
            log.warning("outbox metrics unavailable", extra={"error": str(exc)})
        if not (self.queues and self.amqp_url):
            return
        lag = GaugeMetricFamily("kefu_consumer_queue_depth", "Messages waiting in a consumer's queue (its lag)",
                                labels=["queue"])
        dead = GaugeMetricFamily("kefu_dead_letters", "Messages in a consumer's dead-letter queue", labels=["queue"])
        from .messaging.topology import close_quietly, open_channel
        connection = None
        try:
            connection, channel = open_channel(self.amqp_url, attempts=1)  # a scrape answers now or not at all
            for queue in self.queues:
                lag.add_metric([queue], channel.queue_declare(queue, passive=True).method.message_count)
                dead.add_metric([queue], channel.queue_declare(f"{queue}.dlq", passive=True).method.message_count)
            yield lag
            yield dead
        except Exception as exc:
            log.warning("queue metrics unavailable", extra={"error": str(exc)})
        finally:
            close_quietly(connection)


def serve_worker_metrics(port: int, collector: StateCollector | None = None):
    """Start the worker's `/metrics` HTTP thread on `port` (0: any free port); the server, or None when off."""
    if not _enabled:
        return None
    from prometheus_client import REGISTRY
    if collector is not None:
        REGISTRY.register(collector)
    try:
        server, _thread = start_http_server(port, addr=os.environ.get("METRICS_ADDR", "0.0.0.0"))
    except OSError as exc:  # a taken port costs the metrics, not the worker
        log.warning("metrics port unavailable; worker runs without /metrics", extra={"port": port, "error": str(exc)})
        return None
    log.info("metrics served", extra={"port": server.server_port})
    return server
