"""A renovation's fees (装修押金, 装修管理费, 装修出入证工本费): `renovation.fees.requested`, handled in the consumer's inbox
transaction, becomes one numbered charge on the unit, once per application, paid at the cashier like any charge.

renovation says what to charge and billing prices nothing itself: the lines are checked by billing's own line parser
(a malformed event raises and is dead-lettered). `billing.charge.created` carries `renovation_id`, so renovation
learns which charge to watch for payments.
"""
from __future__ import annotations

import logging

from kefulib.messaging import Event, add_to_outbox
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import local_date, new_id, utcnow
from ..domain import CreditNote, DocumentType, EntryKind, Refund, lines_total_fen, parse_lines
from ..sequences import issue_number
from ..store import CHARGES, CREDIT_NOTES, PAYMENTS, REFUNDS
from . import ledger
from .charges import line_docs, open_charge
from .payments import REFUND_ISSUED, _ledger, _lock_charge, _scoped

log = logging.getLogger(__name__)


def renovation_source_key(application_id: str) -> str:
    return f"renovation/{application_id}"


def charge_renovation_fees(db: Database, event: Event, session: ClientSession) -> dict | None:
    data = event.data
    charges = TenantCollection(db[CHARGES], event.tenant_id)
    source_key = renovation_source_key(data["application_id"])
    if charges.find_one({"source_key": source_key}, {"_id": 1}, session=session) is not None:
        return None  # the same application's fees delivered again
    lines = parse_lines(data.get("lines"))
    amount = lines_total_fen(lines)  # billing's own sum of the lines is what is owed (the event's total is a check)
    at = utcnow()
    document = {
        "_id": new_id(), "source": "renovation", "source_key": source_key, "renovation_id": data["application_id"],
        "ticket_id": None, "round": None, "unit_id": data["unit_id"], "category": "renovation", "quote_id": None,
        "quote_version": None, "lines": line_docs(lines), "amount_fen": amount, "priced_total_fen": amount,
        "zero_reason": None, "warranty_rework_of": None, "hold_reason": None, "decisions": [], "voided_numbers": [],
        "completed_at": at, "posted_on": local_date(at).isoformat(), "source_event_id": event.id,
        "ledger_revision": 0, "created_at": at,
    }
    open_charge(db, session, event.tenant_id, document, event.actor)
    charges.insert_one(document, session=session)
    return document


def deposit_refund_key(application_id: str) -> str:
    return f"renovation-deposit/{application_id}"


