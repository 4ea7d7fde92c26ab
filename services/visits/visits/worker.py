"""visits' worker: consumes other services' events, publishes its own outbox, flags overdue return visits."""
import logging

from kefulib.config import Settings
from kefulib.messaging import PeriodicJob
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .consumers import build_consumers
from .handlers.return_visits import flag_overdue
from .store import INDEXES

log = logging.getLogger(__name__)

OVERDUE_SCAN_SECONDS = 60


def overdue_job(db) -> PeriodicJob:
    def run() -> int:
        flagged = flag_overdue(db)
        if flagged:
            log.warning("return visits overdue", extra={"count": flagged})
        return flagged
    return PeriodicJob("return-visits-overdue", OVERDUE_SCAN_SECONDS, run)


def build_worker(settings: Settings):
    return build_service_worker(settings, INDEXES, consumers=build_consumers,
                                jobs=lambda db, settings: [overdue_job(db)])


def main() -> None:
    run_worker(Settings.from_env("visits"), build_worker)


if __name__ == "__main__":
    main()
