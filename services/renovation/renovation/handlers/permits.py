"""The permit 装修许可证, issued when billing says the fees are paid: billing's events, each handled inside the
consumer's inbox transaction, and the project's gap-free permit number.

`billing.charge.created` (source renovation) tells which charge carries an application's fees; each
`billing.payment.received` on that charge is kept once (by payment id, so a payment announced twice counts once);
when what was paid covers the charge, the permit is issued in the same transaction.

Numbers are gap-free per project: one counter document per project, created outside any transaction the first time
(a plain insert tolerating a duplicate, so two workers racing both succeed), and `$inc`-ed inside the transaction
that issues the permit. Concurrent issues conflict on the counter and the loser is retried; an aborted transaction
rolls its increment back, so no number is lost or given twice (billing's document numbers work the same way).
"""
from __future__ import annotations

from kefulib.messaging import Consumer, Event, add_to_outbox
from kefulib.store import TenantCollection
from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain.applications import Status, permit_due
from ..domain.fees import counts_toward_fees, fully_paid, permit_label
from ..store import APPLICATIONS, PAYMENTS_SEEN, PERMIT_COUNTERS
from .common import now

CHARGE_CREATED = "billing.charge.created"
PAYMENT_RECEIVED = "billing.payment.received"
PERMIT_ISSUED = "renovation.permit.issued"
SOURCE = "renovation"


class CounterMissing(RuntimeError):
    """The project's permit counter was not created before the transaction."""


def ensure_counter(db: Database, tenant_id: str) -> None:
    try:
        db[PERMIT_COUNTERS].insert_one({"tenant_id": tenant_id, "last": 0, "created_at": now()})
    except DuplicateKeyError:
        pass


class NumberingConsumer(Consumer):
    """A consumer whose handlers may issue a permit number: the first of a project finds no counter, so the inbox
    transaction is rolled back, the counter created and the event handled again."""

    def handle(self, event: Event) -> bool:
        try:
            return super().handle(event)
        except CounterMissing:
            ensure_counter(self.db, event.tenant_id)
            return super().handle(event)


def next_permit_number(db: Database, tenant_id: str, session) -> int:
    counter = db[PERMIT_COUNTERS].find_one_and_update({"tenant_id": tenant_id}, {"$inc": {"last": 1}},
                                                      session=session, return_document=ReturnDocument.AFTER)
    if counter is None:
        raise CounterMissing(tenant_id)
    return counter["last"]


def issue_permit(db: Database, tenant_id: str, application: dict, session, actor: str | None = None) -> dict | None:
    """The permit for an approved application whose fees are paid, numbered in `session`'s transaction."""
    if not permit_due(application["status"]):
        return None  # already permitted (or moved on): a late payment issues nothing more
    number, at = next_permit_number(db, tenant_id, session), now()
    permit = {"number": number, "label": permit_label(tenant_id, number), "issued_at": at,
              "valid_from": application["planned_start"], "valid_until": application["planned_end"],
              "working_hours": application["working_hours"]}
    TenantCollection(db[APPLICATIONS], tenant_id).update_one(
        {"_id": application["_id"], "status": str(Status.APPROVED)},
        {"$set": {"status": str(Status.PERMITTED), "permit": permit, "permit_number": number, "has_permit": True,
                  "updated_at": at}}, session=session)
    add_to_outbox(db, Event(PERMIT_ISSUED, tenant_id, actor=actor, data={
        "application_id": application["_id"], "unit_id": application["unit_id"], "permit_number": number,
        "permit_label": permit["label"], "valid_from": permit["valid_from"], "valid_until": permit["valid_until"]}),
        session)
    return permit


def _paid_fen(db: Database, tenant_id: str, charge_id: str, session) -> int:
    return sum(p["amount_fen"] for p in TenantCollection(db[PAYMENTS_SEEN], tenant_id).find(
        {"charge_id": charge_id}, session=session))


def _settle(db: Database, tenant_id: str, application: dict, session, actor: str | None) -> None:
    """Record what is paid on the fees' charge and issue the permit once it covers the charge."""
    paid = _paid_fen(db, tenant_id, application["fees"]["charge_id"], session)
    covered = fully_paid(application["fees"]["total_fen"], [paid])
    TenantCollection(db[APPLICATIONS], tenant_id).update_one({"_id": application["_id"]}, {"$set": {
        "fees.paid_fen": paid, "fees.paid_at": now() if covered else None}}, session=session)
    if covered:
        issue_permit(db, tenant_id, application, session, actor)


def on_charge_created(db: Database):
    """billing numbered the fees' charge: keep its id and slip number on the application."""
    def handle(event: Event, session) -> None:
        data = event.data
        if data.get("source") != SOURCE or not data.get("renovation_id"):
            return  # a repair's or the desk's charge: not renovation's
        collection = TenantCollection(db[APPLICATIONS], event.tenant_id)
        application = collection.find_one({"_id": data["renovation_id"]}, session=session)
        if application is None or not application.get("fees") or application["fees"].get("charge_id"):
            return
        collection.update_one({"_id": application["_id"]}, {"$set": {
            "fees.charge_id": data["charge_id"], "fees.slip_number": data["slip_number"]}}, session=session)
    return handle


def on_payment_received(db: Database):
    """A payment at the cashier: counted once on the application whose fees' charge it pays."""
    def handle(event: Event, session) -> None:
        data = event.data
        collection = TenantCollection(db[APPLICATIONS], event.tenant_id)
        application = collection.find_one({"fees.charge_id": data["charge_id"]}, session=session)
        if application is None or not counts_toward_fees(data["amount_fen"]):
            return  # another charge of the project's
        seen = TenantCollection(db[PAYMENTS_SEEN], event.tenant_id)
        if seen.find_one({"payment_id": data["payment_id"]}, {"_id": 1}, session=session) is not None:
            return  # the same payment announced again
        seen.insert_one({"_id": f"{event.tenant_id}:{data['payment_id']}", "payment_id": data["payment_id"],
                         "charge_id": data["charge_id"], "application_id": application["_id"],
                         "amount_fen": data["amount_fen"], "received_at": now()}, session=session)
        _settle(db, event.tenant_id, application, session, event.actor)
    return handle
