"""Payments, refunds and credit notes (BL-6, BL-7): new numbered documents, never edits.

Each runs under an Idempotency-Key in one transaction that also touches the charge (so two
money documents for one charge serialise on it), builds the charge's ledger from what is
stored, lets the domain decide, issues the number, posts the journal entry and the event.
"""
from __future__ import annotations

from collections.abc import Callable

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, NotFound, Unprocessable
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import first_allowed, local_date, new_id, problem_from, utcnow
from ..domain import (
    BillingError,
    ChargeLedger,
    CreditNote,
    DocumentType,
    EntryKind,
    Payment,
    PaymentMethod,
    Refund,
    payment_refusal,
    refund_refusal,
)
from ..idempotency import run_idempotent
from ..sequences import issue_number
from ..store import CHARGES, CREDIT_NOTES, PAYMENTS, REFUNDS
from . import ledger

PAYMENT_RECEIVED = "billing.payment.received"
REFUND_ISSUED = "billing.refund.issued"


def _scoped(db: Database, tenant_id: str):
    return {name: TenantCollection(db[name], tenant_id) for name in (CHARGES, PAYMENTS, REFUNDS, CREDIT_NOTES)}


def _ledger(cols: dict, charge: dict, session: ClientSession) -> ChargeLedger:
    by_charge = {"charge_id": charge["_id"]}
    return ChargeLedger(
        charge_id=charge["_id"], charged_fen=charge["amount_fen"],
        payments=tuple(Payment(p["_id"], p["charge_id"], PaymentMethod(p["method"]), p["amount_fen"], p["idempotency_key"],
                               p["receipt_number"]) for p in cols[PAYMENTS].find(by_charge, session=session)),
        refunds=tuple(Refund(r["_id"], r["charge_id"], r["payment_id"], r["amount_fen"], r["reason"])
                      for r in cols[REFUNDS].find(by_charge, session=session)),
        credits=tuple(CreditNote(c["_id"], c["charge_id"], c["amount_fen"], c["reason"])
                      for c in cols[CREDIT_NOTES].find(by_charge, session=session)),
    )


def _lock_charge(cols: dict, charge_id: str, session: ClientSession) -> dict:
    """Load the charge and touch it, so concurrent money documents on it conflict and retry."""
    charge = cols[CHARGES].find_one_and_update({"_id": charge_id}, {"$inc": {"ledger_revision": 1}}, session=session)
    if charge is None:
        raise NotFound("No such charge.")
    if charge["status"] == "held":
        raise Conflict(f"charge_held: {charge['hold_reason']}; finance must release it first", reason_code="charge_held")
    if charge["status"] == "cancelled":
        raise Conflict("charge_cancelled: finance cancelled this held charge; nothing is owed", reason_code="charge_cancelled")
    return charge


def _decide(change: Callable[[], object]) -> None:
    try:
        change()
    except BillingError as error:
        raise problem_from(error) from None


def record_payment(db: Database, principal: Principal, key: str, body: dict, dump) -> tuple[dict, int, bool]:
    first_allowed(principal, lambda role: payment_refusal(role, body["method"]))
    if body.get("received_on") and body["received_on"] > local_date():
        raise Unprocessable("This field is not valid: received_on.", errors={"received_on": ["must not be in the future"]})
    tenant = principal.tenant_id
    cols = _scoped(db, tenant)

    def work(session: ClientSession) -> dict:
        charge = _lock_charge(cols, body["charge_id"], session)
        payment_id = new_id()
        payment = Payment(payment_id, charge["_id"], PaymentMethod(body["method"]), body["amount_fen"], key)
        _decide(lambda: _ledger(cols, charge, session).record_payment(payment))
        posted_on = body.get("received_on") or local_date()
        receipt = issue_number(db, session, tenant, DocumentType.RECEIPT, document=PAYMENTS, document_id=payment_id,
                               field="receipt_number")
        document = {
            "_id": payment_id, "charge_id": charge["_id"], "unit_id": charge["unit_id"], "method": payment.method.value,
            "amount_fen": payment.amount_fen, "idempotency_key": key, "receipt_number": receipt,
            "external_reference": body.get("external_reference"), "posted_on": posted_on.isoformat(),
            "voided_numbers": [], "created_at": utcnow(), "created_by": principal.actor, "roles": sorted(principal.roles),
        }
        cols[PAYMENTS].insert_one(document, session=session)
        ledger.post(db, session, tenant, kind=EntryKind.PAYMENT, unit_id=charge["unit_id"], posted_on=posted_on,
                    amount_fen=payment.amount_fen, document_number=receipt, document_id=payment_id,
                    charge_id=charge["_id"], description=f"payment {payment.method.value}")
        add_to_outbox(db, Event(PAYMENT_RECEIVED, tenant, actor=principal.actor, data={
            "payment_id": payment_id, "charge_id": charge["_id"], "amount_fen": payment.amount_fen,
            "method": payment.method.value, "receipt_number": receipt,
        }), session)
        return dump({**document, "tenant_id": tenant})

    return run_idempotent(db, tenant, "payments", key, body, [DocumentType.RECEIPT], work)


