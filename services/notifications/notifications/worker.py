"""notifications' worker: keeps the role holders, turns escalations into inbox items, surveys return visits,
relays its outbox."""
from kefulib.config import Settings
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .consumers import build_consumers
from .handlers.common import with_survey_links
from .store import INDEXES


def build_worker(settings: Settings):
    # Read at start-up, so a production worker without NOTIFICATIONS_SURVEY_KEY stops at once, naming it.
    return build_service_worker(with_survey_links(settings), INDEXES, consumers=build_consumers)


def main() -> None:
    run_worker(Settings.from_env("notifications"), build_worker)


if __name__ == "__main__":
    main()
