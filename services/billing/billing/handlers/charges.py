"""Charges from completed repairs (BL-3): one per (ticket, round), warranty reworks at zero."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import NotFound
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import local_date, new_id, utcnow
from ..domain import BillingError, DocumentType, EntryKind, charge_from_completed_repair
from ..domain.charges import MISSING_UNIT
from ..sequences import issue_number
from ..store import CHARGES, CREDIT_NOTES, PAYMENTS, QUOTES, REFUNDS
from . import ledger
from .quotes import to_domain

CHARGE_CREATED = "billing.charge.created"
# The completed ticket disagrees with its quote (BL-2): the charge waits for a person.
QUOTE_REASONS = frozenset({"no_accepted_quote", "charge_differs_from_accepted_quote", "quote_for_other_ticket"})


def _round(data: dict) -> int:
    value = data.get("round", 1)
    if type(value) is not int or value < 1:
        raise BillingError("invalid_round", repr(value), "round")
    return value


def _completed_at(data: dict) -> datetime:
    try:
        moment = datetime.fromisoformat(data["completed_at"])
    except (KeyError, TypeError, ValueError):
        raise BillingError("invalid_completed_at", repr(data.get("completed_at")), "completed_at") from None
    if moment.tzinfo is None:
        raise BillingError("invalid_completed_at", "needs a time zone", "completed_at")
    return moment


def charge_completed_repair(db: Database, event: Event, session: ClientSession) -> dict | None:
    """The effect of `ticketing.repair.completed`: the charge, its slip number, its journal entry
    and `billing.charge.created`, all in the consumer's inbox transaction."""
    data = event.data
    charges = TenantCollection(db[CHARGES], event.tenant_id)
    round_, completed_at = _round(data), _completed_at(data)
    existing = charges.find_one({"ticket_id": data.get("ticket_id"), "round": round_}, session=session)
    if existing is not None:
        return None  # another delivery (or another event for the same round) already charged it
    hold_reason, quote = None, None
    if data.get("quote_id"):
        stored = TenantCollection(db[QUOTES], event.tenant_id).find_one({"_id": data["quote_id"]}, session=session)
        quote = to_domain(stored) if stored else None
        hold_reason = None if stored else "unknown_quote"
    try:
        charge = charge_from_completed_repair(data, quote)
    except BillingError as error:
        if error.reason not in QUOTE_REASONS:
            raise  # a malformed event: dead-lettered for an operator
        charge, hold_reason = charge_from_completed_repair(data, None), error.reason
    if charge is None:
        return None  # nothing billable (e.g. a free service)
    if charge.unit_id is None:
        hold_reason = hold_reason or MISSING_UNIT
    charge_id = new_id()
    posted_on = local_date(completed_at)
    document = {
        "_id": charge_id, "ticket_id": charge.ticket_id, "round": round_, "unit_id": charge.unit_id,
        "category": data.get("category"), "quote_id": data.get("quote_id"),
        "lines": [{**asdict(line), "labour_fen": line.labour_fen, "total_fen": line.total_fen} for line in charge.lines],
        "amount_fen": charge.amount_fen, "priced_total_fen": charge.priced_total_fen, "zero_reason": charge.zero_reason,
        "warranty_rework_of": charge.warranty_rework_of, "status": "held" if hold_reason else "open",
        "hold_reason": hold_reason, "slip_number": None, "voided_numbers": [],
        "completed_at": completed_at, "posted_on": posted_on.isoformat(), "source_event_id": event.id,
        "ledger_revision": 0, "created_at": utcnow(),
    }
    if hold_reason is None:
        document["slip_number"] = issue_number(db, session, event.tenant_id, DocumentType.SLIP, document=CHARGES,
                                               document_id=charge_id, field="slip_number")
    charges.insert_one(document, session=session)
    if hold_reason is None:
        ledger.post(db, session, event.tenant_id, kind=EntryKind.CHARGE, unit_id=charge.unit_id, posted_on=posted_on,
                    amount_fen=charge.amount_fen, document_number=document["slip_number"], document_id=charge_id,
                    charge_id=charge_id, description="; ".join(line.description for line in charge.lines))
        add_to_outbox(db, Event(CHARGE_CREATED, event.tenant_id, actor=event.actor, data={
            "charge_id": charge_id, "ticket_id": charge.ticket_id, "unit_id": charge.unit_id,
            "amount_fen": charge.amount_fen, "slip_number": document["slip_number"],
        }), session)
    return document


def get_charge(charges: TenantCollection, charge_id: str, session: ClientSession | None = None) -> dict:
    charge = charges.find_one({"_id": charge_id}, session=session)
    if charge is None:
        raise NotFound("No such charge.")
    return charge


def balance_of(db: Database, tenant_id: str, charge: dict, session: ClientSession | None = None) -> dict:
    """What is charged, credited, paid and refunded on one charge, in fen."""
    def total(name: str) -> int:
        rows = TenantCollection(db[name], tenant_id).aggregate([
            {"$match": {"charge_id": charge["_id"]}}, {"$group": {"_id": None, "fen": {"$sum": "$amount_fen"}}},
        ], session=session)
        return next(iter(rows), {"fen": 0})["fen"]
    charged, credited, paid, refunded = charge["amount_fen"], total(CREDIT_NOTES), total(PAYMENTS), total(REFUNDS)
    due, held = charged - credited, paid - refunded
    return {"charged_fen": charged, "credited_fen": credited, "paid_fen": paid, "refunded_fen": refunded,
            "outstanding_fen": max(0, due - held), "refundable_fen": max(0, held - due)}


def with_balance(db: Database, tenant_id: str, charge: dict) -> dict:
    return {**charge, "balance": balance_of(db, tenant_id, charge)}


def charge_filter(query: dict) -> dict:
    return {key: query[key] for key in ("ticket_id", "unit_id", "status") if key in query}
