"""Confidential archives (ID-3, ID-7, ID-8, ID-9): owner and resident archives, ownership history,
borrowing and export approvals, and the hash-chained access log every read writes to first."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

from kefulib.authn import Principal
from kefulib.messaging import Event, add_to_outbox
from kefulib.problems import Conflict, Forbidden, NotFound, Unprocessable
from kefulib.store import TenantCollection, run_in_transaction
from pymongo.database import Database

from .access import domain_roles, is_hq
from .access_log import append_access_log, log_entry_view, verify_log  # noqa: F401  (re-exported: views, CLI, tests)
from .domain import (
    KEEPERS,
    AccessDecision,
    BorrowingApproval,
    ExportApproval,
    InvalidInput,
    OwnershipRecord,
    Purpose,
    RecordKind,
    Role,
    can_read_access_log,
    current_owner,
    decide,
    fields_of,
    history,
    needs_proof_of_authority,
    never_usable,
    project_record,
    transfer,
)
from .domain.records import parse_fields, parse_kind, parse_purpose
from .domain.separation import approval_conflict
from .staff import creation_links
from .store import APPROVALS, OWNER_ARCHIVES, OWNERSHIPS, RESIDENT_ARCHIVES, UNIT_DOCUMENTS, UNITS
from .units import get_unit

OWNER_CHANGED = "identity.owner.changed"
KEEPER_ROLES = sorted(r.value for r in KEEPERS)


def as_datetime(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def as_date(moment: datetime | None) -> date | None:
    return moment.astimezone(UTC).date() if moment is not None else None


# ---------------------------------------------------------------- the access log (ID-9)

# append_access_log, verify_log and log_entry_view live in access_log.py (keys, signed head, transaction).


def demand_log_reader(principal: Principal) -> None:
    if not (is_hq(principal) or any(can_read_access_log(r) for r in domain_roles(principal))):
        raise Forbidden("The access log is for the project manager and HQ.")


def log_scope(principal: Principal, project: str | None) -> str:
    """HQ reads any project's log; everyone else their own (another project looks empty)."""
    if project and is_hq(principal):
        return project
    return principal.tenant_id


def log_filter(query: dict) -> dict:
    filter_: dict = {}
    for key in ("actor", "record_id", "record_kind", "purpose", "allowed"):
        if key in query:
            filter_[key] = query[key]
    return filter_


# ---------------------------------------------------------------- reads through the policy

def load_approvals(db: Database, tenant_id: str, actor: str, kind: RecordKind) -> list:
    docs = TenantCollection(db[APPROVALS], tenant_id).find(
        {"requester": actor, "record_kind": kind.value, "status": {"$in": ["approved", "revoked"]}})
    return [approval_of(d) for d in docs]


def approval_of(doc: dict):
    cls = ExportApproval if doc["type"] == "export" else BorrowingApproval
    return cls(approval_id=doc["_id"], requester=doc["requester"], purpose=doc["purpose"],
               record_kind=doc["record_kind"], fields=doc["fields"], valid_from=doc["valid_from"],
               valid_until=doc["valid_until"], approved_by=doc.get("approved_by") or "(pending)",
               approved_by_role=doc.get("approved_by_role") or Role.PROJECT_MANAGER,
               proof_of_authority=doc.get("proof_of_authority"), record_ids=doc.get("record_ids") or (),
               revoked_at=doc.get("revoked_at"))


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


def open_checklist(db: Database, tenant_id: str, unit_id: str, kind: str, at: datetime, session) -> None:
    documents = TenantCollection(db[UNIT_DOCUMENTS], tenant_id)
    if documents.find_one({"unit_id": unit_id, "kind": kind}, session=session) is None:
        documents.insert_one({"_id": str(uuid.uuid4()), "unit_id": unit_id, "kind": kind, "received": {},
                              "conditions": [], "opened_at": at}, session=session)


def record_owner(db: Database, principal: Principal, unit_id: str, body: dict, at: datetime) -> dict:
    """A new owner archive; the current owner's period closes on `since` (过户) and history stays."""
    tenant = principal.tenant_id
    get_unit(db, tenant, unit_id)
    since: date = body.pop("since")
    records = _ownerships(db, tenant, unit_id)
    owner_id, record_id = f"own_{uuid.uuid4().hex}", f"ows_{uuid.uuid4().hex}"
    try:
        updated = transfer(records, unit_id=unit_id, new_record_id=record_id, new_owner_archive_id=owner_id, on=since)
    except InvalidInput as error:  # the domain calls the date `on`; the request calls it `since`
        field = "since" if error.field == "on" else error.field
        raise Unprocessable(f"These fields are not valid: {field}.", errors={field: [error.message]}) from None
    closed = [r for r in updated if r.valid_until is not None and r not in records]
    archive = {"_id": owner_id, "unit_id": unit_id, **body, "created_at": at, "created_by": principal.actor}
    event = Event(OWNER_CHANGED, tenant, actor=principal.actor,
                  data={"unit_id": unit_id, "owner_id": owner_id, "since": since.isoformat()})
    archives, ownerships = TenantCollection(db[OWNER_ARCHIVES], tenant), TenantCollection(db[OWNERSHIPS], tenant)

    def work(session):
        for record in closed:
            ownerships.update_one({"_id": record.record_id}, {"$set": {"valid_until": as_datetime(record.valid_until)}},
                                  session=session)
        archives.insert_one(archive, session=session)
        ownerships.insert_one({"_id": record_id, "unit_id": unit_id, "owner_archive_id": owner_id,
                               "valid_from": as_datetime(since), "valid_until": None, "created_at": at,
                               "created_by": principal.actor}, session=session)
        open_checklist(db, tenant, unit_id, "transfer" if records else "move_in", at, session)
        add_to_outbox(db, event, session)

    run_in_transaction(db, work)
    return {"owner_id": owner_id, "unit_id": unit_id, "since": since, "ownership_record_id": record_id,
            "previous_owner_id": closed[0].owner_archive_id if closed else None}


