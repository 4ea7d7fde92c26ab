"""The one way a service builds and starts its worker process (every `<service>/worker.py` calls these).

A worker connects to the service's database, makes sure its indexes exist (the audit trail's too: consumers
and jobs write through TenantCollection), declares its consumers' queues, and runs its outbox relay (unless
the service publishes nothing), its consumers and its periodic jobs until stopped.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from pymongo.database import Database

from ..audit_api import AUDIT_INDEXES
from ..config import Settings
from ..logs import configure_logging
from ..store import IndexSpec, connect, ensure_indexes
from .consumer import Consumer
from .relay import OutboxRelay
from .worker import PeriodicJob, Worker

ConsumersOf = Callable[[Database, Settings], list[Consumer]]
JobsOf = Callable[[Database, Settings], list[PeriodicJob]]


def build_service_worker(settings: Settings, indexes: Iterable[IndexSpec], *,
                         consumers: ConsumersOf = lambda db, settings: [],
                         jobs: JobsOf = lambda db, settings: [], relay: bool = True) -> Worker:
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, [*indexes, *AUDIT_INDEXES])
    built = consumers(db, settings)
    for consumer in built:
        consumer.declare()
    return Worker(relay=OutboxRelay(db, settings.amqp_url, settings.topology) if relay else None,
                  consumers=built, jobs=jobs(db, settings))


def run_worker(settings: Settings, build: Callable[[Settings], Worker]) -> None:
    """A worker's `main()`: JSON logs named `<service>-worker`, then run until SIGTERM/SIGINT."""
    configure_logging(f"{settings.service_name}-worker", settings.log_level)
    build(settings).run()
