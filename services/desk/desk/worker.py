"""desk's worker: relays its outbox, flags keys out past their expected return (desk.key.overdue), and consumes
the units surveys are sampled from, the answers given through survey links, ticketing's events the reports count
and notifications' progress of each notice (its delivery and read counts) (consumers.py)."""
import logging

from kefulib.config import Settings
from kefulib.messaging import PeriodicJob
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .config import DeskConfig, settings_from_env
from .consumers import build_consumers
from .handlers.key_counts import flag_overdue_keys
from .store import INDEXES

log = logging.getLogger(__name__)


def overdue_keys_job(db, settings: Settings) -> PeriodicJob:
    def run() -> int:
        flagged = flag_overdue_keys(db)
        if flagged:
            log.warning("keys overdue", extra={"count": flagged})
        return flagged
    return PeriodicJob("keys-overdue", DeskConfig.of(settings).overdue_scan_seconds, run)


def build_worker(settings: Settings):
    return build_service_worker(settings, INDEXES, consumers=build_consumers,
                                jobs=lambda db, settings: [overdue_keys_job(db, settings)])


def main() -> None:
    run_worker(settings_from_env(), build_worker)


if __name__ == "__main__":
    main()
