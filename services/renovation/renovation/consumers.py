"""Events renovation reacts to, each handler inside the consumer's inbox transaction: billing's charge of an
application's fees and the payments on it (the permit follows them)."""
from __future__ import annotations

from pymongo.database import Database

from .handlers.permits import CHARGE_CREATED, PAYMENT_RECEIVED, NumberingConsumer, on_charge_created, on_payment_received

FEES_CONSUMER = "renovation.fees"  # billing's charge for the fees and its payments: the permit


def build_consumers(db: Database, settings) -> list:
    return [NumberingConsumer(FEES_CONSUMER, db, settings.amqp_url, settings.topology, {
        CHARGE_CREATED: on_charge_created(db),
        PAYMENT_RECEIVED: on_payment_received(db),
    })]
