"""identity's worker: publishes its outbox (units, owners, customers, staff role events) and consumes renovation's
steps for the units' renovation checklists (consumers.py)."""
from kefulib.config import Settings
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .consumers import build_consumers
from .store import INDEXES


def build_worker(settings: Settings):
    return build_service_worker(settings, INDEXES, consumers=build_consumers)


def main() -> None:
    run_worker(Settings.from_env("identity"), build_worker)


if __name__ == "__main__":
    main()
