"""A renovation's fees (装修押金, 装修管理费, 装修出入证工本费): `renovation.fees.requested`, handled in the consumer's inbox
transaction, becomes one numbered charge on the unit, once per application, paid at the cashier like any charge.

renovation says what to charge and billing prices nothing itself: the lines are checked by billing's own line parser
(a malformed event raises and is dead-lettered). `billing.charge.created` carries `renovation_id`, so renovation
learns which charge to watch for payments.
"""
from __future__ import annotations

from kefulib.messaging import Event
from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import local_date, new_id, utcnow
from ..domain import lines_total_fen, parse_lines
from ..store import CHARGES
from .charges import line_docs, open_charge


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
