"""webhooks' worker: fans events out into deliveries and sends the due ones."""
from kefulib.config import Settings
from kefulib.logs import configure_logging
from kefulib.messaging import PeriodicJob, Worker
from kefulib.store import connect, ensure_indexes

from .config import WebhooksConfig, settings_from_env
from .consumers import build_consumers
from .sender import Sender
from .store import INDEXES

SEND_EVERY_SECONDS = 1.0


def build_worker(settings: Settings) -> Worker:
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    consumers = build_consumers(db, settings)
    for consumer in consumers:
        consumer.declare()
    # One sender for the life of the process: dispatch() starts what is due on its thread pool and returns,
    # so a slow receiver never holds up the next tick's deliveries to other projects.
    sender = Sender(db, WebhooksConfig.of(settings))
    # webhooks publishes no events of its own, so it runs no outbox relay.
    return Worker(consumers=consumers, jobs=[PeriodicJob("send-webhooks", SEND_EVERY_SECONDS, sender.dispatch)])


def main() -> None:
    settings = settings_from_env()
    configure_logging("webhooks-worker", settings.log_level)
    build_worker(settings).run()


if __name__ == "__main__":
    main()
