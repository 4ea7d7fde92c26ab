"""identity's worker: publishes its outbox (identity.unit.created, identity.owner.changed,
identity.customer.classified)."""
from kefulib.config import Settings
from kefulib.logs import configure_logging
from kefulib.messaging import OutboxRelay, Worker
from kefulib.store import connect, ensure_indexes

from .store import INDEXES


def build_worker(settings: Settings) -> Worker:
    db = connect(settings.mongo_url, settings.mongo_db)
    ensure_indexes(db, INDEXES)
    return Worker(relay=OutboxRelay(db, settings.amqp_url, settings.topology))


def main() -> None:
    settings = Settings.from_env("identity")
    configure_logging("identity-worker", settings.log_level)
    build_worker(settings).run()


if __name__ == "__main__":
    main()
