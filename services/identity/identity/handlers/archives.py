"""Confidential archives (ID-3, ID-8, ID-9): owner and resident archives, ownership history, security's contact
list, and every read of them decided by the policy and written to the access log before the data leaves.

Borrowing and export approvals are in borrowing.py, the access log's list and check in access_log.py."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Forbidden, NotFound
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from ..access import domain_roles
from ..access_log import append_access_log
from ..domain import (
    KEEPERS,
    AccessDecision,
    InvalidInput,
    OwnershipRecord,
    Purpose,
    RecordKind,
    current_owner,
    decide,
    fields_of,
    history,
    project_record,
    transfer,
)
from ..domain.records import parse_fields, parse_kind, parse_purpose
from ..store import OWNER_ARCHIVES, OWNERSHIPS, RESIDENT_ARCHIVES, UNITS
from .borrowing import load_approvals
from .checklists import open_checklist
from .common import as_date, as_datetime, found, invalid, now
from .units import get_unit

OWNER_CHANGED = "identity.owner.changed"
KEEPER_ROLES = sorted(r.value for r in KEEPERS)


# ---------------------------------------------------------------- reads through the policy

def _rank(decision: AccessDecision) -> tuple:
    return (decision.allowed, len(decision.disclosed_fields), len(decision.visible_fields))


def decide_for(db: Database, principal: Principal, kind: RecordKind, record_id: str | None, fields, purpose,
               at: datetime) -> tuple[str, AccessDecision]:
    """The decision under the caller's role that discloses most; raises InvalidInput for bad fields/purpose."""
    kind = parse_kind(kind)
    requested = sorted(parse_fields(kind, fields or fields_of(kind)))
    purpose = parse_purpose(purpose)
    roles = domain_roles(principal)
    if not roles:
        refused = AccessDecision(False, frozenset(), frozenset(), frozenset(requested), None,
                                 "refused: the token carries no role the policy knows")
        return ",".join(sorted(principal.roles)) or "none", refused
    approvals = load_approvals(db, principal.tenant_id, principal.actor, kind)
    best_role, best = None, None
    for role in roles:
        decision = decide(role, kind, requested, purpose, approvals, at, actor=principal.actor, record_id=record_id)
        if best is None or _rank(decision) > _rank(best):
            best_role, best = role, decision
    return best_role.value, best


def read_record(db: Database, principal: Principal, kind: RecordKind, record_id: str, record: dict, fields,
                purpose: str, at: datetime) -> dict:
    """Decide, log (allowed or refused) and only then answer with the projected record."""
    role, decision = decide_for(db, principal, kind, record_id, fields, purpose, at)
    entry = append_access_log(
        db, principal.tenant_id, at=at, actor=principal.actor, role=role, record_kind=kind.value,
        record_id=record_id, fields=decision.disclosed_fields if decision.allowed else decision.hidden_fields,
        purpose=str(purpose), approval_id=decision.approval_id_used, allowed=decision.allowed)
    if not decision.allowed:
        raise Forbidden(decision.reason, access_log_seq=entry.seq)
    return {"record_id": record_id, "record_kind": kind.value, "purpose": str(purpose), "role": role,
            "record": project_record(record, decision), "visible_fields": sorted(decision.visible_fields),
            "masked_fields": sorted(decision.masked_fields), "hidden_fields": sorted(decision.hidden_fields),
            "approval_id": decision.approval_id_used, "reason": decision.reason, "access_log_seq": entry.seq}


# ---------------------------------------------------------------- owners and ownership history (ID-3)

def _ownerships(db: Database, tenant_id: str, unit_id: str) -> list[OwnershipRecord]:
    docs = TenantCollection(db[OWNERSHIPS], tenant_id).find({"unit_id": unit_id})
    return [OwnershipRecord(d["_id"], d["unit_id"], d["owner_archive_id"], as_date(d["valid_from"]),
                            as_date(d.get("valid_until"))) for d in docs]


def record_owner(db: Database, principal: Principal, unit_id: str, body: dict) -> dict:
    """A new owner archive; the current owner's period closes on `since` (过户) and history stays."""
    tenant, at = principal.tenant_id, now()
    get_unit(db, tenant, unit_id)
    since: date = body.pop("since")
    records = _ownerships(db, tenant, unit_id)
    owner_id, record_id = f"own_{uuid.uuid4().hex}", f"ows_{uuid.uuid4().hex}"
    try:
        updated = transfer(records, unit_id=unit_id, new_record_id=record_id, new_owner_archive_id=owner_id, on=since)
    except InvalidInput as error:  # the domain calls the date `on`; the request calls it `since`
        raise invalid("since" if error.field == "on" else error.field, error.message) from None
    closed = [r for r in updated if r.valid_until is not None and r not in records]
    archive = {"_id": owner_id, "unit_id": unit_id, **body, "created_at": at, "created_by": principal.actor}
    event = Event(OWNER_CHANGED, tenant, actor=principal.actor,
                  data={"unit_id": unit_id, "owner_id": owner_id, "since": since.isoformat()})
    archives, ownerships = TenantCollection(db[OWNER_ARCHIVES], tenant), TenantCollection(db[OWNERSHIPS], tenant)

    def transfer_ownership(session):
        for record in closed:
            ownerships.update_one({"_id": record.record_id}, {"$set": {"valid_until": as_datetime(record.valid_until)}},
                                  session=session)
        archives.insert_one(archive, session=session)
        ownerships.insert_one({"_id": record_id, "unit_id": unit_id, "owner_archive_id": owner_id,
                               "valid_from": as_datetime(since), "valid_until": None, "created_at": at,
                               "created_by": principal.actor}, session=session)
        open_checklist(db, tenant, unit_id, "transfer" if records else "move_in", at, session)
        add_to_outbox(db, event, session)

    run_in_transaction(db, transfer_ownership)
    return {"owner_id": owner_id, "unit_id": unit_id, "since": since, "ownership_record_id": record_id,
            "previous_owner_id": closed[0].owner_archive_id if closed else None}


