"""Charges from completed repairs (BL-3): one per (ticket, round), priced by the accepted quote
version, warranty reworks recorded at zero; what makes any charge payable (`open_charge`)."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import NotFound
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import local_date, new_id, utcnow
from ..domain import WARRANTY_REWORK, BillingError, DocumentType, EntryKind, decide_repair_charge
from ..sequences import issue_number
from ..store import CHARGES, CREDIT_NOTES, PAYMENTS, QUOTES, REFUNDS
from . import ledger
from .quotes import to_domain

CHARGE_CREATED = "billing.charge.created"
CHARGE_HELD = "billing.charge.held"


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


def line_docs(lines) -> list[dict]:
    return [{**asdict(line), "labour_fen": line.labour_fen, "total_fen": line.total_fen} for line in lines]


def describe(document: dict) -> str:
    """The statement line's text: the lines, or what a free warranty rework was."""
    text = "; ".join(line["description"] for line in document["lines"])
    if document.get("zero_reason") == WARRANTY_REWORK:
        return f"保修返修 免费 (warranty rework of ticket {document['warranty_rework_of']})" + (f": {text}" if text else "")
    return text


def open_charge(db: Database, session: ClientSession, tenant_id: str, document: dict, actor: str | None) -> dict:
    """Make a charge payable: its slip number, its journal entry and `billing.charge.created`, in `session`.

    `document` is already stored (held, being released) or about to be (returned with its number)."""
    document["slip_number"] = issue_number(db, session, tenant_id, DocumentType.SLIP, document=CHARGES,
                                           document_id=document["_id"], field="slip_number")
    document["status"] = "open"
    ledger.post(db, session, tenant_id, kind=EntryKind.CHARGE, unit_id=document["unit_id"],
                posted_on=date.fromisoformat(document["posted_on"]), amount_fen=document["amount_fen"],
                document_number=document["slip_number"], document_id=document["_id"], charge_id=document["_id"],
                description=describe(document))
    if document.get("quote_id") and document.get("quote_version"):
        TenantCollection(db[QUOTES], tenant_id).update_one({"_id": document["quote_id"]}, {"$push": {"charged": {
            "version": document["quote_version"], "charge_id": document["_id"], "round": document.get("round")}}},
            session=session)
    add_to_outbox(db, Event(CHARGE_CREATED, tenant_id, actor=actor, data={
        "charge_id": document["_id"], "ticket_id": document.get("ticket_id"), "unit_id": document["unit_id"],
        "amount_fen": document["amount_fen"], "slip_number": document["slip_number"], "source": document["source"],
        "quote_id": document.get("quote_id"), "quote_version": document.get("quote_version"),
        "warranty_rework_of": document.get("warranty_rework_of"),
        # Only a renovation's fees name their application (the other sources' events are as they always were).
        **({"renovation_id": document["renovation_id"]} if document.get("renovation_id") else {}),
    }), session)
    return document


def repair_source_key(ticket_id: object, round_: int) -> str:
    return f"ticket/{ticket_id}/round/{round_}"


def charge_completed_repair(db: Database, event: Event, session: ClientSession) -> dict | None:
    """The effect of `ticketing.repair.completed`, in the consumer's inbox transaction: the charge of
    the accepted quote version (numbered and announced), a zero record for a warranty rework, or a
    held charge with its reason for finance (`billing.charge.held`)."""
    data = event.data
    charges = TenantCollection(db[CHARGES], event.tenant_id)
    round_, completed_at = _round(data), _completed_at(data)
    source_key = repair_source_key(data.get("ticket_id"), round_)
    if charges.find_one({"source_key": source_key}, {"_id": 1}, session=session) is not None:
        return None  # another delivery (or another event for the same round) already charged it
    quote, charged_versions = None, frozenset()
    if data.get("quote_id"):
        stored = TenantCollection(db[QUOTES], event.tenant_id).find_one({"_id": data["quote_id"]}, session=session)
        if stored is not None:
            quote = to_domain(stored)
            charged_versions = frozenset(c["version"] for c in stored.get("charged", []))
    decision = decide_repair_charge(data, quote, charged_versions)  # a malformed event raises: dead-lettered
    charge = decision.charge
    if charge is None:
        return None  # nothing billable (a free repair, or work already charged on an earlier round)
    document = {
        "_id": new_id(), "source": "repair", "source_key": source_key, "ticket_id": charge.ticket_id,
        "round": round_, "unit_id": charge.unit_id, "category": data.get("category"),
        "quote_id": data.get("quote_id"),
        "quote_version": charge.quote_version or (data.get("quote_version") if data.get("quote_id") else None),
        "lines": line_docs(charge.lines), "amount_fen": charge.amount_fen, "priced_total_fen": charge.priced_total_fen,
        "zero_reason": charge.zero_reason, "warranty_rework_of": charge.warranty_rework_of,
        "status": "held" if decision.held else "open", "hold_reason": decision.hold_reason, "decisions": [],
        "slip_number": None, "voided_numbers": [], "completed_at": completed_at,
        "posted_on": local_date(completed_at).isoformat(), "source_event_id": event.id, "ledger_revision": 0,
        "created_at": utcnow(),
    }
    if decision.held:
        charges.insert_one(document, session=session)
        add_to_outbox(db, Event(CHARGE_HELD, event.tenant_id, actor=event.actor, data={
            "charge_id": document["_id"], "ticket_id": charge.ticket_id, "unit_id": charge.unit_id, "round": round_,
            "quote_id": document["quote_id"], "hold_reason": decision.hold_reason,
        }), session)
        return document
    open_charge(db, session, event.tenant_id, document, event.actor)
    charges.insert_one(document, session=session)
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
    return {key: query[key] for key in ("ticket_id", "unit_id", "status", "source") if key in query}
