"""ticketing's worker: publishes its outbox, consumes return-visit outcomes, quotes and escalation records,
scans for SLA breaches."""
import os

from kefulib.config import Settings
from kefulib.messaging import PeriodicJob
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .consumers import build_consumers
from .handlers import rollup
from .handlers.sla import scan_breaches
from .store import INDEXES

SLA_SCAN_SECONDS = 30.0
SLA_SCAN_KEY = "sla_scan_seconds"
ROLLUP_FOLD_SECONDS = 5.0  # the HQ roll-up's deltas folded in; reads add the unfolded ones, so this bounds cost only


def settings_from_env() -> Settings:
    """The worker's Settings; `SLA_SCAN_SECONDS` is read here, once, like every other variable."""
    return Settings.from_env("ticketing", extra={SLA_SCAN_KEY: float(os.environ.get("SLA_SCAN_SECONDS") or SLA_SCAN_SECONDS)})


def periodic_jobs(db, settings: Settings) -> list[PeriodicJob]:
    every = (settings.extra or {}).get(SLA_SCAN_KEY, SLA_SCAN_SECONDS)
    return [PeriodicJob("sla-breach-scan", every, lambda: scan_breaches(db)),
            PeriodicJob("hq-rollup-fold", ROLLUP_FOLD_SECONDS, lambda: rollup.fold(db))]


def build_worker(settings: Settings):
    return build_service_worker(settings, INDEXES, consumers=build_consumers, jobs=periodic_jobs)


def main() -> None:
    run_worker(settings_from_env(), build_worker)


if __name__ == "__main__":
    main()
