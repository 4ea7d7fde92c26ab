"""renovation's worker: relays its outbox, consumes billing's charge and payment events (consumers.py) and scans
for review steps past their deadline (handlers/review_clock.py)."""
from kefulib.config import Settings
from kefulib.messaging import PeriodicJob
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .config import SLA_SCAN_KEY, SLA_SCAN_SECONDS, settings_from_env
from .consumers import build_consumers
from .handlers.review_clock import scan_overdue
from .store import INDEXES


def periodic_jobs(db, settings: Settings) -> list[PeriodicJob]:
    every = (settings.extra or {}).get(SLA_SCAN_KEY, SLA_SCAN_SECONDS)
    return [PeriodicJob("review-overdue-scan", every, lambda: scan_overdue(db))]


def build_worker(settings: Settings):
    return build_service_worker(settings, INDEXES, consumers=build_consumers, jobs=periodic_jobs)


def main() -> None:
    run_worker(settings_from_env(), build_worker)


if __name__ == "__main__":
    main()
