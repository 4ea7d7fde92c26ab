"""webhooks listens to every event and queues deliveries for the subscriptions that want it."""
from kefulib.messaging import Consumer

from .handlers import fan_out

FANOUT_CONSUMER = "webhooks.fanout"


def build_consumers(db, settings) -> list[Consumer]:
    # '#' on the topic exchange: every event of every service.
    return [Consumer(FANOUT_CONSUMER, db, settings.amqp_url, settings.topology,
                     {"#": lambda event, session: fan_out(db, event, session)})]
