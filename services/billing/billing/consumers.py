"""Events billing reacts to. Each handler runs inside the consumer's inbox transaction."""
from __future__ import annotations

from kefulib.messaging import Consumer, Event
from pymongo.database import Database

from .domain import DocumentType
from .handlers.charges import charge_completed_repair
from .handlers.renovation import charge_renovation_fees, refund_renovation_deposit
from .sequences import CounterMissing, current_year, ensure_counter

CHARGES_CONSUMER = "billing.charges"
REPAIR_COMPLETED = "ticketing.repair.completed"
RENOVATION_FEES = "renovation.fees.requested"
RENOVATION_DEPOSIT_REFUND = "renovation.deposit.refund_requested"


class NumberingConsumer(Consumer):
    """A consumer whose handlers draw document numbers. The first number of a project's scope
    finds no counter: the inbox transaction is rolled back, the counter created (plain insert,
    duplicates tolerated, outside any transaction) and the event handled again."""

    doc_types = (DocumentType.SLIP, DocumentType.CREDIT_NOTE, DocumentType.REFUND_NOTE)

    def handle(self, event: Event) -> bool:
        try:
            return super().handle(event)
        except CounterMissing:
            for doc_type in self.doc_types:
                ensure_counter(self.db, event.tenant_id, doc_type, current_year())
            return super().handle(event)


def on_repair_completed(db: Database):
    """Charge a completed repair once per (ticket, round) and announce `billing.charge.created`."""
    def handle(event: Event, session) -> None:
        charge_completed_repair(db, event, session)
    return handle


def on_renovation_fees(db: Database):
    """Charge an approved renovation's fees once per application and announce `billing.charge.created`."""
    def handle(event: Event, session) -> None:
        charge_renovation_fees(db, event, session)
    return handle


def on_renovation_deposit_refund(db: Database):
    """Refund an accepted renovation's deposit less its deductions, once per application."""
    def handle(event: Event, session) -> None:
        refund_renovation_deposit(db, event, session)
    return handle


def build_consumers(db: Database, settings) -> list[Consumer]:
    return [NumberingConsumer(CHARGES_CONSUMER, db, settings.amqp_url, settings.topology, {
        REPAIR_COMPLETED: on_repair_completed(db),
        RENOVATION_FEES: on_renovation_fees(db),
        RENOVATION_DEPOSIT_REFUND: on_renovation_deposit_refund(db),
    })]
