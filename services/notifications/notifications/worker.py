"""notifications' worker: keeps the role holders, turns escalations into inbox items, relays its outbox."""
from kefulib.config import Settings
from kefulib.logs import configure_logging
from kefulib.messaging import OutboxRelay, Worker
from kefulib.store import connect, ensure_indexes

from .consumers import build_consumers
from .store import INDEXES


def build_worker(settings: Settings) -> Worker:
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    consumers = build_consumers(db, settings)
    for consumer in consumers:
        consumer.declare()
    return Worker(relay=OutboxRelay(db, settings.amqp_url, settings.topology), consumers=consumers)


def main() -> None:
    settings = Settings.from_env("notifications")
    configure_logging("notifications-worker", settings.log_level)
    build_worker(settings).run()


if __name__ == "__main__":
    main()
