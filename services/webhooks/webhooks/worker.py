"""webhooks' worker: fans events out into deliveries and sends the due ones."""
from kefulib.config import Settings
from kefulib.messaging import PeriodicJob
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .config import WebhooksConfig, settings_from_env
from .consumers import build_consumers
from .sender import Sender
from .store import INDEXES

SEND_EVERY_SECONDS = 1.0


def sending(db, settings: Settings) -> list[PeriodicJob]:
    # One sender for the life of the process: dispatch() starts what is due on its thread pool and returns,
    # so a slow receiver never holds up the next tick's deliveries to other projects.
    sender = Sender(db, WebhooksConfig.of(settings))
    return [PeriodicJob("send-webhooks", SEND_EVERY_SECONDS, sender.dispatch)]


def build_worker(settings: Settings):
    # webhooks publishes no events of its own, so it runs no outbox relay.
    return build_service_worker(settings, INDEXES, consumers=build_consumers, jobs=sending, relay=False)


def main() -> None:
    run_worker(settings_from_env(), build_worker)


if __name__ == "__main__":
    main()
