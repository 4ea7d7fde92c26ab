"""Events between services: envelope, transactional outbox, relay, idempotent consumers, dead letters."""
from .consumer import INBOX_INDEXES, Consumer
from .envelope import Event
from .outbox import OUTBOX_INDEXES, add_to_outbox
from .relay import OutboxRelay
from .topology import Topology
from .worker import PeriodicJob, Worker

__all__ = ["Event", "add_to_outbox", "OUTBOX_INDEXES", "INBOX_INDEXES", "Consumer", "OutboxRelay", "Topology",
           "Worker", "PeriodicJob"]