def refund_renovation_deposit(db: Database, event: Event, session: ClientSession) -> list[dict]:
    """`renovation.deposit.refund_requested`: the deposit less renovation's deductions credited off the fees' charge
    (a numbered credit note) and refunded, as numbered refund notes (one per payment it comes back from, largest
    first), each posted to the unit's ledger with the deductions in its description. Once per application: a
    redelivery finds its refunds."""
    data, tenant = event.data, event.tenant_id
    cols = _scoped(db, tenant)
    source_key = deposit_refund_key(data["application_id"])
    if cols[REFUNDS].find_one({"source_key": source_key}, {"_id": 1}, session=session) is not None:
        return []  # the same acceptance delivered again
    charge = cols[CHARGES].find_one({"source_key": renovation_source_key(data["application_id"])}, session=session)
    if charge is None or data["refund_fen"] <= 0:
        return []  # no fees charged here, or the deductions took the whole deposit
    charge = _lock_charge(cols, charge["_id"], session)
    reason = deposit_refund_reason(data)
    _credit_deposit(db, cols, tenant, charge, data["refund_fen"], reason, source_key, event.actor, session)
    # What comes back is money received beyond what is still owed once the deposit is credited off the charge.
    refundable = _ledger(cols, charge, session).balance().refundable_fen
    left, issued = min(data["refund_fen"], refundable), []
    for payment in sorted(cols[PAYMENTS].find({"charge_id": charge["_id"]}, session=session),
                          key=lambda p: (-p["amount_fen"], p["_id"])):
        already = sum(r["amount_fen"] for r in cols[REFUNDS].find({"payment_id": payment["_id"]}, session=session))
        amount = min(left, payment["amount_fen"] - already)
        if amount <= 0:
            continue
        refund_id = new_id()
        _ledger(cols, charge, session).record_refund(Refund(refund_id, charge["_id"], payment["_id"], amount, reason))
        number = issue_number(db, session, tenant, DocumentType.REFUND_NOTE, document=REFUNDS,
                              document_id=refund_id, field="refund_number")
        posted_on = local_date()
        document = {"_id": refund_id, "charge_id": charge["_id"], "payment_id": payment["_id"],
                    "unit_id": charge["unit_id"], "amount_fen": amount, "reason": reason, "refund_number": number,
                    "source_key": source_key, "renovation_id": data["application_id"],
                    "deductions": data["deductions"], "posted_on": posted_on.isoformat(), "voided_numbers": [],
                    "created_at": utcnow(), "created_by": event.actor}
        cols[REFUNDS].insert_one(document, session=session)
        ledger.post(db, session, tenant, kind=EntryKind.REFUND, unit_id=charge["unit_id"], posted_on=posted_on,
                    amount_fen=amount, document_number=number, document_id=refund_id, charge_id=charge["_id"],
                    description=reason)
        add_to_outbox(db, Event(REFUND_ISSUED, tenant, actor=event.actor, data={
            "refund_id": refund_id, "payment_id": payment["_id"], "charge_id": charge["_id"], "amount_fen": amount,
            "refund_number": number}), session)
        issued.append(document)
        left -= amount
        if not left:
            break
    if refundable < data["refund_fen"]:
        # Paid less than the deposit (a cashier refunded, or the fees were never paid in full): the credit note took
        # the whole deposit off what is owed and only money received goes back. Nothing to retry, so no DLQ.
        log.warning("deposit refund above what was paid: %s fen not refunded", data["refund_fen"] - refundable,
                    extra={"record_id": charge["_id"]})
    return issued


def _credit_deposit(db: Database, cols: dict, tenant: str, charge: dict, amount: int, reason: str, source_key: str,
                    actor: str | None, session: ClientSession) -> None:
    """The deposit is owed back, not earned: a credit note takes the refunded part off the charge first, so what was
    paid for it becomes refundable (billing refunds only what was paid beyond what is due)."""
    credit_id = new_id()
    _ledger(cols, charge, session).record_credit_note(CreditNote(credit_id, charge["_id"], amount, reason))
    number = issue_number(db, session, tenant, DocumentType.CREDIT_NOTE, document=CREDIT_NOTES,
                          document_id=credit_id, field="credit_number")
    posted_on = local_date()
    cols[CREDIT_NOTES].insert_one({
        "_id": credit_id, "charge_id": charge["_id"], "unit_id": charge["unit_id"], "amount_fen": amount,
        "reason": reason, "credit_number": number, "source_key": source_key, "posted_on": posted_on.isoformat(),
        "voided_numbers": [], "created_at": utcnow(), "created_by": actor}, session=session)
    ledger.post(db, session, tenant, kind=EntryKind.CREDIT_NOTE, unit_id=charge["unit_id"], posted_on=posted_on,
                amount_fen=amount, document_number=number, document_id=credit_id, charge_id=charge["_id"],
                description=reason)


def deposit_refund_reason(data: dict) -> str:
    """The refund's line on the statement: the deposit, what was deducted and why."""
    deducted = "; ".join(f"{d['notice_number']} {d['reason']} -{d['amount_fen'] / 100:.2f}" for d in data["deductions"])
    return f"装修押金退还 {data['refund_fen'] / 100:.2f}" + (f" (扣除: {deducted})" if deducted else "")
