"""Borrowing 借阅 and export approvals (ID-7): any staff asks for archive fields for a purpose and a period, the
project manager approves, rejects or revokes in writing, never their own request nor one of someone whose
account chain they created; the policy (archives.py) opens reads only for the person an approval names."""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.problems import Conflict, Forbidden, NotFound
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from ..access import domain_roles, is_hq
from ..domain import BorrowingApproval, ExportApproval, RecordKind, Role, needs_proof_of_authority, never_usable
from ..domain.records import parse_purpose
from ..domain.separation import approval_conflict
from ..store import APPROVALS
from .common import invalid, now
from .staff import creation_links


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


# Seed 000 §3.2.6: the contact list given to security carries no phone or address; the CS centre makes the
# call or passes the message on security's behalf (seed 001 §4.2.3, §4.2.7).
UNUSABLE_FIELDS = ("No approval can open {fields} to this role: security never receives phone numbers or "
                   "addresses. Ask the customer-service centre to make the call or pass the message.")


def create_request(db: Database, principal: Principal, body: dict) -> dict:
    """文件借阅登记 / export request: any staff asks, the project manager approves in writing."""
    at = now()
    roles = domain_roles(principal)
    role = roles[0] if roles else Role.INTEGRATION_CLIENT
    purpose = parse_purpose(body["purpose"])
    outside = any(needs_proof_of_authority(r, purpose) for r in roles) or not roles
    if outside and not body.get("proof_of_authority"):
        raise invalid("proof_of_authority", "an outside party or legal request needs proof of authority attached")
    unusable = never_usable(roles, body["requested_fields"])
    if unusable:
        raise invalid("fields", UNUSABLE_FIELDS.format(fields=", ".join(sorted(unusable))))
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


def list_requests(db: Database, principal: Principal, query: dict) -> dict:
    """The project manager and HQ see every request; anyone else their own; newest first."""
    requests = TenantCollection(db[APPROVALS], principal.tenant_id)
    filter_ = request_filter(principal, query)
    return page_of(lambda: requests.find(filter_).sort("created_at", -1), requests.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: d)


def decide_request(db: Database, principal: Principal, request_id: str, action: str, note: str) -> dict:
    """approve / reject (pending only) or revoke (approved only); the project manager signs."""
    at = now()
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
        raise invalid("note", "say why")
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
