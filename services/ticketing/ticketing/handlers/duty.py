"""Duty log 值班记录 and shift hand-over 交接班记录 (TK-12)."""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import NotFound
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..domain import DutyLogEntry, Handover, open_matters, prepare_handover, sign_handover
from ..store import DUTY_LOG, HANDOVERS
from .common import domain_errors, now

SHIFT_HANDED_OVER = "ticketing.shift.handed_over"


def add_entry(db: Database, principal: Principal, body: dict) -> dict:
    with domain_errors():
        entry = DutyLogEntry(now(), principal.actor, body["text"], body.get("matter"), body.get("closes_matter", False))
    doc = {"_id": str(uuid.uuid4()), "at": entry.at, "recorded_by": entry.recorded_by, "text": entry.text,
           "matter": entry.matter, "closes_matter": entry.closes_matter}
    return TenantCollection(db[DUTY_LOG], principal.tenant_id).insert_one(doc)


def current_open_matters(db: Database, tenant_id: str) -> tuple[str, ...]:
    """Only entries that name a matter are read (index tenant + matter + time)."""
    entries = TenantCollection(db[DUTY_LOG], tenant_id).find({"matter": {"$ne": None}},
                                                             {"at": 1, "recorded_by": 1, "text": 1, "matter": 1,
                                                              "closes_matter": 1})
    return open_matters(DutyLogEntry(e["at"], e["recorded_by"], e["text"], e["matter"], e["closes_matter"])
                        for e in entries)


def prepare(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    with domain_errors():
        handover = prepare_handover([], principal.actor, body["incoming"], at, body.get("notes", ""))
    doc = {"_id": str(uuid.uuid4()), "outgoing": handover.outgoing, "incoming": handover.incoming,
           "prepared_at": at, "carried_over": list(current_open_matters(db, principal.tenant_id)),
           "notes": handover.notes, "signed_at": None}
    return TenantCollection(db[HANDOVERS], principal.tenant_id).insert_one(doc)


def get_handover(db: Database, tenant_id: str, handover_id: str) -> dict:
    doc = TenantCollection(db[HANDOVERS], tenant_id).find_one({"_id": handover_id})
    if doc is None:
        raise NotFound("No such hand-over.")
    return doc


def sign(db: Database, principal: Principal, handover_id: str) -> dict:
    """Only the incoming person's own token signs (TK-12); the signature is their token subject."""
    doc = get_handover(db, principal.tenant_id, handover_id)
    handover = Handover(doc["outgoing"], doc["incoming"], doc["prepared_at"], tuple(doc["carried_over"]),
                        doc["notes"], doc.get("signed_at"))
    with domain_errors():
        signed = sign_handover(handover, principal.actor, now())
    # Who is on duty now is news for notifications: at night an escalation wakes this person (NT-2).
    event = Event(SHIFT_HANDED_OVER, principal.tenant_id, actor=principal.actor, data={
        "handover_id": handover_id, "outgoing": doc["outgoing"], "incoming": principal.actor,
        "signed_at": signed.signed_at.isoformat()})

    def work(session):
        changed = TenantCollection(db[HANDOVERS], principal.tenant_id).update_one(
            {"_id": handover_id, "signed_at": None},
            {"$set": {"signed_at": signed.signed_at, "signed_by": principal.actor}}, session=session)
        if changed.modified_count:  # a hand-over signed twice announces the shift once
            add_to_outbox(db, event, session)
    run_in_transaction(db, work)
    return {**doc, "signed_at": signed.signed_at, "signed_by": principal.actor}
