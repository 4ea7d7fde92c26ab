"""The important-event archive (ID-6): draft → submitted → filed or returned, the project manager reviewing; the
list shows no contents, an event is read one at a time through the policy and logged."""
from __future__ import annotations

import uuid

from kefulib.authn import Principal
from kefulib.problems import Conflict, Forbidden
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from ..access import acting_role
from ..domain import EventKind, EventStatus, ImportantEvent, RecordKind, ReviewStep, Role, apply
from ..store import IMPORTANT_EVENTS
from .archives import read_record
from .common import found, invalid, now
from .units import unit_exists


def _event_of(doc: dict) -> ImportantEvent:
    steps = tuple(ReviewStep(s["action"], s["actor"], Role(s["role"]), s["at"], s.get("note", "")) for s in doc["steps"])
    return ImportantEvent(doc["_id"], EventKind(doc["kind"]), doc["title"], doc["recorded_by"], doc.get("unit_id"),
                          EventStatus(doc["status"]), steps)


def create_event(db: Database, principal: Principal, body: dict) -> dict:
    at = now()
    role = acting_role()
    if role in (Role.INTEGRATION_CLIENT, Role.OWNER_RESIDENT):
        raise Forbidden("Only staff record important events.")
    if body.get("unit_id") and not unit_exists(db, principal.tenant_id, body["unit_id"]):
        raise invalid("unit_id", "no such unit")
    doc = {"_id": f"evt_{uuid.uuid4().hex}", **body, "status": EventStatus.DRAFT.value, "steps": [],
           "recorded_by": principal.actor, "created_at": at}
    return TenantCollection(db[IMPORTANT_EVENTS], principal.tenant_id).insert_one(doc)


def _event(db: Database, tenant_id: str, event_id: str) -> dict:
    return found(TenantCollection(db[IMPORTANT_EVENTS], tenant_id), {"_id": event_id}, "No such important event.")


def review_event(db: Database, principal: Principal, event_id: str, action: str, note: str) -> dict:
    """submit (any staff), file or return (the project manager); a filed event is final."""
    at = now()
    doc = _event(db, principal.tenant_id, event_id)
    role = acting_role((Role.PROJECT_MANAGER,) if action in ("file", "return") else ())
    after = apply(_event_of(doc), action, actor=principal.actor, role=role, at=at, note=note)
    step = after.steps[-1]
    updated = TenantCollection(db[IMPORTANT_EVENTS], principal.tenant_id).find_one_and_update(
        {"_id": event_id, "status": doc["status"]},
        {"$set": {"status": after.status.value},
         "$push": {"steps": {"action": step.action, "actor": step.actor, "role": step.role.value, "at": step.at,
                             "note": step.note}}})
    if updated is None:
        raise Conflict("The event changed meanwhile; reload it and try again.")
    return updated


def event_filter(query: dict) -> dict:
    return {k: query[k] for k in ("status", "kind", "unit_id") if k in query}


def list_events(db: Database, tenant_id: str, query: dict) -> dict:
    """By status and kind, newest first: no contents (an event is read through the policy)."""
    events = TenantCollection(db[IMPORTANT_EVENTS], tenant_id)
    filter_ = event_filter(query)
    return page_of(lambda: events.find(filter_).sort("created_at", -1), events.count_documents(filter_),
                   query["page"], query["page_size"], dump=lambda d: d)


def read_event(db: Database, principal: Principal, event_id: str, query: dict) -> dict:
    doc = _event(db, principal.tenant_id, event_id)
    record = {**doc, "unit": doc.get("unit_id"), "event_kind": doc["kind"]}
    return read_record(db, principal, RecordKind.IMPORTANT_EVENT, event_id, record, query.get("requested_fields"),
                       query["purpose"], now())