def issue_refund(db: Database, principal: Principal, key: str, body: dict, dump) -> tuple[dict, int, bool]:
    first_allowed(principal, refund_refusal)
    tenant = principal.tenant_id
    cols = _scoped(db, tenant)

    def work(session: ClientSession) -> dict:
        payment = cols[PAYMENTS].find_one({"_id": body["payment_id"]}, session=session)
        if payment is None:
            raise NotFound("No such payment.")
        charge = _lock_charge(cols, payment["charge_id"], session)
        refund_id = new_id()
        refund = Refund(refund_id, charge["_id"], payment["_id"], body["amount_fen"], body["reason"])
        _decide(lambda: _ledger(cols, charge, session).record_refund(refund))
        posted_on = local_date()
        number = issue_number(db, session, tenant, DocumentType.REFUND_NOTE, document=REFUNDS, document_id=refund_id,
                              field="refund_number")
        document = {
            "_id": refund_id, "charge_id": charge["_id"], "payment_id": payment["_id"], "unit_id": charge["unit_id"],
            "amount_fen": refund.amount_fen, "reason": refund.reason, "refund_number": number,
            "posted_on": posted_on.isoformat(), "voided_numbers": [], "created_at": utcnow(),
            "created_by": principal.actor,
        }
        cols[REFUNDS].insert_one(document, session=session)
        ledger.post(db, session, tenant, kind=EntryKind.REFUND, unit_id=charge["unit_id"], posted_on=posted_on,
                    amount_fen=refund.amount_fen, document_number=number, document_id=refund_id,
                    charge_id=charge["_id"], description=refund.reason)
        add_to_outbox(db, Event(REFUND_ISSUED, tenant, actor=principal.actor, data={
            "refund_id": refund_id, "payment_id": payment["_id"], "charge_id": charge["_id"],
            "amount_fen": refund.amount_fen, "refund_number": number,
        }), session)
        return dump({**document, "tenant_id": tenant})

    return run_idempotent(db, tenant, "refunds", key, body, [DocumentType.REFUND_NOTE], work)


def issue_credit_note(db: Database, principal: Principal, key: str, body: dict, dump) -> tuple[dict, int, bool]:
    first_allowed(principal, refund_refusal)
    tenant = principal.tenant_id
    cols = _scoped(db, tenant)

    def work(session: ClientSession) -> dict:
        charge = _lock_charge(cols, body["charge_id"], session)
        credit_id = new_id()
        credit = CreditNote(credit_id, charge["_id"], body["amount_fen"], body["reason"])
        _decide(lambda: _ledger(cols, charge, session).record_credit_note(credit))
        posted_on = local_date()
        number = issue_number(db, session, tenant, DocumentType.CREDIT_NOTE, document=CREDIT_NOTES,
                              document_id=credit_id, field="credit_number")
        document = {
            "_id": credit_id, "charge_id": charge["_id"], "unit_id": charge["unit_id"], "amount_fen": credit.amount_fen,
            "reason": credit.reason, "credit_number": number, "posted_on": posted_on.isoformat(),
            "voided_numbers": [], "created_at": utcnow(), "created_by": principal.actor,
        }
        cols[CREDIT_NOTES].insert_one(document, session=session)
        ledger.post(db, session, tenant, kind=EntryKind.CREDIT_NOTE, unit_id=charge["unit_id"], posted_on=posted_on,
                    amount_fen=credit.amount_fen, document_number=number, document_id=credit_id,
                    charge_id=charge["_id"], description=credit.reason)
        return dump({**document, "tenant_id": tenant})

    return run_idempotent(db, tenant, "credit_notes", key, body, [DocumentType.CREDIT_NOTE], work)


def get_document(collection: TenantCollection, document_id: str, what: str) -> dict:
    document = collection.find_one({"_id": document_id})
    if document is None:
        raise NotFound(f"No such {what}.")
    return document
