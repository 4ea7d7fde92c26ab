"""webhooks' worker: fans events out into deliveries and sends the due ones."""
from kefulib.config import Settings
from kefulib.logs import configure_logging
from kefulib.messaging import PeriodicJob, Worker
from kefulib.store import connect, ensure_indexes

from .consumers import build_consumers
from .sender import send_due
from .store import INDEXES

SEND_EVERY_SECONDS = 1.0


def build_worker(settings: Settings) -> Worker:
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    consumers = build_consumers(db, settings)
    for consumer in consumers:
        consumer.declare()
    # webhooks publishes no events of its own, so it runs no outbox relay.
    return Worker(consumers=consumers,
                  jobs=[PeriodicJob("send-webhooks", SEND_EVERY_SECONDS, lambda: send_due(db))])


def main() -> None:
    settings = Settings.from_env("webhooks")
    configure_logging("webhooks-worker", settings.log_level)
    build_worker(settings).run()


if __name__ == "__main__":
    main()
