"""Visitor register 访客单 (VS-1, VS-2): check-in decisions, host calls, pre-registrations, the watch list.

A document number is protected the moment it arrives (masked form + keyed fingerprint) and
never stored, logged or returned; outward records go through ``visitor_view``.
"""
from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime, time, timedelta

from kefulib.authn import Principal
from kefulib.problems import Conflict
from kefulib.store import TenantCollection
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from ..domain import (
    CONSENT_VALID_FOR,
    VISITOR_VIEW_FIELDS,
    HostConsent,
    PreRegistration,
    ProtectedDocument,
    VisitorAtDesk,
    VisitorEntry,
    WatchListEntry,
    check_in_decision,
    check_out,
    project_zone,
    protect_document,
    register_check_in,
    visitor_view,
)
from ..store import HOST_CALLS, PRE_REGISTRATIONS, VISITORS, WATCH_LIST
from .common import domain_errors, get_or_404, not_found, now, project_settings


def _protect(secret: bytes, doc_type: str, number: str) -> ProtectedDocument:
    with domain_errors():
        return protect_document(secret, doc_type, number)


# ---- check-in / check-out ---------------------------------------------------------------------------------

def check_in(db: Database, principal: Principal, secret: bytes, body: dict,
             pre_registration_id: str | None = None) -> dict:
    at = now()
    document = _protect(secret, body["document_type"], body["document_number"])
    tenant = principal.tenant_id
    pre_registrations = TenantCollection(db[PRE_REGISTRATIONS], tenant)
    if pre_registration_id is not None:
        pre_doc = get_or_404(pre_registrations, pre_registration_id, "pre-registration")
    else:
        pre_doc = _matching_pre_registration(pre_registrations, body["unit_id"], document.fingerprint, at)
    visitor_name = body.get("visitor_name") or (pre_doc or {}).get("guest_name") or ""
    unit_id = body.get("unit_id") or (pre_doc or {}).get("unit_id") or ""
    with domain_errors():
        visitor = VisitorAtDesk(visitor_name, document.fingerprint, unit_id, body.get("purpose") or "")
        decision = check_in_decision(visitor, _watch_list_for(db, tenant, document.fingerprint),
                                     _pre_registration(pre_doc), _latest_host_call(db, tenant, visitor, at), at)
    if not decision.allowed:
        raise Conflict(decision.reason_text, reason_code=decision.reason_code,
                       requires_host_call=decision.requires_host_call)
    with domain_errors():
        entry = register_check_in(visitor_name, document, unit_id, body.get("purpose") or "", decision, at,
                                  body.get("badge_number"))
    record = {
        "_id": str(uuid.uuid4()), **_entry_fields(entry), "admitted_by": principal.actor,
        "pre_registration_id": (pre_doc or {}).get("_id") if decision.reason_code == "pre_registered" else None,
        "on_site": True, "created_at": at,
    }
    TenantCollection(db[VISITORS], tenant).insert_one(record)
    return view(record)


def check_out_visitor(db: Database, principal: Principal, entry_id: str, body: dict) -> dict:
    visitors = TenantCollection(db[VISITORS], principal.tenant_id)
    record = get_or_404(visitors, entry_id, "visitor entry")
    with domain_errors():
        done = check_out(_entry(record), body.get("at") or now())
    updated = visitors.find_one_and_update(
        {"_id": entry_id, "checked_out_at": None},
        {"$set": {"checked_out_at": done.checked_out_at, "on_site": False, "checked_out_by": principal.actor}})
    if updated is None:
        raise Conflict("visitor already checked out", reason_code="already_checked_out")
    return view(updated)


def view(record: dict) -> dict:
    return visitor_view({**record, "id": record["_id"]})


def _entry_fields(entry: VisitorEntry) -> dict:
    return {
        "visitor_name": entry.visitor_name, "document_type": entry.document.doc_type,
        "document_masked": entry.document.masked_number, "document_fingerprint": entry.document.fingerprint,
        "unit_id": entry.unit_id, "purpose": entry.purpose, "badge_number": entry.badge_number,
        "checked_in_at": entry.checked_in_at, "checked_out_at": entry.checked_out_at, "reason_code": entry.reason_code,
    }


def _entry(record: dict) -> VisitorEntry:
    return VisitorEntry(
        visitor_name=record["visitor_name"],
        document=ProtectedDocument(record["document_type"], record["document_masked"], record["document_fingerprint"]),
        unit_id=record["unit_id"], purpose=record.get("purpose", ""), checked_in_at=record["checked_in_at"],
        reason_code=record["reason_code"], badge_number=record.get("badge_number"),
        checked_out_at=record.get("checked_out_at"),
    )


def _watch_list_for(db: Database, tenant: str, fingerprint: str) -> list[WatchListEntry]:
    found = TenantCollection(db[WATCH_LIST], tenant).find({"document_fingerprint": fingerprint})
    return [WatchListEntry(d["document_fingerprint"], d["reason"], d.get("active_from"), d.get("active_until"))
            for d in found]


def _matching_pre_registration(pre_registrations: TenantCollection, unit_id: str | None, fingerprint: str,
                               at: datetime) -> dict | None:
    if not unit_id:
        return None
    candidates = list(pre_registrations.find({
        "unit_id": unit_id, "cancelled": False, "valid_from": {"$lte": at}, "valid_until": {"$gt": at},
        "document_fingerprint": {"$in": [fingerprint, None]},
    }).limit(20))
    candidates.sort(key=lambda d: d.get("document_fingerprint") is None)  # a named guest first
    return candidates[0] if candidates else None


def _pre_registration(doc: dict | None) -> PreRegistration | None:
    if doc is None:
        return None
    return PreRegistration(doc["unit_id"], doc["valid_from"], doc["valid_until"], doc.get("guest_name", ""),
                           doc.get("document_fingerprint"), doc.get("cancelled", False))