def current_owner_id(db: Database, tenant_id: str, unit_id: str, on: date) -> str | None:
    record = current_owner(_ownerships(db, tenant_id, unit_id), unit_id, on)
    return record.owner_archive_id if record else None


def owner_archive(db: Database, tenant_id: str, owner_id: str) -> dict:
    doc = TenantCollection(db[OWNER_ARCHIVES], tenant_id).find_one({"_id": owner_id})
    if doc is None:
        raise NotFound("No such owner archive.")
    return {**doc, "unit": doc["unit_id"]}


def read_current_owner(db: Database, principal: Principal, unit_id: str, query: dict, at: datetime) -> dict:
    get_unit(db, principal.tenant_id, unit_id)
    owner_id = current_owner_id(db, principal.tenant_id, unit_id, at.date())
    if owner_id is None:
        raise NotFound("The unit has no owner on record.")
    record = owner_archive(db, principal.tenant_id, owner_id)
    return read_record(db, principal, RecordKind.OWNER_ARCHIVE, owner_id, record, query.get("requested_fields"),
                       query["purpose"], at)


def read_owner_archive(db: Database, principal: Principal, owner_id: str, query: dict, at: datetime) -> dict:
    record = owner_archive(db, principal.tenant_id, owner_id)
    return read_record(db, principal, RecordKind.OWNER_ARCHIVE, owner_id, record, query.get("requested_fields"),
                       query["purpose"], at)


def ownership_history(db: Database, tenant_id: str, unit_id: str) -> list[dict]:
    get_unit(db, tenant_id, unit_id)
    return [{"record_id": r.record_id, "owner_id": r.owner_archive_id, "valid_from": r.valid_from,
             "valid_until": r.valid_until} for r in history(_ownerships(db, tenant_id, unit_id), unit_id)]


# ---------------------------------------------------------------- residents

def record_residents(db: Database, principal: Principal, unit_id: str, body: dict, at: datetime) -> dict:
    """A new version of the unit's resident archive; the previous one is kept, marked superseded."""
    tenant = principal.tenant_id
    get_unit(db, tenant, unit_id)
    residents = TenantCollection(db[RESIDENT_ARCHIVES], tenant)
    archive = {"_id": f"res_{uuid.uuid4().hex}", "unit_id": unit_id, **body, "superseded_at": None,
               "created_at": at, "created_by": principal.actor}

    def work(session):
        residents.update_many({"unit_id": unit_id, "superseded_at": None}, {"$set": {"superseded_at": at}},
                              session=session)
        residents.insert_one(archive, session=session)

    run_in_transaction(db, work)
    return {"resident_archive_id": archive["_id"], "unit_id": unit_id, "members": len(body.get("members", []))}


def current_residents(db: Database, tenant_id: str, unit_id: str) -> dict | None:
    return TenantCollection(db[RESIDENT_ARCHIVES], tenant_id).find_one({"unit_id": unit_id, "superseded_at": None})


def read_residents(db: Database, principal: Principal, unit_id: str, query: dict, at: datetime) -> dict:
    get_unit(db, principal.tenant_id, unit_id)
    doc = current_residents(db, principal.tenant_id, unit_id)
    if doc is None:
        raise NotFound("The unit has no resident archive.")
    return read_record(db, principal, RecordKind.RESIDENT_ARCHIVE, doc["_id"], {**doc, "unit": unit_id},
                       query.get("requested_fields"), query["purpose"], at)


# ---------------------------------------------------------------- security's contact list (ID-8)

CONTACT_FIELDS = fields_of(RecordKind.CONTACT_LIST)


def contact_list(db: Database, principal: Principal, query: dict, at: datetime) -> dict:
    """住户联系清单: unit, name, masked ID number, emergency contact's name. Never a phone or an address."""
    tenant = principal.tenant_id
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


# ---------------------------------------------------------------- borrowing and export approvals (ID-7)

