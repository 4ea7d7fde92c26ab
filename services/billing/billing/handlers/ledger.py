"""The journal every money document posts to; statements and revenue are aggregated from it.

One entry per document: its unit, the project's local date, the kind (charge, credit note,
payment, refund), the amount as a magnitude in fen and the document's number. Entries are
only ever inserted; each insert also adds to HQ's month roll-up (revenue_rollup) in its transaction.
"""
from __future__ import annotations

from datetime import date

from kefulib.store import TenantCollection
from pymongo.client_session import ClientSession
from pymongo.database import Database

from ..common import new_id, utcnow
from ..domain import EntryKind
from ..store import LEDGER_ENTRIES
from . import revenue_rollup

# Same-day order on a statement (as billing.domain.statements orders them).
KIND_ORDER = {EntryKind.CHARGE: 0, EntryKind.CREDIT_NOTE: 1, EntryKind.PAYMENT: 2, EntryKind.REFUND: 3}


def post(db: Database, session: ClientSession, tenant_id: str, *, kind: EntryKind, unit_id: str, posted_on: date,
         amount_fen: int, document_number: str, document_id: str, charge_id: str | None, description: str = "") -> None:
    entry = {
        "_id": new_id(), "kind": kind.value, "kind_order": KIND_ORDER[kind], "unit_id": unit_id,
        "posted_on": posted_on.isoformat(), "month": posted_on.strftime("%Y-%m"), "amount_fen": amount_fen,
        "document_number": document_number, "document_id": document_id, "charge_id": charge_id,
        "description": description, "created_at": utcnow(),
    }
    TenantCollection(db[LEDGER_ENTRIES], tenant_id).insert_one(entry, session=session)
    revenue_rollup.record(db, {**entry, "tenant_id": tenant_id}, session)  # HQ's month sums, same transaction
