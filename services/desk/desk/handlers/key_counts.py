"""Counting the keys at shift hand-over (DK-2, TK-12) and flagging overdue keys (the worker's job)."""
from __future__ import annotations

import uuid
from datetime import datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.store import TenantCollection, run_in_transaction
from kefulib.web import page_of
from pymongo.database import Database

from ..domain.keys import RegisteredKey, count_keys, needs_overdue_flag
from ..store import KEY_COUNTS, KEY_LOANS, KEYS
from .common import get_or_404, now, rules

KEY_OVERDUE = "desk.key.overdue"
FINDINGS = ("present", "out", "overdue", "missing", "present_while_out")


def record_count(db: Database, principal: Principal, body: dict) -> dict:
    tenant = principal.tenant_id
    at = now()
    # Keys handed to their owner at move-in are no longer the desk's to count.
    register = list(TenantCollection(db[KEYS], tenant).find({"status": {"$ne": "handed_over"}},
                                                            {"expected_return_at": 1}))
    with rules():
        found = count_keys([RegisteredKey(k["_id"], k.get("expected_return_at")) for k in register],
                           body["present_key_ids"], at)
    doc = {"_id": str(uuid.uuid4()), "counted_at": at, "counted_by": principal.actor,
           "handover_ref": body.get("handover_ref"), "note": body.get("note", ""), "register_size": len(register),
           **{name: getattr(found, name) for name in FINDINGS}}
    TenantCollection(db[KEY_COUNTS], tenant).insert_one(doc)
    return view(db, tenant, doc)


def view(db: Database, tenant: str, count: dict) -> dict:
    """A count with each key it names described (label, kind, hook), as the incoming shift reads it."""
    named = {key_id for name in FINDINGS for key_id in count[name]}
    described = {k["_id"]: k for k in TenantCollection(db[KEYS], tenant).find(
        {"_id": {"$in": sorted(named)}}, {"label": 1, "kind": 1, "hook": 1, "unit_id": 1, "expected_return_at": 1})}
    gone = {"label": None, "kind": None, "hook": None, "unit_id": None}  # a key removed from the register since
    return {**count, **{name: [{"key_id": key_id, **{f: described.get(key_id, gone).get(f) for f in gone}}
                               for key_id in count[name]] for name in FINDINGS}}


def get_count(db: Database, tenant: str, count_id: str) -> dict:
    return view(db, tenant, get_or_404(TenantCollection(db[KEY_COUNTS], tenant), count_id, "key count"))


def list_counts(db: Database, tenant: str, query: dict) -> dict:
    counts = TenantCollection(db[KEY_COUNTS], tenant)
    return page_of(lambda: counts.find({}).sort("counted_at", -1), counts.count_documents({}),
                   query["page"], query["page_size"], dump=lambda c: view(db, tenant, c))


def flag_overdue_keys(db: Database, at: datetime | None = None) -> int:
    """Mark every project's keys past their expected return, once per loan, and announce each (a system job)."""
    at = at or now()
    flagged = 0
    for key in db[KEYS].find({"expected_return_at": {"$lt": at}, "overdue_flagged_at": None}):
        if needs_overdue_flag(key.get("expected_return_at"), key.get("overdue_flagged_at"), at):
            flagged += _flag(db, key, at)
    return flagged


def _flag(db: Database, key: dict, at: datetime) -> int:
    tenant = key["tenant_id"]
    event = Event(KEY_OVERDUE, tenant, {
        "key_id": key["_id"], "loan_id": key["loan_id"], "kind": key["kind"], "unit_id": key.get("unit_id"),
        "holder_staff_id": key.get("holder_staff_id"), "signed_out_at": key["signed_out_at"].isoformat(),
        "expected_return_at": key["expected_return_at"].isoformat(), "flagged_at": at.isoformat()})

    def write(session) -> int:
        # Guarded by the loan: a key returned (or flagged by another worker) meanwhile is left alone.
        changed = TenantCollection(db[KEYS], tenant).update_one(
            {"_id": key["_id"], "loan_id": key["loan_id"], "overdue_flagged_at": None},
            {"$set": {"overdue_flagged_at": at}}, session=session)
        if not changed.modified_count:
            return 0
        TenantCollection(db[KEY_LOANS], tenant).update_one({"_id": key["loan_id"]},
                                                           {"$set": {"overdue_flagged_at": at}}, session=session)
        add_to_outbox(db, event, session)
        return 1

    return run_in_transaction(db, write)
