"""The one way a service builds and starts its worker process (every `<service>/worker.py` calls these).

A worker connects to the service's database, makes sure its indexes exist (the audit trail's too: consumers
and jobs write through TenantCollection), declares its consumers' queues, and runs its outbox relay (unless
the service publishes nothing), its consumers and its periodic jobs until stopped.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from pymongo.database import Database

from .. import metrics, tracing
from ..audit_api import AUDIT_INDEXES
from ..config import Settings
from ..logs import configure_logging
from ..store import IndexSpec, connect, ensure_indexes
from . import direct
from .consumer import Consumer
from .relay import OutboxRelay
from .worker import PeriodicJob, Worker

# Rows the committing process has not published after this long are its to publish no more (it failed or died).
SAFETY_NET_GRACE = timedelta(seconds=2)
SAFETY_NET_IDLE_SECONDS = 1.0

ConsumersOf = Callable[[Database, Settings], list[Consumer]]
JobsOf = Callable[[Database, Settings], list[PeriodicJob]]


def build_service_worker(settings: Settings, indexes: Iterable[IndexSpec], *,
                         consumers: ConsumersOf = lambda db, settings: [],
                         jobs: JobsOf = lambda db, settings: [], relay: bool = True) -> Worker:
    tracing.setup(f"{settings.service_name}-worker")
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, [*indexes, *AUDIT_INDEXES])
    built = consumers(db, settings)
    for consumer in built:
        consumer.declare()
    direct.install(settings.amqp_url, settings.topology)
    return Worker(relay=build_relay(db, settings) if relay else None, consumers=built, jobs=jobs(db, settings),
                  db=db)


def build_relay(db: Database, settings: Settings) -> OutboxRelay:
    """With publish on commit the relay is a safety net: rows older than a few seconds, a slow idle poll."""
    if direct.enabled():
        return OutboxRelay(db, settings.amqp_url, settings.topology, grace=SAFETY_NET_GRACE,
                           idle_sleep=SAFETY_NET_IDLE_SECONDS, service=settings.service_name)
    return OutboxRelay(db, settings.amqp_url, settings.topology, service=settings.service_name)


def run_worker(settings: Settings, build: Callable[[Settings], Worker]) -> None:
    """A worker's `main()`: JSON logs named `<service>-worker`, then run until SIGTERM/SIGINT."""
    configure_logging(f"{settings.service_name}-worker", settings.log_level)
    metrics.configure(settings.metrics_enabled)
    worker = build(settings)
    if worker.db is not None:
        metrics.serve_worker_metrics(settings.metrics_port, metrics.StateCollector(
            settings.service_name, worker.db, settings.amqp_url, [c.queue for c in worker.consumers]))
    worker.run()
