"""Archive quality checks (ID-10): a full check once occupancy and time say so, then random samples of at least
the project's ratio, each unit's finding taken from its checklists; overdue checks for the project and HQ."""
from __future__ import annotations

import uuid
from datetime import date

from kefulib.authn import Principal
from kefulib.problems import Conflict
from kefulib.store import TenantCollection
from kefulib.web import page_of
from pymongo.database import Database

from ..access import is_hq
from ..domain import CheckKind, choose_sample, next_check
from ..store import OWNERSHIPS, QUALITY_CHECKS, TENANTS, UNIT_DOCUMENTS, UNITS
from .checklists import missing_documents
from .common import as_date, as_datetime, found, invalid, now
from .settings import get_settings, quality_policy


def _occupied_units(db: Database, tenant_id: str, today: date) -> list[str]:
    return TenantCollection(db[OWNERSHIPS], tenant_id).distinct(
        "unit_id", {"valid_until": None, "valid_from": {"$lte": as_datetime(today)}})


def _last_completed(db: Database, tenant_id: str, kind: CheckKind) -> date | None:
    doc = TenantCollection(db[QUALITY_CHECKS], tenant_id).find_one(
        {"kind": kind.value, "status": "completed"}, sort=[("completed_at", -1)])
    return as_date(doc["completed_at"]) if doc else None


def due_check(db: Database, tenant_id: str) -> dict:
    """GET /quality-checks/due: which check the project owes next, and whether it is due or overdue today."""
    return check_due(db, tenant_id, now().date())


def check_due(db: Database, tenant_id: str, today: date) -> dict:
    settings = get_settings(db, tenant_id)
    if settings["move_in_date"] is None:
        raise Conflict("Set the project's move_in_date in /settings first: checks are scheduled from it.")
    total = TenantCollection(db[UNITS], tenant_id).count_documents({})
    occupied = len(_occupied_units(db, tenant_id, today))
    due = next_check(quality_policy(settings), move_in=settings["move_in_date"], total_units=total,
                     occupied_units=occupied, today=today,
                     last_full_check=_last_completed(db, tenant_id, CheckKind.FULL),
                     last_sample_check=_last_completed(db, tenant_id, CheckKind.SAMPLE))
    return {"kind": due.kind.value, "due_on": due.due_on, "is_due": due.is_due, "is_overdue": due.is_overdue,
            "total_units": total, "occupied_units": occupied}


def _open_check(db: Database, tenant_id: str) -> dict | None:
    return TenantCollection(db[QUALITY_CHECKS], tenant_id).find_one({"status": "open"})


def start_check(db: Database, principal: Principal) -> dict:
    """A full check, or a random sample of at least the project's ratio (default 5 %), when one is due."""
    tenant, at = principal.tenant_id, now()
    if _open_check(db, tenant) is not None:
        raise Conflict("A quality check is already open; complete it first.")
    due = check_due(db, tenant, at.date())
    if not due["is_due"]:
        raise Conflict(f"No quality check is due yet (next: {due['kind']} on {due['due_on']}).")
    unit_ids = [u["unit_id"] for u in TenantCollection(db[UNITS], tenant).find({}, {"unit_id": 1})]
    seed = None
    if due["kind"] == CheckKind.SAMPLE.value:
        seed = uuid.uuid4().hex
        unit_ids = list(choose_sample(unit_ids, quality_policy(get_settings(db, tenant)).sample_ratio, seed))
    doc = {"_id": f"qc_{uuid.uuid4().hex}", "kind": due["kind"], "due_on": as_datetime(due["due_on"]),
           "seed": seed, "unit_ids": sorted(unit_ids), "findings": {}, "status": "open", "created_at": at,
           "created_by": principal.actor, "completed_at": None}
    return check_view(TenantCollection(db[QUALITY_CHECKS], tenant).insert_one(doc))


def check_view(doc: dict) -> dict:
    return {**doc, "due_on": as_date(doc.get("due_on")),
            "findings": [{"unit_id": u, **f} for u, f in sorted(doc.get("findings", {}).items())]}


def list_checks(db: Database, tenant_id: str, query: dict) -> dict:
    checks = TenantCollection(db[QUALITY_CHECKS], tenant_id)
    filter_ = {"status": query["status"]} if "status" in query else {}
    return page_of(lambda: checks.find(filter_).sort("created_at", -1), checks.count_documents(filter_),
                   query["page"], query["page_size"], dump=check_view)


def load_check(db: Database, tenant_id: str, check_id: str) -> dict:
    return found(TenantCollection(db[QUALITY_CHECKS], tenant_id), {"_id": check_id}, "No such quality check.")


def get_check(db: Database, tenant_id: str, check_id: str) -> dict:
    return check_view(load_check(db, tenant_id, check_id))


def record_finding(db: Database, principal: Principal, check_id: str, body: dict) -> dict:
    tenant, at = principal.tenant_id, now()
    doc = load_check(db, tenant, check_id)
    if body["unit_id"] not in doc["unit_ids"]:
        raise invalid("unit_id", "not part of this check")
    if doc["status"] != "open":
        raise Conflict("The check is completed; findings are final.")
    docs = TenantCollection(db[UNIT_DOCUMENTS], tenant).find({"unit_id": body["unit_id"]})
    lacking = {d["kind"]: [m["code"] for m in missing_documents(d["kind"], d["received"], d["conditions"])] for d in docs}
    finding = {"complete": body["complete"] and not any(lacking.values()), "notes": body["notes"],
               "missing": {k: v for k, v in lacking.items() if v}, "checked_by": principal.actor, "checked_at": at}
    updated = TenantCollection(db[QUALITY_CHECKS], tenant).find_one_and_update(
        {"_id": check_id, "status": "open"}, {"$set": {f"findings.{body['unit_id']}": finding}})
    if updated is None:
        raise Conflict("The check is completed; findings are final.")
    return check_view(updated)


def complete_check(db: Database, principal: Principal, check_id: str) -> dict:
    tenant, at = principal.tenant_id, now()
    doc = load_check(db, tenant, check_id)
    unchecked = sorted(set(doc["unit_ids"]) - set(doc.get("findings", {})))
    if unchecked:
        raise Conflict(f"{len(unchecked)} unit(s) have no finding yet, e.g. {unchecked[0]}.")
    updated = TenantCollection(db[QUALITY_CHECKS], tenant).find_one_and_update(
        {"_id": check_id, "status": "open"}, {"$set": {"status": "completed", "completed_at": at}})
    if updated is None:
        raise Conflict("The check is already completed.")
    return check_view(updated)


def overdue(db: Database, principal: Principal) -> list[dict]:
    """Projects whose next check is overdue: every project for HQ, else the caller's own."""
    hq, today = is_hq(principal), now().date()
    projects = [t["_id"] for t in db[TENANTS].find({"_id": {"$ne": "hq"}}).sort("_id", 1)] if hq \
        else [principal.tenant_id]
    out = []
    for project in projects:
        try:
            due = check_due(db, project, today)
        except Conflict:
            continue  # no move-in date yet: nothing is scheduled
        if due["is_overdue"]:
            open_check = _open_check(db, project)
            out.append({"project_id": project, "kind": due["kind"], "due_on": due["due_on"],
                        "open_check_id": open_check["_id"] if open_check else None})
    return out
