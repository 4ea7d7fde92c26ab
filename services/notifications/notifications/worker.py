"""notifications' worker: keeps the role holders, turns events into inbox items and deliveries, sends the due
deliveries on their channels, relays its outbox."""
from kefulib.config import Settings
from kefulib.messaging import PeriodicJob
from kefulib.messaging.service_worker import build_service_worker, run_worker

from .channels.config import build_channels
from .config import NotificationsConfig, settings_from_env, survey_links, with_survey_links
from .consumers import build_consumers
from .handlers.deliveries import Sender
from .handlers.households import FanOut, report_progress
from .households import Households
from .store import INDEXES
from .ticket_contacts import TicketContacts

#: How often a notice's counts may be reported to desk: the throttle of notifications.notice.progress.
PROGRESS_EVERY_SECONDS = 5.0  # each report counts the notice's deliveries by status: 5,000 rows read
FANOUT_POLL_SECONDS = 1.0


def build_jobs(db, settings: Settings) -> list[PeriodicJob]:
    config = NotificationsConfig.of(settings)
    households = Households(config)
    sender = Sender(db, config, build_channels(config.channel_env), TicketContacts(config), households=households)
    fan_out = FanOut(db, households, survey_links(settings))
    # Woken by each delivery its consumers add; the poll catches what falls due with time (quiet hours, retries).
    return [PeriodicJob("send-deliveries", 0.0, lambda: sender.run_when_woken(config.send_every_seconds)),
            # Its own thread: a 5,000-household notice is written while the sender already sends its first pages.
            PeriodicJob("fan-out-notices", FANOUT_POLL_SECONDS, fan_out.run_once),
            PeriodicJob("notice-progress", PROGRESS_EVERY_SECONDS, lambda: report_progress(db))]


def build_worker(settings: Settings):
    # Read at start-up, so a production worker without NOTIFICATIONS_SURVEY_KEY stops at once, naming it.
    return build_service_worker(with_survey_links(settings), INDEXES, consumers=build_consumers, jobs=build_jobs)


def main() -> None:
    run_worker(settings_from_env(), build_worker)


if __name__ == "__main__":
    main()