def current_owner_id(db: Database, tenant_id: str, unit_id: str, on: date) -> str | None:
    record = current_owner(_ownerships(db, tenant_id, unit_id), unit_id, on)
    return record.owner_archive_id if record else None


def owner_archive(db: Database, tenant_id: str, owner_id: str) -> dict:
    doc = found(TenantCollection(db[OWNER_ARCHIVES], tenant_id), {"_id": owner_id}, "No such owner archive.")
    return {**doc, "unit": doc["unit_id"]}


def read_current_owner(db: Database, principal: Principal, unit_id: str, query: dict) -> dict:
    at = now()
    get_unit(db, principal.tenant_id, unit_id)
    owner_id = current_owner_id(db, principal.tenant_id, unit_id, at.date())
    if owner_id is None:
        raise NotFound("The unit has no owner on record.")
    record = owner_archive(db, principal.tenant_id, owner_id)
    return read_record(db, principal, RecordKind.OWNER_ARCHIVE, owner_id, record, query.get("requested_fields"),
                       query["purpose"], at)


def read_owner_archive(db: Database, principal: Principal, owner_id: str, query: dict) -> dict:
    record = owner_archive(db, principal.tenant_id, owner_id)
    return read_record(db, principal, RecordKind.OWNER_ARCHIVE, owner_id, record, query.get("requested_fields"),
                       query["purpose"], now())


def ownership_history(db: Database, tenant_id: str, unit_id: str) -> dict:
    """The unit's ownership periods, oldest first: ids and dates only, no personal data."""
    get_unit(db, tenant_id, unit_id)
    return {"unit_id": unit_id, "items": [
        {"record_id": r.record_id, "owner_id": r.owner_archive_id, "valid_from": r.valid_from,
         "valid_until": r.valid_until} for r in history(_ownerships(db, tenant_id, unit_id), unit_id)]}


# ---------------------------------------------------------------- residents

def record_residents(db: Database, principal: Principal, unit_id: str, body: dict) -> dict:
    """A new version of the unit's resident archive; the previous one is kept, marked superseded."""
    tenant, at = principal.tenant_id, now()
    get_unit(db, tenant, unit_id)
    residents = TenantCollection(db[RESIDENT_ARCHIVES], tenant)
    archive = {"_id": f"res_{uuid.uuid4().hex}", "unit_id": unit_id, **body, "superseded_at": None,
               "created_at": at, "created_by": principal.actor}

    def supersede(session):
        residents.update_many({"unit_id": unit_id, "superseded_at": None}, {"$set": {"superseded_at": at}},
                              session=session)
        residents.insert_one(archive, session=session)

    run_in_transaction(db, supersede)
    return {"resident_archive_id": archive["_id"], "unit_id": unit_id, "members": len(body.get("members", []))}


def current_residents(db: Database, tenant_id: str, unit_id: str) -> dict | None:
    return TenantCollection(db[RESIDENT_ARCHIVES], tenant_id).find_one({"unit_id": unit_id, "superseded_at": None})


def read_residents(db: Database, principal: Principal, unit_id: str, query: dict) -> dict:
    at = now()
    get_unit(db, principal.tenant_id, unit_id)
    doc = current_residents(db, principal.tenant_id, unit_id)
    if doc is None:
        raise NotFound("The unit has no resident archive.")
    return read_record(db, principal, RecordKind.RESIDENT_ARCHIVE, doc["_id"], {**doc, "unit": unit_id},
                       query.get("requested_fields"), query["purpose"], at)


# ---------------------------------------------------------------- security's contact list (ID-8)

CONTACT_FIELDS = fields_of(RecordKind.CONTACT_LIST)


def contact_list(db: Database, principal: Principal, query: dict) -> dict:
    """住户联系清单: unit, name, masked ID number, emergency contact's name. Never a phone or an address."""
    tenant, at = principal.tenant_id, now()
    purpose = query.get("purpose", Purpose.SECURITY_CONTACT_LIST.value)
    role, gate = decide_for(db, principal, RecordKind.CONTACT_LIST, None, CONTACT_FIELDS, purpose, at)
    if not gate.allowed:
        entry = append_access_log(db, tenant, at=at, actor=principal.actor, role=role,
                                  record_kind=RecordKind.CONTACT_LIST.value, record_id="contact_list",
                                  fields=CONTACT_FIELDS, purpose=purpose, approval_id=None, allowed=False)
        raise Forbidden(gate.reason, access_log_seq=entry.seq)
    units = TenantCollection(db[UNITS], tenant)
    filter_ = {"building": query["building"]} if "building" in query else {}
    page, size = query["page"], query["page_size"]
    items = []
    for unit in units.find(filter_).sort("unit_id", 1).skip((page - 1) * size).limit(size):
        unit_id = unit["unit_id"]
        owner_id = current_owner_id(db, tenant, unit_id, at.date())
        owner = owner_archive(db, tenant, owner_id) if owner_id else {}
        residents = current_residents(db, tenant, unit_id) or {}
        # Built from the four listed fields only: a phone or address never enters the record at all.
        source = {"unit": unit_id, "name": owner.get("name"), "id_number": owner.get("id_number"),
                  "emergency_contact": {"name": (residents.get("emergency_contact") or {}).get("name")}}
        view = read_record(db, principal, RecordKind.CONTACT_LIST, unit_id, source, CONTACT_FIELDS, purpose, at)
        items.append(view["record"])
    return {"items": items, "page": page, "page_size": size, "total": units.count_documents(filter_)}
