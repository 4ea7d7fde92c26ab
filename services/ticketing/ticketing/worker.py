"""ticketing's worker: publishes its outbox, consumes return-visit outcomes, scans for SLA breaches."""
import os

from kefulib.config import Settings
from kefulib.logs import configure_logging
from kefulib.messaging import OutboxRelay, PeriodicJob, Worker
from kefulib.store import connect, ensure_indexes

from .consumers import build_consumers
from .handlers.sla import scan_breaches
from .store import INDEXES

SLA_SCAN_SECONDS = float(os.environ.get("SLA_SCAN_SECONDS", "30"))


def build_worker(settings: Settings) -> Worker:
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    consumers = build_consumers(db, settings)
    for consumer in consumers:
        consumer.declare()
    return Worker(relay=OutboxRelay(db, settings.amqp_url, settings.topology), consumers=consumers,
                  jobs=[PeriodicJob("sla-breach-scan", SLA_SCAN_SECONDS, lambda: scan_breaches(db))])


def main() -> None:
    settings = Settings.from_env("ticketing")
    configure_logging("ticketing-worker", settings.log_level)
    build_worker(settings).run()


if __name__ == "__main__":
    main()
