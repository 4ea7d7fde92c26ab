"""renovation's worker: relays its outbox and consumes billing's charge and payment events (consumers.py)."""
from kefulib.config import Settings
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .config import settings_from_env
from .consumers import build_consumers
from .store import INDEXES


def build_worker(settings: Settings):
    return build_service_worker(settings, INDEXES, consumers=build_consumers)


def main() -> None:
    run_worker(settings_from_env(), build_worker)


if __name__ == "__main__":
    main()