def _latest_host_call(db: Database, tenant: str, visitor: VisitorAtDesk, at: datetime) -> HostConsent | None:
    call = TenantCollection(db[HOST_CALLS], tenant).find_one(
        {"document_fingerprint": visitor.document_fingerprint, "unit_id": visitor.unit_id,
         "recorded_at": {"$gte": at - CONSENT_VALID_FOR, "$lte": at}},
        sort=[("recorded_at", -1)])
    if call is None:
        return None
    return HostConsent(call["unit_id"], call["given"], call["recorded_at"], call.get("recorded_by", ""))


# ---- the desk calls the host -------------------------------------------------------------------------------

def record_host_call(db: Database, principal: Principal, secret: bytes, body: dict) -> dict:
    document = _protect(secret, body["document_type"], body["document_number"])
    record = {
        "_id": str(uuid.uuid4()), "visitor_name": body["visitor_name"], "unit_id": body["unit_id"],
        "document_type": document.doc_type, "document_masked": document.masked_number,
        "document_fingerprint": document.fingerprint, "given": body["given"],
        "recorded_at": now(), "recorded_by": principal.actor,
    }
    TenantCollection(db[HOST_CALLS], principal.tenant_id).insert_one(record)
    return record


# ---- residents' pre-registrations ---------------------------------------------------------------------------

def create_pre_registration(db: Database, principal: Principal, secret: bytes, body: dict) -> dict:
    document = None
    if body.get("document_number"):
        document = _protect(secret, body.get("document_type") or "id_card", body["document_number"])
    with domain_errors():
        PreRegistration(body["unit_id"], body["valid_from"], body["valid_until"], body.get("guest_name", ""),
                        document.fingerprint if document else None)
    record = {
        "_id": str(uuid.uuid4()), "unit_id": body["unit_id"], "guest_name": body.get("guest_name", ""),
        "valid_from": body["valid_from"], "valid_until": body["valid_until"],
        "document_type": document.doc_type if document else None,
        "document_masked": document.masked_number if document else None,
        "document_fingerprint": document.fingerprint if document else None,
        "cancelled": False, "created_by": principal.actor, "created_at": now(),
    }
    TenantCollection(db[PRE_REGISTRATIONS], principal.tenant_id).insert_one(record)
    return record


def cancel_pre_registration(db: Database, principal: Principal, pre_id: str) -> dict:
    collection = TenantCollection(db[PRE_REGISTRATIONS], principal.tenant_id)
    get_or_404(collection, pre_id, "pre-registration")
    return collection.find_one_and_update(
        {"_id": pre_id}, {"$set": {"cancelled": True, "cancelled_by": principal.actor, "cancelled_at": now()}})


def pre_registration_filter(query: dict) -> dict:
    filter_: dict = {}
    if "unit_id" in query:
        filter_["unit_id"] = query["unit_id"]
    if query.get("valid_now"):
        at = now()
        filter_.update({"cancelled": False, "valid_from": {"$lte": at}, "valid_until": {"$gt": at}})
    return filter_


# ---- the watch list ---------------------------------------------------------------------------------------

def add_to_watch_list(db: Database, principal: Principal, secret: bytes, body: dict) -> dict:
    document = _protect(secret, body["document_type"], body["document_number"])
    with domain_errors():
        WatchListEntry(document.fingerprint, body["reason"], body.get("active_from"), body.get("active_until"))
    record = {
        "_id": str(uuid.uuid4()), "document_type": document.doc_type, "document_masked": document.masked_number,
        "document_fingerprint": document.fingerprint, "reason": body["reason"],
        "active_from": body.get("active_from"), "active_until": body.get("active_until"),
        "added_by": principal.actor, "added_at": now(),
    }
    try:
        TenantCollection(db[WATCH_LIST], principal.tenant_id).insert_one(record)
    except DuplicateKeyError as exc:
        raise Conflict("This document is already on the watch list.", reason_code="already_listed") from exc
    return record


def remove_from_watch_list(db: Database, principal: Principal, entry_id: str) -> None:
    if TenantCollection(db[WATCH_LIST], principal.tenant_id).delete_one({"_id": entry_id}).deleted_count == 0:
        raise not_found("watch-list entry")


# ---- who is here, and the day's log ---------------------------------------------------------------------------

def day_bounds(db: Database, tenant: str, day: date | None) -> tuple[datetime, datetime, date]:
    zone = project_zone(project_settings(db, tenant)["timezone"])
    day = day or now().astimezone(zone).date()
    start = datetime.combine(day, time.min, zone)
    return start, start + timedelta(days=1), day


def visitor_filter(db: Database, tenant: str, query: dict) -> dict:
    filter_: dict = {}
    if "on_site" in query:
        filter_["on_site"] = query["on_site"]
    if "date" in query:
        start, end, _ = day_bounds(db, tenant, query["date"])
        filter_["checked_in_at"] = {"$gte": start, "$lt": end}
    if "unit_id" in query:
        filter_["unit_id"] = query["unit_id"]
    return filter_


def daily_log_csv(db: Database, tenant: str, day: date | None) -> tuple[str, date]:
    start, end, day = day_bounds(db, tenant, day)
    zone = start.tzinfo
    records = TenantCollection(db[VISITORS], tenant).find(
        {"checked_in_at": {"$gte": start, "$lt": end}}).sort("checked_in_at", 1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(VISITOR_VIEW_FIELDS)
    for record in records:
        row = view(record)
        writer.writerow([_cell(row.get(name), zone) for name in VISITOR_VIEW_FIELDS])
    return out.getvalue(), day


def _cell(value, zone) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text  # no formulas in a spreadsheet