# Seed 000 §3.2.6: the contact list given to security carries no phone or address; the CS centre makes the
# call or passes the message on security's behalf (seed 001 §4.2.3, §4.2.7).
UNUSABLE_FIELDS = ("No approval can open {fields} to this role: security never receives phone numbers or "
                   "addresses. Ask the customer-service centre to make the call or pass the message.")


def create_request(db: Database, principal: Principal, body: dict, at: datetime) -> dict:
    """文件借阅登记 / export request: any staff asks, the project manager approves in writing."""
    roles = domain_roles(principal)
    role = roles[0] if roles else Role.INTEGRATION_CLIENT
    purpose = parse_purpose(body["purpose"])
    outside = any(needs_proof_of_authority(r, purpose) for r in roles) or not roles
    if outside and not body.get("proof_of_authority"):
        raise Unprocessable("These fields are not valid: proof_of_authority.", errors={
            "proof_of_authority": ["an outside party or legal request needs proof of authority attached"]})
    unusable = never_usable(roles, body["requested_fields"])
    if unusable:
        raise Unprocessable("These fields are not valid: fields.", errors={"fields": [UNUSABLE_FIELDS.format(
            fields=", ".join(sorted(unusable)))]})
    valid_from = body.get("valid_from") or at
    request_id = f"apr_{uuid.uuid4().hex}"
    cls = ExportApproval if body["type"] == "export" else BorrowingApproval
    # The domain object validates kind, purpose, fields and period (InvalidInput names the field).
    cls(approval_id=request_id, requester=principal.actor, purpose=purpose, record_kind=body["record_kind"],
        fields=body["requested_fields"], valid_from=valid_from, valid_until=body["valid_until"], approved_by="(pending)",
        approved_by_role=Role.PROJECT_MANAGER, proof_of_authority=body.get("proof_of_authority"),
        record_ids=body.get("record_ids") or ())
    doc = {"_id": request_id, "type": body["type"], "requester": principal.actor, "requester_role": role.value,
           "purpose": purpose.value, "record_kind": body["record_kind"], "fields": sorted(set(body["requested_fields"])),
           "record_ids": sorted(set(body.get("record_ids") or [])), "valid_from": valid_from,
           "valid_until": body["valid_until"], "proof_of_authority": body.get("proof_of_authority"),
           "reason": body.get("reason", ""), "status": "pending", "created_at": at,
           "approved_by": None, "approved_by_role": None, "decided_at": None, "decision_note": None,
           "revoked_at": None}
    return TenantCollection(db[APPROVALS], principal.tenant_id).insert_one(doc)


def _sees_all_requests(principal: Principal) -> bool:
    return is_hq(principal) or Role.PROJECT_MANAGER in domain_roles(principal)


def get_request(db: Database, principal: Principal, request_id: str) -> dict:
    doc = TenantCollection(db[APPROVALS], principal.tenant_id).find_one({"_id": request_id})
    if doc is None or not (_sees_all_requests(principal) or doc["requester"] == principal.actor):
        raise NotFound("No such borrowing request.")
    return doc


def request_filter(principal: Principal, query: dict) -> dict:
    filter_ = {k: query[k] for k in ("status", "type", "record_kind") if k in query}
    if not _sees_all_requests(principal):
        filter_["requester"] = principal.actor
    elif "requester" in query:
        filter_["requester"] = query["requester"]
    return filter_


def decide_request(db: Database, principal: Principal, request_id: str, action: str, note: str, at: datetime) -> dict:
    """approve / reject (pending only) or revoke (approved only); the project manager signs."""
    if Role.PROJECT_MANAGER not in domain_roles(principal):
        raise Forbidden("Only the project manager approves, rejects or revokes a borrowing request.")
    doc = get_request(db, principal, request_id)
    conflict = approval_conflict(doc["requester"], principal.actor,
                                 creation_links(db, doc["requester"], principal.actor))
    if conflict:
        raise Forbidden(conflict)
    unusable = never_usable([doc["requester_role"]], doc["fields"]) if action == "approve" else frozenset()
    if unusable:  # a request made before requests were checked: approving it would open nothing
        raise Conflict(UNUSABLE_FIELDS.format(fields=", ".join(sorted(unusable))) + " Reject it instead.")
    source, target = {"approve": ("pending", "approved"), "reject": ("pending", "rejected"),
                      "revoke": ("approved", "revoked")}[action]
    if action != "approve" and not note.strip():
        raise Unprocessable("These fields are not valid: note.", errors={"note": ["say why"]})
    change = {"status": target, "decision_note": note}
    if action == "revoke":
        change["revoked_at"] = at
    else:
        change.update(approved_by=principal.actor, approved_by_role=Role.PROJECT_MANAGER.value, decided_at=at)
    updated = TenantCollection(db[APPROVALS], principal.tenant_id).find_one_and_update(
        {"_id": request_id, "status": source}, {"$set": change})
    if updated is None:
        raise Conflict(f"Cannot {action} a request that is {doc['status']}.")
    return updated
