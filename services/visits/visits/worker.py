"""visits' worker: consumes other services' events, publishes its own outbox, flags overdue return visits."""
import logging

from kefulib.config import Settings
from kefulib.logs import configure_logging
from kefulib.messaging import OutboxRelay, PeriodicJob, Worker
from kefulib.store import connect, ensure_indexes

from .consumers import build_consumers
from .handlers.return_visits import flag_overdue
from .store import INDEXES

log = logging.getLogger(__name__)
OVERDUE_SCAN_SECONDS = 60


def overdue_job(db) -> PeriodicJob:
    def run() -> int:
        flagged = flag_overdue(db)
        if flagged:
            log.warning("return visits overdue", extra={"status": f"{flagged} newly flagged"})
        return flagged
    return PeriodicJob("return-visits-overdue", OVERDUE_SCAN_SECONDS, run)


def build_worker(settings: Settings) -> Worker:
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    consumers = build_consumers(db, settings)
    for consumer in consumers:
        consumer.declare()
    return Worker(relay=OutboxRelay(db, settings.amqp_url, settings.topology), consumers=consumers,
                  jobs=[overdue_job(db)])


def main() -> None:
    settings = Settings.from_env("visits")
    configure_logging("visits-worker", settings.log_level)
    build_worker(settings).run()


if __name__ == "__main__":
    main()
